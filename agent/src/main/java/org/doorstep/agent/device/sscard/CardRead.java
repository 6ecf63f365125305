package org.doorstep.agent.device.sscard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a {@link CardReadSequence} over a connected {@link ApduTerminal.Session}: the only loop between the pure
 * sequence and a terminal, used by the port adapter, {@code agent diag sscard} and the bench. Blocking.
 *
 * @param card      the card read, empty when the read failed
 * @param failure   why it failed, empty when it succeeded
 * @param exchanges every command/response pair with its length and duration
 */
public record CardRead(Optional<SocialSecurityCard> card, Optional<RuntimeException> failure,
    List<Exchange> exchanges) {
  public CardRead {
    exchanges = List.copyOf(exchanges);
  }

  /**
   * One APDU exchange.
   *
   * @param command       which command
   * @param commandBytes  length of the command APDU
   * @param responseBytes length of the response APDU (data + SW)
   * @param nanos         wall time of the transmit
   */
  public record Exchange(CardReadSequence.Command command, int commandBytes, int responseBytes, long nanos) {
  }

  /** Reads the card in {@code session}. Never throws: transport failures come back in {@link #failure()}. */
  public static CardRead run(ApduTerminal.Session session) {
    CardReadSequence sequence = new CardReadSequence();
    List<Exchange> exchanges = new ArrayList<>();
    try {
      CardReadSequence.Step step = sequence.start();
      while (step instanceof CardReadSequence.Step.Transmit t) {
        byte[] command = t.apdu();
        long start = System.nanoTime();
        byte[] response = session.transmit(command);
        exchanges.add(new Exchange(t.command(), command.length, response.length, System.nanoTime() - start));
        step = sequence.next(response);
      }
      if (step instanceof CardReadSequence.Step.Done d) {
        return new CardRead(Optional.of(d.card()), Optional.empty(), exchanges);
      }
      CardReadSequence.Step.Failed f = (CardReadSequence.Step.Failed) step;
      return new CardRead(Optional.empty(), Optional.of(f.problem().exception(f.detail())), exchanges);
    } catch (RuntimeException e) {
      return new CardRead(Optional.empty(), Optional.of(e), exchanges);
    }
  }

  /** Total wall time of the exchanges, in nanoseconds. */
  public long totalNanos() {
    return exchanges.stream().mapToLong(Exchange::nanos).sum();
  }
}
