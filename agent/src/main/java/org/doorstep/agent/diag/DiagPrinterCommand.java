package org.doorstep.agent.diag;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.printer.EscPosPrinterOptions;
import org.doorstep.agent.device.printer.EscPosSerialPrinter;
import org.doorstep.agent.device.printer.PaperWidth;
import org.doorstep.agent.device.printer.PrinterProblem;
import org.doorstep.agent.device.printer.PrinterStatus;
import org.doorstep.agent.device.printer.ReceiptOptions;
import org.doorstep.agent.device.printer.ReceiptTemplates;
import org.doorstep.agent.device.printer.sim.EscPosPrinterSimulator;
import org.doorstep.agent.device.printer.sim.PrintedReceipt;
import org.doorstep.agent.model.DeviceFault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code agent diag printer}: for a technician at the kiosk. Reads the ESC/POS real-time status
 * ({@code DLE EOT 1..4}), prints every bit in words, then prints a test page (rulers for the paper
 * width, Chinese text, a QR code) and reads the status again.
 *
 * <pre>
 * agent diag printer --port /dev/ttyUSB1 [--baud 9600] [--width 58|80]
 * agent diag printer --simulate [--simulate-state PAPER_OUT] [--png-dir /tmp]
 * </pre>
 *
 * With {@code --simulate} it starts {@link EscPosPrinterSimulator} on a pseudo-terminal and talks to
 * it through the real driver, then writes the page the simulator printed as a PNG. Stop the agent
 * first: serial ports open exclusively.
 */
@Command(name = "printer", mixinStandardHelpOptions = true,
    description = "Check the receipt printer: status bits in words, then a test page with a QR code.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:printer ready, test page printed (a paper-low warning may be shown)",
        "1:unexpected failure (see the message)",
        "2:usage error",
        "3:serial port cannot be opened: check the port name and cable; stop the agent (ports are exclusive)",
        "4:no answer or garbled answer: check power, cable and --baud",
        "5:printer reports a problem (paper out, cover open, jam, cutter, head hot): fix it and run again",
        "6:test page failed while printing: check paper and cutter, then run again"})
public final class DiagPrinterCommand implements Callable<Integer> {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_PORT_UNAVAILABLE = 3;
  public static final int EXIT_NO_ANSWER = 4;
  public static final int EXIT_NEEDS_ATTENTION = 5;
  public static final int EXIT_PRINT_FAILED = 6;

  private static final long CALL_LIMIT_S = 30;

  /** Scripted states of the simulator, for training and for checking this command's answers. */
  public enum SimulatedState { OK, PAPER_NEAR_END, PAPER_OUT, COVER_OPEN, CUTTER_ERROR, OVERHEAT, PAPER_JAM, SILENT }

  @Spec
  CommandSpec spec;

  @Option(names = "--port", description = "Serial device of the printer, e.g. /dev/ttyUSB1 or /dev/ttyS2.")
  String port;

  @Option(names = "--baud", defaultValue = "9600", description = "Line speed (default ${DEFAULT-VALUE}, the factory "
      + "setting of most ESC/POS printers): 9600, 19200, 38400, 57600 or 115200.")
  int baud;

  @Option(names = "--width", defaultValue = "58", description = "Paper width in mm: 58 or 80 (default ${DEFAULT-VALUE}).")
  int widthMm;

  @Option(names = "--status-timeout-ms", defaultValue = "500",
      description = "How long to wait for each status byte, in ms (default ${DEFAULT-VALUE}).")
  long statusTimeoutMs;

  @Option(names = "--status-only", description = "Read the status but do not print a test page.")
  boolean statusOnly;

  @Option(names = "--simulate", description = "Run against the ESC/POS printer simulator on a pseudo-terminal.")
  boolean simulate;

  @Option(names = "--simulate-state", defaultValue = "OK",
      description = "State of the simulated printer: ${COMPLETION-CANDIDATES}.")
  SimulatedState simulateState;

  @Option(names = "--png-dir", description = "With --simulate: where the printed page's PNG goes (default: a temp dir).")
  Path pngDir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PaperWidth width;
    try {
      width = PaperWidth.ofMillimetres(widthMm);
    } catch (IllegalArgumentException e) {
      err.println("--width must be 58 or 80, was " + widthMm);
      return EXIT_USAGE;
    }
    if (!simulate && (port == null || port.isBlank())) {
      err.println("--port is required (or --simulate); e.g. --port /dev/ttyUSB1");
      return EXIT_USAGE;
    }
    if (statusTimeoutMs <= 0) {
      err.println("--status-timeout-ms must be positive");
      return EXIT_USAGE;
    }
    EscPosPrinterSimulator sim = null;
    try {
      if (simulate) {
        sim = EscPosPrinterSimulator.startOnPty(width);
        script(sim, simulateState);
        port = sim.slavePath();
        out.println("simulated " + width.millimetres() + " mm printer (" + simulateState + ") on " + port);
      }
      return run(out, err, width, sim);
    } catch (IOException e) {
      err.println("cannot start the printer simulator: " + e.getMessage());
      return EXIT_FAILED;
    } finally {
      if (sim != null) {
        sim.close();
      }
    }
  }

  private int run(PrintWriter out, PrintWriter err, PaperWidth width, EscPosPrinterSimulator sim) {
    Vertx vertx = Vertx.vertx();
    EscPosSerialPrinter printer = null;
    try {
      EscPosPrinterOptions options = EscPosPrinterOptions.builder()
          .receipt(ReceiptOptions.builder().width(width).build())
          .statusTimeout(Duration.ofMillis(statusTimeoutMs))
          .workerName("diag-printer")
          .build();
      out.println("port " + port + " at " + baud + " 8N1, " + width.millimetres() + " mm paper");
      try {
        printer = await(EscPosSerialPrinter.open(vertx, port, baud, options));
      } catch (DeviceException e) {
        err.println("cannot open " + port + ": " + e.getMessage());
        err.println("check the port name (ls /dev/ttyUSB* /dev/ttyS*), the cable, and stop the agent first");
        return EXIT_PORT_UNAVAILABLE;
      }
      PrinterStatus status;
      try {
        status = await(printer.status());
      } catch (DeviceException e) {
        return noAnswer(err, e);
      }
      describe(out, status);
      Optional<PrinterProblem> blocking = status.blockingProblem();
      if (blocking.isPresent()) {
        err.println("printer not ready: " + blocking.get().advice() + "; then run this again");
        return EXIT_NEEDS_ATTENTION;
      }
      if (statusOnly) {
        out.println("status only: no test page printed");
        return EXIT_OK;
      }
      String payload = "DOORSTEP-PRINTER-TEST " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      try {
        await(printer.print(ReceiptTemplates.testPage(width, payload, Instant.now()), "test-page"));
      } catch (DeviceException e) {
        err.println("test page failed: " + e.getMessage());
        printer.lastStatus().ifPresent(s -> describe(out, s));
        return e.fault() == DeviceFault.TIMEOUT ? EXIT_NO_ANSWER : EXIT_PRINT_FAILED;
      }
      out.println("test page printed; its QR code reads: " + payload);
      printer.lastStatus().flatMap(PrinterStatus::problem)
          .ifPresent(p -> out.println("warning: " + p.advice()));
      if (sim != null) {
        writePng(out, err, sim);
      }
      out.println("printer OK");
      return EXIT_OK;
    } catch (RuntimeException e) {
      err.println("unexpected failure: " + e);
      return EXIT_FAILED;
    } finally {
      if (printer != null) {
        printer.close();
      }
      try {
        vertx.close().await(CALL_LIMIT_S, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        err.println("warning: Vert.x did not stop within " + CALL_LIMIT_S + " s");
      }
    }
  }

  private int noAnswer(PrintWriter err, DeviceException e) {
    err.println("no usable answer from the printer: " + e.getMessage());
    if (e.fault() == DeviceFault.TIMEOUT) {
      err.println("check that it is switched on, the cable, and the baud rate (--baud "
          + String.join("|", "9600", "19200", "38400", "57600", "115200") + ")");
      return EXIT_NO_ANSWER;
    }
    if (e.fault() == DeviceFault.HARDWARE_ERROR) {
      err.println("the replies are not ESC/POS status bytes: most likely the wrong --baud");
      return EXIT_NO_ANSWER;
    }
    return e.fault() == DeviceFault.NOT_CONNECTED ? EXIT_PORT_UNAVAILABLE : EXIT_FAILED;
  }

  private static void describe(PrintWriter out, PrinterStatus s) {
    s.describe().forEach(l -> out.println("  " + l));
    out.println("  paper " + s.paper() + ", health " + s.health()
        + s.problem().map(p -> ", " + p + " (screen: " + p.messageKey() + ")").orElse(""));
  }

  private void writePng(PrintWriter out, PrintWriter err, EscPosPrinterSimulator sim) {
    Optional<PrintedReceipt> page = sim.lastReceipt();
    if (page.isEmpty()) {
      err.println("the simulator cut no page");
      return;
    }
    try {
      Path dir = pngDir != null ? Files.createDirectories(pngDir) : Files.createTempDirectory("doorstep-printer-");
      Path png = page.get().writePng(dir.resolve("printer-test-page.png"));
      out.println("rendered page: " + png.toAbsolutePath());
    } catch (IOException e) {
      err.println("could not write the PNG: " + e.getMessage());
    }
  }

  private static void script(EscPosPrinterSimulator sim, SimulatedState state) {
    switch (state) {
      case OK -> sim.ok();
      case PAPER_NEAR_END -> sim.paperNearEnd();
      case PAPER_OUT -> sim.paperOut();
      case COVER_OPEN -> sim.coverOpen();
      case CUTTER_ERROR -> sim.cutterError();
      case OVERHEAT -> sim.overheat();
      case PAPER_JAM -> sim.paperJam();
      case SILENT -> sim.silent(true);
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.await(CALL_LIMIT_S, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new DeviceException(DeviceFault.TIMEOUT, "no result within " + CALL_LIMIT_S + " s");
    }
  }

  /** For running the command alone: {@code java … DiagPrinterCommand --simulate}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DiagPrinterCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
