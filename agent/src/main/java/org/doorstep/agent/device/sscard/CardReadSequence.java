package org.doorstep.agent.device.sscard;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The APDU sequence of one basic-data read as a plain state machine, without I/O: SELECT SSSE, SELECT EF05, READ
 * RECORD 01..07, SELECT EF06, READ RECORD 08..0A (agent/docs/social-security-card.md §2). The adapter sends each
 * {@link Step.Transmit}'s command and feeds the card's whole response (data and SW1 SW2) to {@link #next}; the
 * sequence ends with {@link Step.Done} or {@link Step.Failed}.
 *
 * <p>On T=1 the card's {@code 61xx} (more data) and {@code 6Cxx} (wrong Le) reach the driver raw: the sequence
 * answers them with GET RESPONSE or by re-sending with Le = SW2 (on T=0 the JDK does this itself). Not thread
 * safe: one instance per read.
 */
public final class CardReadSequence {
  /** The commands of the sequence, in order (READ_RECORD once per {@link DataItem}). */
  public enum Command { SELECT_SSSE, SELECT_EF05, SELECT_EF06, READ_RECORD, GET_RESPONSE }

  /** What the adapter does next. */
  public sealed interface Step {
    /** Send {@code apdu} and feed the response to {@link #next}. {@code item} is set for READ RECORD. */
    record Transmit(Command command, DataItem item, byte[] apdu) implements Step {
      public Transmit {
        Objects.requireNonNull(command, "command");
        apdu = apdu.clone();
      }

      @Override
      public byte[] apdu() {
        return apdu.clone();
      }
    }

    /** Every item read and decoded. */
    record Done(SocialSecurityCard card) implements Step {
    }

    /** The read failed; {@code detail} names the command and SW, never a value. */
    record Failed(SsCardProblem problem, String detail) implements Step {
    }
  }

  /** Retries of one command after 61xx/6Cxx before the card counts as confused. */
  private static final int MAX_CHAINED = 4;

  private final List<Step.Transmit> plan = new ArrayList<>();
  private final Map<DataItem, byte[]> values = new EnumMap<>(DataItem.class);
  private final ByteCollector chained = new ByteCollector();
  private int position = -1;
  private Step.Transmit current;
  private int chainedCount;
  private boolean finished;

  public CardReadSequence() {
    plan.add(new Step.Transmit(Command.SELECT_SSSE, null, SsCardApdus.selectSsse()));
    int file = 0;
    for (DataItem item : DataItem.values()) {
      if (item.file() != file) {
        file = item.file();
        plan.add(new Step.Transmit(file == SsCardApdus.EF05 ? Command.SELECT_EF05 : Command.SELECT_EF06, null,
            SsCardApdus.selectEf(file)));
      }
      plan.add(new Step.Transmit(Command.READ_RECORD, item, SsCardApdus.readRecord(item.tag(), 0)));
    }
  }

  /** The first command (SELECT SSSE). */
  public Step start() {
    if (position != -1) {
      throw new IllegalStateException("already started");
    }
    return advance();
  }

  /** The step after the card answered {@code response} (data then SW1 SW2) to the last transmitted command. */
  public Step next(byte[] response) {
    if (position < 0 || finished) {
      throw new IllegalStateException(finished ? "sequence finished" : "not started");
    }
    if (response.length < 2) {
      return fail(SsCardProblem.READ_FAILED_TRY_AGAIN, current.command() + ": response of " + response.length + " bytes");
    }
    int sw = ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
    int sw1 = sw >> 8;
    if (sw1 == 0x61 || sw1 == 0x6C) {
      if (++chainedCount > MAX_CHAINED) {
        return fail(SsCardProblem.READ_FAILED_TRY_AGAIN, current.command() + ": too many " + StatusWords.hex(sw));
      }
      chained.add(response, response.length - 2);
      byte[] again = sw1 == 0x61 ? SsCardApdus.getResponse(sw & 0xFF) : resend(sw & 0xFF);
      return new Step.Transmit(sw1 == 0x61 ? Command.GET_RESPONSE : current.command(), current.item(), again);
    }
    if (sw != StatusWords.OK) {
      return fail(StatusWords.problem(current.command(), sw), describe() + " answered " + StatusWords.hex(sw));
    }
    chained.add(response, response.length - 2);
    byte[] data = chained.take();
    if (current.item() != null) {
      try {
        values.put(current.item(), SsCardRecords.value(current.item(), data));
      } catch (RuntimeException e) {
        return fail(SsCardProblem.CARD_DATA_INVALID, e.getMessage());
      }
    }
    return advance();
  }

  private byte[] resend(int le) {
    byte[] c = plan.get(position).apdu();
    c[c.length - 1] = (byte) le;
    return c;
  }

  private Step advance() {
    chainedCount = 0;
    position++;
    if (position == plan.size()) {
      finished = true;
      try {
        return new Step.Done(SsCardRecords.card(values));
      } catch (RuntimeException e) {
        return new Step.Failed(SsCardProblem.of(e).orElse(SsCardProblem.CARD_DATA_INVALID), e.getMessage());
      }
    }
    current = plan.get(position);
    return current;
  }

  private Step fail(SsCardProblem problem, String detail) {
    finished = true;
    return new Step.Failed(problem, detail);
  }

  private String describe() {
    return current.item() == null ? current.command().name() : "READ_RECORD " + current.item();
  }

  /** Collects response data across 61xx chaining. */
  private static final class ByteCollector {
    private byte[] bytes = new byte[0];

    void add(byte[] src, int len) {
      byte[] n = new byte[bytes.length + len];
      System.arraycopy(bytes, 0, n, 0, bytes.length);
      System.arraycopy(src, 0, n, bytes.length, len);
      bytes = n;
    }

    byte[] take() {
      byte[] r = bytes;
      bytes = new byte[0];
      return r;
    }
  }
}
