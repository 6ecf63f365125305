package org.doorstep.agent.device.idcard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.serial.Deadline;
import org.doorstep.agent.device.serial.SerialLink;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdCardText;
import org.doorstep.agent.model.IdPhoto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link IdCardReader} for GA/T 467 SAM readers on a serial port (PERIPHERALS.md §1), over a {@link
 * SerialLink}.
 *
 * <h2>Construction</h2>
 * <pre>{@code
 * SamSerialIdCardReader reader = SamSerialIdCardReader.create(vertx,
 *     SamReaderOptions.builder("/dev/ttyUSB0").photoDecoder(vendorDecoder).build());
 * reader.read().onSuccess(card -> ...);     // Optional<IdCard>
 * reader.close();                           // on undeploy
 * }</pre>
 * The port is opened lazily on the first call and re-opened after the device went away, so a reader plugged in
 * late, or power-cycled, comes back without a restart.
 *
 * <h2>Threads</h2>
 * Every call runs on one dedicated worker thread ({@code idcard-<port>}, a shared worker executor of size 1), so
 * frames never interleave; futures complete on the caller's context. Callable from event loops.
 *
 * <h2>Exchanges and failures</h2>
 * Each request gets a deadline ({@link SamReaderOptions#commandTimeout()}, {@link SamReaderOptions#readTimeout()}).
 * A timeout, a corrupt reply (CHK, LEN, garbage that never becomes a frame) or SW3 10/11/21 makes the driver drop
 * pending input and resend, at most {@link SamReaderOptions#retries()} times. Failures are {@link DeviceException}s
 * whose {@link ReaderProblem} ({@link ReaderProblem#of(Throwable)}) says what to tell the resident; {@link
 * Sw3} documents the mapping of every SW3 code. "No card" (SW3 80) is a value: {@code cardPresent() == false},
 * {@code read()} empty.
 *
 * <h2>Card sequence</h2>
 * {@link #read()} is find → select → read ({@code 30 01}, or {@code 30 10} with fingerprints). A read reply that
 * is lost is asked for again; if the reader then says read failed (41) or stays silent, a find tells whether the
 * card was lifted mid-read (80: {@code read()} is empty, presence ABSENT). After a successful read the reader
 * answers find with 80 until the card is lifted and placed again; {@link #presence()} reports that as {@link
 * CardPresence#LIFT_AND_REPLACE}.
 *
 * <p>Logging: frames at TRACE as command names and lengths (card text and photo never appear), a read card at
 * DEBUG masked, failures are left to the caller (log once where handled).
 */
public final class SamSerialIdCardReader implements IdCardReader {
  private static final Logger LOG = LoggerFactory.getLogger(SamSerialIdCardReader.class);
  /** After a corrupt frame, how long to keep listening for a good one before resending. */
  private static final Duration AFTER_ERROR_GRACE = Duration.ofMillis(50);

  private final SamReaderOptions options;
  private final WorkerExecutor worker;
  private final SamFrameDecoder decoder = SamFrameDecoder.forReplies();
  private final byte[] rx = new byte[2048];
  // Touched by the worker thread only.
  private SerialLink link;
  private int linkBaud;
  private boolean readSinceLastFind;
  private volatile boolean closed;

  private SamSerialIdCardReader(Vertx vertx, SamReaderOptions options) {
    this.options = options;
    this.linkBaud = options.baud();
    this.worker = vertx.createSharedWorkerExecutor("idcard-" + options.port().replaceAll("[^A-Za-z0-9]+", "-"), 1);
  }

  /** A reader for {@code options}; nothing is opened until the first call. */
  public static SamSerialIdCardReader create(Vertx vertx, SamReaderOptions options) {
    return new SamSerialIdCardReader(Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(options, "options"));
  }

  public SamReaderOptions options() {
    return options;
  }

  // ---- the port -------------------------------------------------------------------------------------------

  /** Find card: true on SW3 9F, false on 80 (also while a read card waits to be lifted). */
  @Override
  public Future<Boolean> cardPresent() {
    return presence().map(p -> p == CardPresence.PRESENT);
  }

  /**
   * Reads the card: find, select, read, parse, decode the photo.
   *
   * @return the card; empty when no card answers find (none placed, lifted mid-read, or not lifted since the last
   *     read). An expired card is returned like any other: {@link IdCardText#validity(LocalDate)} and the flow's
   *     expiry rule decide.
   */
  @Override
  public Future<Optional<IdCard>> read() {
    return blocking(this::readBlocking);
  }

  /**
   * SAM status: ONLINE on SW3 90; HWERROR on a SAM fault (SW3 60, 66, …); OFFLINE when the port cannot be opened
   * or the reader does not answer. Never a failed future.
   */
  @Override
  public Future<PeripheralHealth> health() {
    return blocking(() -> {
      try {
        SamReply r = exchange(SamCommand.SAM_STATUS, options.commandTimeout(), options.retries());
        return r.sw3() == Sw3.OK.code() ? PeripheralHealth.ONLINE : PeripheralHealth.HWERROR;
      } catch (DeviceException e) {
        DeviceFault f = e.fault();
        return f == DeviceFault.NOT_CONNECTED || f == DeviceFault.TIMEOUT ? PeripheralHealth.OFFLINE
            : PeripheralHealth.HWERROR;
      }
    });
  }

  // ---- beyond the port (diagnostics, the agent's poll loop) ------------------------------------------------

  /** Find card, with the lift-before-next-read state made explicit. */
  public Future<CardPresence> presence() {
    return blocking(this::presenceBlocking);
  }

  /** The SW3 of SAM status ({@code 11 FF}): {@link Sw3#OK} when healthy. Fails only on transport problems. */
  public Future<Sw3> samStatus() {
    return blocking(() -> {
      SamReply r = exchange(SamCommand.SAM_STATUS, options.commandTimeout(), options.retries());
      return r.status().orElseThrow(() -> ReaderProblem.READER_FAULT.exception(
          String.format("SAM status answered undefined SW3 %02X", r.sw3())));
    });
  }

  /** The SAM id ({@code 12 FF}) as 32 hex digits. Not personal data: it identifies the reader module. */
  public Future<String> samId() {
    return blocking(() -> HexFormat.of().formatHex(expectOk(
        exchange(SamCommand.READ_SAM_ID, options.commandTimeout(), options.retries()), SamCommand.READ_SAM_ID).data()));
  }

  /** Resets the SAM module ({@code 10 FF}). */
  public Future<Void> resetSam() {
    return blocking(() -> {
      expectOk(exchange(SamCommand.RESET_SAM, options.commandTimeout(), options.retries()), SamCommand.RESET_SAM);
      return null;
    });
  }

  /**
   * Switches reader and port to {@code baud} ({@code 60 0x}): the reader acknowledges at the old rate, then both
   * sides use the new one until the reader is power-cycled (then configure the profile's rate again).
   *
   * @throws IllegalArgumentException (in the future) for a rate the command cannot select
   */
  public Future<Void> switchBaud(int baud) {
    return blocking(() -> {
      int para = SamCommand.baudSwitchPara(baud);
      expectOk(exchange(SamFrames.request(SamCommand.SET_BAUD.cmd(), para, new byte[0]), "SET_BAUD(60 "
          + String.format("%02X", para) + ")", options.commandTimeout(), options.retries()), SamCommand.SET_BAUD);
      link.setBaud(baud);
      linkBaud = baud;
      return null;
    });
  }

  /** The line rate in use (changes after {@link #switchBaud(int)}). */
  public int baud() {
    return linkBaud;
  }

  /** Closes the port and the worker. Calls after this fail {@code NOT_CONNECTED}. */
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    Future<Void> f = worker.executeBlocking(() -> {
      closed = true;
      closeLink();
      return null;
    });
    return f.eventually(() -> worker.close());
  }

  // ---- on the worker -----------------------------------------------------------------------------------------

  private <T> Future<T> blocking(Callable<T> call) {
    if (closed) {
      return Future.failedFuture(ReaderProblem.NOT_CONNECTED.exception("reader closed"));
    }
    return worker.executeBlocking(() -> {
      if (closed) {
        throw ReaderProblem.NOT_CONNECTED.exception("reader closed");
      }
      return call.call();
    });
  }

  private CardPresence presenceBlocking() {
    SamReply r = exchange(SamCommand.FIND_CARD, options.commandTimeout(), options.retries());
    if (r.sw3() == Sw3.FIND_OK.code()) {
      readSinceLastFind = false;
      return CardPresence.PRESENT;
    }
    if (r.sw3() == Sw3.FIND_FAILED.code()) {
      return readSinceLastFind ? CardPresence.LIFT_AND_REPLACE : CardPresence.ABSENT;
    }
    throw failure(r, SamCommand.FIND_CARD);
  }

  private Optional<IdCard> readBlocking() {
    CardPresence presence = presenceBlocking();
    if (presence != CardPresence.PRESENT) {
      LOG.debug("read: no card ({})", presence);
      return Optional.empty();
    }
    expectOk(exchange(SamCommand.SELECT_CARD, options.commandTimeout(), options.retries()), SamCommand.SELECT_CARD);
    SamCommand readCommand = options.readFingerprint()
        ? SamCommand.READ_TEXT_PHOTO_FINGERPRINT : SamCommand.READ_TEXT_PHOTO;
    SamReply reply = null;
    CardReadout readout = null;
    DeviceException transport = null;
    for (int attempt = 0; attempt <= options.retries() && readout == null; attempt++) {
      reply = null;
      try {
        reply = exchange(readCommand, options.readTimeout(), 0);
      } catch (DeviceException e) {
        if (e.fault() == DeviceFault.NOT_CONNECTED) {
          throw e;
        }
        transport = e;
        continue;
      }
      if (reply.sw3() != Sw3.OK.code()) {
        break;
      }
      try {
        readout = CardReadout.parse(reply.dataUnsafe(), readCommand == SamCommand.READ_TEXT_PHOTO_FINGERPRINT);
      } catch (IllegalArgumentException e) {
        LOG.trace("← {}: {}", readCommand, e.getMessage());
        transport = ReaderProblem.LINE_ERRORS.exception(e.getMessage());
      }
    }
    if (readout == null) {
      // Lost replies, then silence or "read failed": was the card lifted mid-read?
      boolean failedAfterLoss = transport != null && (reply == null || reply.sw3() == Sw3.READ_FAILED.code());
      if (failedAfterLoss && cardGone()) {
        LOG.debug("read: card lifted mid-read");
        return Optional.empty();
      }
      if (reply != null && reply.sw3() != Sw3.OK.code()) {
        throw failure(reply, readCommand);
      }
      throw transport;
    }
    readSinceLastFind = true;
    IdCardText text;
    try {
      text = CardTextParser.parse(readout.text(), LocalDate.now(options.clock()));
    } catch (CardTextException e) {
      throw e.problem().exception("card text refused: " + e.reason() + ": " + e.getMessage());
    }
    IdPhoto photo;
    try {
      photo = options.photoDecoder().decode(readout.wlt());
    } catch (RuntimeException e) {
      throw ReaderProblem.READER_FAULT.exception("photo decoder failed: " + e.getMessage());
    }
    IdCard card = IdCard.of(text, photo);
    LOG.debug("read: {}", card);
    return Optional.of(card);
  }

  /** After a failed read: true when find answers 80 (card gone). Transport trouble here counts as "not gone". */
  private boolean cardGone() {
    try {
      SamReply r = exchange(SamCommand.FIND_CARD, options.commandTimeout(), options.retries());
      return r.sw3() == Sw3.FIND_FAILED.code();
    } catch (DeviceException e) {
      return false;
    }
  }

  private SamReply expectOk(SamReply r, SamCommand command) {
    if (r.sw3() != Sw3.OK.code()) {
      throw failure(r, command);
    }
    return r;
  }

  private DeviceException failure(SamReply r, SamCommand command) {
    Optional<Sw3> sw3 = r.status();
    ReaderProblem problem = sw3.flatMap(Sw3::problem).orElse(ReaderProblem.READER_FAULT);
    return problem.exception(command.name() + " answered " + sw3.map(s -> s + " " + s.meaning())
        .orElse(String.format("undefined SW3 %02X", r.sw3())));
  }

  private SamReply exchange(SamCommand command, Duration timeout, int retries) {
    return exchange(SamFrames.request(command), command.toString(), timeout, retries);
  }

  /**
   * Sends {@code request} and returns the first good reply; resends after a timeout, corrupt frames or SW3
   * 10/11/21, at most {@code retries} times. Never returns a reply with a RETRY-class SW3.
   */
  private SamReply exchange(byte[] request, String what, Duration timeout, int retries) {
    ReaderProblem last = ReaderProblem.NO_ANSWER;
    String lastDetail = "";
    for (int attempt = 0; attempt <= retries; attempt++) {
      ensureOpen();
      try {
        int stale = link.discardInput();
        decoder.reset();
        if (stale > 0) {
          LOG.trace("dropped {} stale bytes before {}", stale, what);
        }
        LOG.trace("→ {}", what);
        link.write(request);
        Deadline deadline = Deadline.in(timeout);
        Object got = awaitReply(deadline);
        if (got instanceof SamReply r) {
          LOG.trace("← {}", r);
          if (r.status().map(Sw3::handling).orElse(null) == Sw3.Handling.RETRY) {
            last = ReaderProblem.LINE_ERRORS;
            lastDetail = "reader answered " + r.status().get();
            continue;
          }
          return r;
        }
        if (got instanceof SamFrameDecoder.FrameError err) {
          LOG.trace("← corrupt frame: {} {}", err.kind(), err.detail());
          last = ReaderProblem.LINE_ERRORS;
          lastDetail = "corrupt reply: " + err.kind() + " " + err.detail();
        } else {
          LOG.trace("← nothing within {} ms", timeout.toMillis());
          last = ReaderProblem.NO_ANSWER;
          lastDetail = "no reply within " + timeout.toMillis() + " ms";
        }
      } catch (DeviceException e) {
        closeLink(); // device gone: re-open on the next call
        throw ReaderProblem.NOT_CONNECTED.exception(e.getMessage());
      }
    }
    throw last.exception(what + ": " + lastDetail + " (" + (retries + 1) + " attempts on " + options.port() + ")");
  }

  /** The first reply before {@code deadline}; else the last frame error; else null (silence). */
  private Object awaitReply(Deadline deadline) {
    SamFrameDecoder.FrameError error = null;
    Deadline until = deadline;
    while (true) {
      int n = link.read(rx, until);
      if (n == 0) {
        return error;
      }
      for (SamFrameDecoder.Result r : decoder.feed(rx, 0, n)) {
        if (r instanceof SamReply reply) {
          return reply;
        }
        if (r instanceof SamFrameDecoder.FrameError e) {
          error = e;
          // A good frame may follow a false preamble in garbage; do not wait the full deadline for it.
          until = deadline.min(Deadline.in(AFTER_ERROR_GRACE));
        }
      }
    }
  }

  private void ensureOpen() {
    if (link == null) {
      try {
        link = SerialLink.open(options.port(), linkBaud);
      } catch (DeviceException e) {
        throw ReaderProblem.NOT_CONNECTED.exception(e.getMessage());
      }
      decoder.reset();
    }
  }

  private void closeLink() {
    if (link != null) {
      link.close();
      link = null;
    }
  }

  @Override
  public String toString() {
    return "SamSerialIdCardReader[" + options.port() + ", " + linkBaud + " baud]";
  }
}
