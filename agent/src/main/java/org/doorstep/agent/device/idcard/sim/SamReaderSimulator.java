package org.doorstep.agent.device.idcard.sim;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;
import org.doorstep.agent.device.idcard.SamCommand;
import org.doorstep.agent.device.idcard.SamFrameDecoder;
import org.doorstep.agent.device.idcard.SamFrames;
import org.doorstep.agent.device.idcard.SamRequest;
import org.doorstep.agent.device.idcard.Sw3;
import org.doorstep.agent.device.serial.Pty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GA/T 467 ID card reader that plays the DEVICE end of the serial protocol on the master side of a {@link
 * Pty}; the driver under test opens {@link #devicePath()} like a real reader's port. Tests and the demo use it as
 * a fixture: {@code sim.insert(SampleCards.RESIDENT)}, {@code sim.lift()}, {@code sim.failOn(SamCommand.SELECT_CARD,
 * Sw3.SELECT_FAILED)}, {@code sim.garbageBeforeNextReply(bytes)}, {@code sim.silenceNext()}.
 *
 * <h2>Card model</h2>
 * A card on the reader moves IDLE → (find 9F) FOUND → (select 90) SELECTED → (read 90) HALTED. A HALTED card does
 * not answer find (SW3 80) until it is {@link #lift() lifted} and {@link #insert placed} again: the "lift the card
 * before the next read" rule of real readers. Select without a find answers 81 (a repeated select is accepted, so a
 * host can recover from a lost select reply); a read without a select answers
 * 41. A repeated read right after a read (no find in between) re-sends the data the SAM still holds; this lets a
 * host recover from a corrupted read reply and is an assumption of this simulator, not a documented property of
 * every reader.
 *
 * <h2>Faults</h2>
 * One-shot faults apply to the next request (or the next request of one command), in the order added: an SW3 code
 * with no data, silence (no reply: the driver times out), a corrupt CHK, an impossible LEN, the card lifted while
 * the read reply is half sent, garbage bytes before the reply. A frame from the host with a bad CHK or LEN gets
 * SW3 10 or 11, as a reader does. The baud switch {@code 60 0x} is answered at the old rate, then the simulator
 * expects the new one: a request arriving while the pty's configured rate differs is ignored, as line noise at the
 * wrong rate would be.
 *
 * <h2>Timing</h2>
 * A pty has no line timing. With {@link #paceToBaud(boolean) pacing} on, replies are written no faster than the
 * current rate allows (10 bit times per byte, 8N1), so a {@code 30 01} reply takes ~112 ms at 115200 as on a wire.
 *
 * <p>Threads: one daemon thread ({@code sam-reader-sim}) serves the pty; every fixture method is thread-safe.
 * Logs requests at TRACE, never card data.
 */
public final class SamReaderSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SamReaderSimulator.class);
  /** The SAM id the simulator reports (16 bytes, fictitious). */
  public static final byte[] SAM_ID = HexFormat.of().parseHex("0501000000000000123456789abcdef0");

  private enum CardState { IDLE, FOUND, SELECTED, HALTED }

  private enum FaultKind { SW3, SILENCE, BAD_CHECKSUM, BAD_LENGTH, LIFT_MID_REPLY }

  private record Fault(FaultKind kind, Optional<SamCommand> on, Sw3 sw3) {}

  private final Pty pty;
  private final boolean ownsPty;
  private final Thread thread;
  private final Object lock = new Object();
  private final List<Fault> faults = new ArrayList<>();
  private final Map<SamCommand, Integer> requestCounts = new EnumMap<>(SamCommand.class);
  private SimCard card;
  private CardState state = CardState.IDLE;
  private byte[] garbage = new byte[0];
  private Sw3 samStatus = Sw3.OK;
  private int baud;
  private boolean pace;
  private int framesRejected;
  private int ignoredAtWrongBaud;
  private volatile boolean closed;

  private SamReaderSimulator(Pty pty, boolean ownsPty, int baud) {
    this.pty = pty;
    this.ownsPty = ownsPty;
    this.baud = baud;
    this.thread = new Thread(this::serve, "sam-reader-sim");
    this.thread.setDaemon(true);
  }

  /**
   * Opens a new pty and starts a reader at 115200 baud on its master side, with no card.
   *
   * @throws IOException when no pty can be made (see {@link Pty#isSupported()})
   */
  public static SamReaderSimulator startOnPty() throws IOException {
    return startOnPty(115200);
  }

  /** As {@link #startOnPty()}, with the reader's line rate set to {@code baud}. */
  public static SamReaderSimulator startOnPty(int baud) throws IOException {
    SamReaderSimulator sim = new SamReaderSimulator(Pty.open(), true, baud);
    sim.thread.start();
    return sim;
  }

  /** The serial device path for the driver (the pty slave, e.g. {@code /dev/pts/3}). */
  public String devicePath() {
    return pty.slavePath();
  }

  // ---- cards ----------------------------------------------------------------------------------------------

  /** Places {@code c} on the reader (replacing any card); it answers find again even if the last card was read. */
  public void insert(SimCard c) {
    Objects.requireNonNull(c, "card");
    synchronized (lock) {
      card = c;
      state = CardState.IDLE;
    }
  }

  /** Takes the card off the reader. */
  public void lift() {
    synchronized (lock) {
      card = null;
      state = CardState.IDLE;
    }
  }

  /** The card on the reader. */
  public Optional<SimCard> card() {
    synchronized (lock) {
      return Optional.ofNullable(card);
    }
  }

  /** Whether the card on the reader has been read and now waits to be lifted (find answers 80). */
  public boolean awaitingLift() {
    synchronized (lock) {
      return card != null && state == CardState.HALTED;
    }
  }

  // ---- faults ---------------------------------------------------------------------------------------------

  /** The next reply, whatever the command, is {@code sw3} with no data. */
  public void failNext(Sw3 sw3) {
    add(new Fault(FaultKind.SW3, Optional.empty(), sw3));
  }

  /** The next reply to {@code command} is {@code sw3} with no data. */
  public void failOn(SamCommand command, Sw3 sw3) {
    failOn(command, sw3, 1);
  }

  /** The next {@code times} replies to {@code command} are {@code sw3} with no data. */
  public void failOn(SamCommand command, Sw3 sw3, int times) {
    for (int i = 0; i < times; i++) {
      add(new Fault(FaultKind.SW3, Optional.of(command), sw3));
    }
  }

  /** The next request gets no reply at all. */
  public void silenceNext() {
    add(new Fault(FaultKind.SILENCE, Optional.empty(), null));
  }

  /** The next {@code times} requests of {@code command} get no reply. */
  public void silenceOn(SamCommand command, int times) {
    for (int i = 0; i < times; i++) {
      add(new Fault(FaultKind.SILENCE, Optional.of(command), null));
    }
  }

  /** The next reply has a wrong CHK. */
  public void corruptChecksumNext() {
    add(new Fault(FaultKind.BAD_CHECKSUM, Optional.empty(), null));
  }

  /** The next {@code times} replies to {@code command} have a wrong CHK. */
  public void corruptChecksumOn(SamCommand command, int times) {
    for (int i = 0; i < times; i++) {
      add(new Fault(FaultKind.BAD_CHECKSUM, Optional.of(command), null));
    }
  }

  /** The next reply has LEN {@code FF FF} (beyond any frame). */
  public void corruptLengthNext() {
    add(new Fault(FaultKind.BAD_LENGTH, Optional.empty(), null));
  }

  /** The next {@code times} replies to {@code command} have LEN {@code FF FF}. */
  public void corruptLengthOn(SamCommand command, int times) {
    for (int i = 0; i < times; i++) {
      add(new Fault(FaultKind.BAD_LENGTH, Optional.of(command), null));
    }
  }

  /** During the next read ({@code 30 01}/{@code 30 10}) the card is lifted: half the reply is sent, then nothing. */
  public void liftDuringNextRead() {
    add(new Fault(FaultKind.LIFT_MID_REPLY, Optional.empty(), null));
  }

  /** These bytes go out before the next reply (line noise, a reader's boot banner). */
  public void garbageBeforeNextReply(byte[] bytes) {
    synchronized (lock) {
      garbage = bytes.clone();
    }
  }

  /** What SAM status ({@code 11 FF}) answers from now on: {@code OK}, or e.g. {@code SAM_SELF_TEST_FAILED}. */
  public void samStatus(Sw3 sw3) {
    synchronized (lock) {
      samStatus = Objects.requireNonNull(sw3, "sw3");
    }
  }

  /** Drops every pending fault. */
  public void clearFaults() {
    synchronized (lock) {
      faults.clear();
      garbage = new byte[0];
    }
  }

  // ---- line -----------------------------------------------------------------------------------------------

  /** With pacing on, replies take the time they would take on a wire at the current rate (8N1). Off by default. */
  public void paceToBaud(boolean on) {
    synchronized (lock) {
      pace = on;
    }
  }

  /** The reader's current line rate (changed by {@code 60 0x}). */
  public int baud() {
    synchronized (lock) {
      return baud;
    }
  }

  /** How many times {@code command} was received (well-formed requests only). */
  public int requests(SamCommand command) {
    synchronized (lock) {
      return requestCounts.getOrDefault(command, 0);
    }
  }

  /** Host frames refused with SW3 10/11. */
  public int framesRejected() {
    synchronized (lock) {
      return framesRejected;
    }
  }

  /** Requests ignored because the host's line rate differed from the reader's. */
  public int ignoredAtWrongBaud() {
    synchronized (lock) {
      return ignoredAtWrongBaud;
    }
  }

  /** Stops the reader and closes the pty; the driver's port then fails {@code NOT_CONNECTED}. Idempotent. */
  @Override
  public void close() {
    closed = true;
    if (ownsPty) {
      pty.close();
    }
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- the device ------------------------------------------------------------------------------------------

  private void add(Fault f) {
    synchronized (lock) {
      faults.add(f);
    }
  }

  private void serve() {
    SamFrameDecoder decoder = SamFrameDecoder.forRequests();
    byte[] buf = new byte[512];
    try {
      while (!closed) {
        int n = pty.read(buf, 0, buf.length, Duration.ofMillis(200));
        if (n < 0) {
          break;
        }
        if (n == 0) {
          continue;
        }
        for (SamFrameDecoder.Result r : decoder.feed(buf, 0, n)) {
          if (r instanceof SamRequest req) {
            handle(req);
          } else if (r instanceof SamFrameDecoder.FrameError err) {
            synchronized (lock) {
              framesRejected++;
            }
            LOG.trace("sim ← bad frame: {}", err.detail());
            send(SamFrames.reply(err.kind() == SamFrameDecoder.FrameError.Kind.CHECKSUM
                ? Sw3.CHECKSUM_ERROR : Sw3.LENGTH_ERROR, new byte[0]), false);
          }
        }
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.warn("reader simulator stopped: {}", e.getMessage());
      }
    }
  }

  private void handle(SamRequest req) throws IOException {
    Optional<SamCommand> command = req.command();
    byte[] reply;
    boolean liftMidReply = false;
    int newBaud = 0;
    synchronized (lock) {
      OptionalInt lineBaud = pty.slaveBaud();
      if (lineBaud.isPresent() && lineBaud.getAsInt() != baud) {
        ignoredAtWrongBaud++;
        LOG.trace("sim ← {} at {} baud while the reader runs at {}: ignored", req, lineBaud.getAsInt(), baud);
        return;
      }
      command.ifPresent(c -> requestCounts.merge(c, 1, Integer::sum));
      LOG.trace("sim ← {}", command.map(Object::toString).orElse(req.toString()));
      Fault fault = takeFault(command);
      if (fault != null && fault.kind() == FaultKind.SILENCE) {
        return;
      }
      if (fault != null && fault.kind() == FaultKind.SW3) {
        reply = SamFrames.reply(fault.sw3(), new byte[0]);
      } else {
        reply = answer(command, req);
        if (command.filter(c -> c == SamCommand.SET_BAUD).isPresent() && reply[9] == (byte) 0x90) {
          newBaud = SamCommand.baudOfPara(req.para()).orElseThrow();
        }
      }
      if (fault != null) {
        switch (fault.kind()) {
          case BAD_CHECKSUM -> reply[reply.length - 1] ^= 0x5A;
          case BAD_LENGTH -> {
            reply[5] = (byte) 0xFF;
            reply[6] = (byte) 0xFF;
          }
          case LIFT_MID_REPLY -> {
            reply = Arrays.copyOf(reply, reply.length / 2);
            liftMidReply = true;
            card = null;
            state = CardState.IDLE;
          }
          default -> { }
        }
      }
      if (garbage.length > 0) {
        byte[] g = garbage;
        garbage = new byte[0];
        byte[] both = Arrays.copyOf(g, g.length + reply.length);
        System.arraycopy(reply, 0, both, g.length, reply.length);
        reply = both;
      }
    }
    send(reply, liftMidReply);
    if (newBaud != 0) {
      synchronized (lock) {
        baud = newBaud;
      }
    }
  }

  /** The first pending fault for this command; null when none. Caller holds the lock. */
  private Fault takeFault(Optional<SamCommand> command) {
    Iterator<Fault> it = faults.iterator();
    while (it.hasNext()) {
      Fault f = it.next();
      boolean isRead = command.filter(c -> c == SamCommand.READ_TEXT_PHOTO
          || c == SamCommand.READ_TEXT_PHOTO_FINGERPRINT).isPresent();
      boolean matches = f.kind() == FaultKind.LIFT_MID_REPLY ? isRead
          : f.on().isEmpty() || f.on().equals(command);
      if (matches) {
        it.remove();
        return f;
      }
    }
    return null;
  }

  /** The reader's answer to a well-formed request. Caller holds the lock. */
  private byte[] answer(Optional<SamCommand> command, SamRequest req) {
    if (command.isEmpty()) {
      return SamFrames.reply(Sw3.COMMAND_ERROR, new byte[0]);
    }
    switch (command.get()) {
      case RESET_SAM:
        return SamFrames.reply(Sw3.OK, new byte[0]);
      case SAM_STATUS:
        return SamFrames.reply(samStatus, new byte[0]);
      case READ_SAM_ID:
        return SamFrames.reply(Sw3.OK, SAM_ID);
      case FIND_CARD:
        if (card == null || state == CardState.HALTED) {
          return SamFrames.reply(Sw3.FIND_FAILED, new byte[0]);
        }
        state = CardState.FOUND;
        return SamFrames.reply(Sw3.FIND_OK, new byte[4]);
      case SELECT_CARD:
        if (card == null || !(state == CardState.FOUND || state == CardState.SELECTED)) {
          return SamFrames.reply(Sw3.SELECT_FAILED, new byte[0]);
        }
        state = CardState.SELECTED;
        return SamFrames.reply(Sw3.OK, new byte[8]);
      case READ_TEXT_PHOTO:
      case READ_TEXT_PHOTO_FINGERPRINT:
        if (card == null || !(state == CardState.SELECTED || state == CardState.HALTED)) {
          return SamFrames.reply(Sw3.READ_FAILED, new byte[0]);
        }
        state = CardState.HALTED;
        return SamFrames.reply(Sw3.OK, readData(command.get() == SamCommand.READ_TEXT_PHOTO_FINGERPRINT));
      case READ_NEWEST_ADDRESS:
        return SamFrames.reply(card == null ? Sw3.READ_FAILED : Sw3.ITEM_EMPTY, new byte[0]);
      case SET_BAUD:
        return SamFrames.reply(SamCommand.baudOfPara(req.para()).isPresent() ? Sw3.OK : Sw3.COMMAND_ERROR, new byte[0]);
      default:
        return SamFrames.reply(Sw3.COMMAND_ERROR, new byte[0]);
    }
  }

  private byte[] readData(boolean withFingerprint) {
    byte[] text = card.text();
    byte[] wlt = card.wlt();
    byte[] fp = withFingerprint ? card.fingerprint() : new byte[0];
    int head = withFingerprint ? 6 : 4;
    byte[] data = new byte[head + text.length + wlt.length + fp.length];
    data[0] = (byte) (text.length >>> 8);
    data[1] = (byte) text.length;
    data[2] = (byte) (wlt.length >>> 8);
    data[3] = (byte) wlt.length;
    if (withFingerprint) {
      data[4] = (byte) (fp.length >>> 8);
      data[5] = (byte) fp.length;
    }
    System.arraycopy(text, 0, data, head, text.length);
    System.arraycopy(wlt, 0, data, head + text.length, wlt.length);
    System.arraycopy(fp, 0, data, head + text.length + wlt.length, fp.length);
    return data;
  }

  private void send(byte[] reply, boolean cutOff) throws IOException {
    boolean paced;
    int rate;
    synchronized (lock) {
      paced = pace;
      rate = baud;
    }
    if (!paced) {
      pty.write(reply);
    } else {
      // 8N1: 10 bit times per byte. Write in small chunks, each no earlier than the wire would allow.
      long nanosPerByte = 10_000_000_000L / rate;
      long start = System.nanoTime();
      int chunk = 16;
      for (int off = 0; off < reply.length && !closed; off += chunk) {
        int n = Math.min(chunk, reply.length - off);
        pty.write(reply, off, n);
        long due = start + (off + n) * nanosPerByte;
        long wait;
        while ((wait = due - System.nanoTime()) > 0 && !closed) {
          LockSupport.parkNanos(wait);
        }
      }
    }
    LOG.trace("sim → {} B{}", reply.length, cutOff ? " (cut off: card lifted)" : "");
  }

  @Override
  public String toString() {
    return "SamReaderSimulator[" + pty.slavePath() + ", " + baud() + " baud]";
  }
}
