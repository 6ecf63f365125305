package org.doorstep.agent.device.wiring;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.printer.EscPosSerialPrinter;
import org.doorstep.agent.device.printer.Paper;
import org.doorstep.agent.device.printer.PrinterStatus;
import org.doorstep.agent.device.printer.Receipt;
import org.doorstep.agent.device.printer.ReceiptDocument;
import org.doorstep.agent.device.printer.ReceiptPrinter;
import org.doorstep.agent.model.DeviceFault;

/**
 * A {@link ReceiptPrinter} that reports to the health registry after every call. With the ESC/POS driver
 * the real-time status read around each job ({@code DLE EOT 1..4}) gives the status word, the paper state
 * (FULL/LOW/OUT/JAMMED) and the {@link org.doorstep.agent.device.printer.PrinterProblem} as last error;
 * a printer that does not answer is OFFLINE. Other printers (the in-process simulator) report the fault of
 * a failed print and ONLINE with paper FULL after a good one. Threads as the wrapped printer.
 */
final class ReportingReceiptPrinter implements ReceiptPrinter {
  private final ReceiptPrinter printer;
  private final Optional<EscPosSerialPrinter> escPos;
  private final PeripheralFeed feed;

  ReportingReceiptPrinter(ReceiptPrinter printer, PeripheralFeed feed) {
    this.printer = Objects.requireNonNull(printer, "printer");
    this.escPos = printer instanceof EscPosSerialPrinter e ? Optional.of(e) : Optional.empty();
    this.feed = Objects.requireNonNull(feed, "feed");
  }

  @Override
  public Future<Void> print(Receipt receipt) {
    return printer.print(receipt).andThen(this::report);
  }

  @Override
  public Future<Void> reprint(Receipt receipt) {
    return printer.reprint(receipt).andThen(this::report);
  }

  @Override
  public Future<Void> print(ReceiptDocument document, String jobName) {
    return printer.print(document, jobName).andThen(this::report);
  }

  /**
   * Asks the printer (the ESC/POS status, which also refreshes paper and last error) and returns its word;
   * never fails.
   */
  @Override
  public Future<PeripheralHealth> health() {
    if (escPos.isPresent()) {
      return escPos.get().status().andThen(this::report).map(PrinterStatus::health)
          .otherwise(err -> switch (DeviceException.faultOf(err)) {
            case TIMEOUT, NOT_CONNECTED -> PeripheralHealth.OFFLINE;
            default -> PeripheralHealth.HWERROR;
          });
    }
    return printer.health().andThen(r -> {
      if (r.succeeded()) {
        PeripheralHealth h = r.result();
        if (h == PeripheralHealth.ONLINE) {
          feed.printerStatus(Optional.empty(), PaperState.FULL);
        } else if (h == PeripheralHealth.HWERROR) {
          feed.failed(new DeviceException(DeviceFault.PAPER_OUT, "simulated printer reports HWERROR"));
        } else {
          feed.ok(h);
        }
      }
    });
  }

  private void report(AsyncResult<?> r) {
    DeviceFault fault = r.succeeded() ? null : DeviceException.faultOf(r.cause());
    boolean answered = fault != DeviceFault.TIMEOUT && fault != DeviceFault.NOT_CONNECTED;
    Optional<PrinterStatus> status = escPos.flatMap(EscPosSerialPrinter::lastStatus);
    if (answered && status.isPresent()) {
      PrinterStatus s = status.get();
      feed.printerStatus(s.problem(), paper(s.paper()));
    } else if (r.succeeded()) {
      feed.printerStatus(Optional.empty(), PaperState.FULL);
    } else {
      feed.failed(r.cause());
    }
  }

  private static PaperState paper(Paper p) {
    return switch (p) {
      case FULL -> PaperState.FULL;
      case LOW -> PaperState.LOW;
      case OUT -> PaperState.OUT;
      case JAMMED -> PaperState.JAMMED;
      case UNKNOWN -> PaperState.UNKNOWN;
    };
  }
}
