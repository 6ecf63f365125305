package org.doorstep.agent.device.printer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.serial.Deadline;
import org.doorstep.agent.device.serial.SerialLink;
import org.doorstep.agent.model.DeviceFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReceiptPrinter} for an ESC/POS thermal printer on a serial port (PERIPHERALS.md §3).
 *
 * <p>Every print asks the real-time status ({@code DLE EOT 1..4}) first and refuses to send the job
 * when something blocks printing, then sends the job and asks again, so paper running out or the
 * cutter jamming during the job fails the print. A failed print loses nothing: the record was
 * committed before; the caller keeps it and the resident or staff can {@link #reprint} it.
 *
 * <p>Limit: {@code DLE EOT} is a real-time command, answered as soon as it arrives, so the status
 * after the job reports what the printer knows once the job is in its buffer, not that the last line
 * has left the head. Confirming the end of printing needs {@code GS ( H} / {@code GS r}, which
 * PERIPHERALS.md does not cover yet.
 *
 * <p>Threads: callable from any thread (normally the agent's event loop). All serial I/O runs on one
 * named worker thread ({@link EscPosPrinterOptions#workerName()}), so status requests and jobs never
 * interleave; futures complete on the caller's context.
 *
 * <p>Failures ({@link DeviceException} in the failed future, message names the problem, no personal data):
 * <ul>
 *   <li>{@code PAPER_OUT}: the paper sensor or "stopped at paper end" is set, before or after the job;</li>
 *   <li>{@code HARDWARE_ERROR}: cover open, jam, cutter error, head overheat, unrecoverable error,
 *       offline, or replies whose fixed bits are wrong (usually a wrong baud rate);</li>
 *   <li>{@code TIMEOUT}: a status byte did not come within {@link EscPosPrinterOptions#statusTimeout()},
 *       or the whole print took longer than {@link EscPosPrinterOptions#printTimeout()};</li>
 *   <li>{@code NOT_CONNECTED}: the port is gone or closed.</li>
 * </ul>
 */
public final class EscPosSerialPrinter implements ReceiptPrinter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EscPosSerialPrinter.class);
  /** Extra time the future waits past the I/O deadline before it fails with TIMEOUT on its own. */
  private static final Duration FUTURE_SLACK = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final SerialLink link;
  private final EscPosPrinterOptions options;
  private final WorkerExecutor worker;
  private volatile PrinterStatus lastStatus;
  private volatile Optional<PrinterProblem> lastReported = Optional.empty();
  private volatile boolean closed;

  /**
   * A printer over an open {@code link}, which it now owns (closed by {@link #close()}).
   * Blocking I/O runs on the shared worker {@link EscPosPrinterOptions#workerName()} with one thread.
   */
  public EscPosSerialPrinter(Vertx vertx, SerialLink link, EscPosPrinterOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.link = Objects.requireNonNull(link, "link");
    this.options = Objects.requireNonNull(options, "options");
    this.worker = vertx.createSharedWorkerExecutor(options.workerName(), 1);
  }

  /**
   * Opens {@code port} at {@code baud} 8N1 on the printer's worker.
   *
   * @return the printer, or a failed future with {@code NOT_CONNECTED} when the port cannot be opened
   */
  public static Future<EscPosSerialPrinter> open(Vertx vertx, String port, int baud, EscPosPrinterOptions options) {
    WorkerExecutor w = vertx.createSharedWorkerExecutor(options.workerName(), 1);
    return w.executeBlocking(() -> SerialLink.open(port, baud), true)
        .eventually(w::close)
        .map(link -> new EscPosSerialPrinter(vertx, link, options));
  }

  public EscPosPrinterOptions options() {
    return options;
  }

  /** The status read by the last successful exchange, if any (no I/O). */
  public Optional<PrinterStatus> lastStatus() {
    return Optional.ofNullable(lastStatus);
  }

  /** Prints the certification result receipt (结果凭条) laid out by {@link ReceiptTemplates}. */
  @Override
  public Future<Void> print(Receipt receipt) {
    return print(ReceiptTemplates.certificationResult(receipt, options.receipt(), false), receipt.recordId());
  }

  /** Prints the receipt again, marked {@link ReceiptTemplates#REPRINT_MARK}. */
  @Override
  public Future<Void> reprint(Receipt receipt) {
    return print(ReceiptTemplates.certificationResult(receipt, options.receipt(), true), receipt.recordId());
  }

  /**
   * Prints any laid-out receipt ({@link ReceiptTemplates#applicationSummary}, {@link
   * ReceiptTemplates#proofOfCertification} …); failures as the class comment says.
   *
   * @param recordId for the log only
   */
  @Override
  public Future<Void> print(ReceiptDocument document, String recordId) {
    byte[] job = document.toEscPos();
    Duration total = options.printTimeout();
    return blocking(() -> {
      Deadline deadline = Deadline.in(total);
      PrinterStatus before = readStatus(deadline);
      Optional<PrinterProblem> blocking = before.blockingProblem();
      if (blocking.isPresent()) {
        throw notReady(blocking.get(), "before printing");
      }
      LOG.trace("printer job for record {}: {} bytes", recordId, job.length);
      link.write(job);
      PrinterStatus after = readStatus(deadline);
      blocking = after.blockingProblem();
      if (blocking.isPresent()) {
        throw notReady(blocking.get(), "after printing (receipt may be incomplete, reprint it)");
      }
      LOG.info("printed receipt for record {}", recordId);
      return null;
    }, total);
  }

  /**
   * Asks {@code DLE EOT 1..4} and decodes the replies.
   *
   * @return the status, or a failed future ({@code TIMEOUT}, {@code HARDWARE_ERROR} for replies that
   *     are not status bytes, {@code NOT_CONNECTED})
   */
  public Future<PrinterStatus> status() {
    Duration t = options.statusTimeout().multipliedBy(4);
    return blocking(() -> readStatus(Deadline.in(t)), t);
  }

  /**
   * {@code ONLINE} or {@code HWERROR} from the status; {@code OFFLINE} when the printer does not
   * answer or is gone. Never fails.
   */
  @Override
  public Future<PeripheralHealth> health() {
    return status().map(PrinterStatus::health).otherwise(err -> switch (DeviceException.faultOf(err)) {
      case TIMEOUT, NOT_CONNECTED -> PeripheralHealth.OFFLINE;
      default -> PeripheralHealth.HWERROR;
    });
  }

  /** Closes the port and releases the worker. Idempotent; later calls fail with {@code NOT_CONNECTED}. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      link.close();
      worker.close();
    }
  }

  private <T> Future<T> blocking(java.util.concurrent.Callable<T> io, Duration ioDeadline) {
    if (closed) {
      return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED, "printer closed"));
    }
    long ms = ioDeadline.plus(FUTURE_SLACK).toMillis();
    return worker.executeBlocking(io, true)
        .timeout(ms, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(asDeviceException(err, ms)));
  }

  private static Throwable asDeviceException(Throwable err, long ms) {
    if (err instanceof DeviceException) {
      return err;
    }
    if (err instanceof TimeoutException || err.getClass().getSimpleName().contains("Timeout")) {
      return new DeviceException(DeviceFault.TIMEOUT, "printer call did not finish within " + ms + " ms");
    }
    return new DeviceException(DeviceFault.UNKNOWN, "printer call failed: " + err);
  }

  /** On the worker: the four status bytes, each within the status timeout and {@code deadline}. */
  private PrinterStatus readStatus(Deadline deadline) {
    link.discardInput(); // stale replies of an earlier, timed-out exchange
    int[] b = new int[4];
    for (int n = 1; n <= 4; n++) {
      link.write(EscPos.statusRequest(n));
      b[n - 1] = readStatusByte(n, Deadline.in(options.statusTimeout()).min(deadline));
    }
    PrinterStatus s = new PrinterStatus(b[0], b[1], b[2], b[3]);
    LOG.trace("printer DLE EOT 1..4 = {}", s);
    lastStatus = s;
    report(s);
    return s;
  }

  private int readStatusByte(int n, Deadline deadline) {
    byte[] one = new byte[1];
    int junk = -1;
    while (true) {
      int got = link.read(one, deadline);
      if (got == 0) {
        if (junk >= 0) {
          StatusByteException e = new StatusByteException(n, junk);
          throw new DeviceException(DeviceFault.HARDWARE_ERROR, e.getMessage() + "; check the baud rate");
        }
        throw new DeviceException(DeviceFault.TIMEOUT,
            "printer did not answer DLE EOT " + n + " within " + options.statusTimeout().toMillis() + " ms");
      }
      int v = one[0] & 0xFF;
      if (PrinterStatus.isStatusByte(v)) {
        return v;
      }
      junk = v; // line noise or automatic status back: keep looking until the deadline
    }
  }

  private DeviceException notReady(PrinterProblem p, String when) {
    DeviceFault fault = p.fault().orElse(DeviceFault.HARDWARE_ERROR);
    return new DeviceException(fault, p, "printer not ready " + when + ": " + p.name());
  }

  /** WARN once per change of the most severe problem, INFO when it clears. */
  private void report(PrinterStatus s) {
    Optional<PrinterProblem> now = s.problem();
    if (!now.equals(lastReported)) {
      lastReported = now;
      if (now.isPresent()) {
        LOG.warn("printer {}: {} ({})", link.path(), now.get(), now.get().advice());
      } else {
        LOG.info("printer {}: ready", link.path());
      }
    }
  }
}
