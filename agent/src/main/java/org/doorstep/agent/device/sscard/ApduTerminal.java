package org.doorstep.agent.device.sscard;

import java.util.Optional;

/**
 * A card terminal that exchanges APDUs (blocking; call on one worker thread). The PC/SC adapter is {@link
 * PcscTerminal}; the in-process simulator is {@code sim.SimulatedTerminal}. Failures are {@link SsCardProblem}
 * device exceptions ({@code NOT_CONNECTED}, {@code CARD_REMOVED}, {@code NO_ANSWER}).
 */
public interface ApduTerminal {
  /** Whether a card is in the terminal. */
  boolean cardPresent();

  /** A session with the card in the terminal (powered, ATR read), empty when there is none. */
  Optional<Session> connect();

  /** A connected card. */
  interface Session extends AutoCloseable {
    /** The card's answer to reset. */
    byte[] atr();

    /** {@code "T=0"} or {@code "T=1"}. */
    String protocol();

    /** Sends a command APDU and returns the whole response (data, SW1, SW2). */
    byte[] transmit(byte[] command);

    /** Disconnects, leaving the card powered for the next reader. */
    @Override
    void close();
  }
}
