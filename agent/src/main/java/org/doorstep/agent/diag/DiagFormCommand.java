package org.doorstep.agent.diag;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.forms.FormPrinterProblem;
import org.doorstep.agent.device.forms.FormPrinterStatus;
import org.doorstep.agent.device.forms.FormRendering;
import org.doorstep.agent.device.forms.FormSheet;
import org.doorstep.agent.device.forms.FormTemplates;
import org.doorstep.agent.device.forms.PrintedForm;
import org.doorstep.agent.device.forms.sim.SampleForms;
import org.doorstep.agent.device.ipp.IppFormPrinter;
import org.doorstep.agent.device.ipp.PrinterState;
import org.doorstep.agent.device.ipp.sim.IppPrinterSimulator;
import org.doorstep.agent.model.DeviceFault;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code agent diag form}: for a technician at the service point. Asks the A4 printer (IPP Everywhere or a
 * CUPS queue) for its state in words, then prints the test page or a sample form and follows the job until
 * the printer reports it completed.
 *
 * <pre>
 * agent diag form --uri ipp://192.168.1.20/ipp/print [--page test|application|proof] [--status-only]
 * agent diag form --uri ipps://cups.local:631/printers/forms --job-timeout-s 300
 * agent diag form --simulate [--simulate-state MEDIA_EMPTY] [--save-pdf /tmp/form.pdf]
 * </pre>
 *
 * With {@code --simulate} it starts {@link IppPrinterSimulator} on a loopback port and talks to it through the
 * real IPP client. The sample forms carry the fictitious sample resident, never real data.
 */
@Command(name = "form", mixinStandardHelpOptions = true,
    description = "Check the A4 form printer over IPP: state in words, then a test page or sample form, followed to completion.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:printer ready, page printed (warnings such as toner low may be shown)",
        "1:unexpected failure (see the message)",
        "2:usage error",
        "3:printer unreachable or not answering: check the network, the URI and that the printer is on",
        "4:the answer is not IPP: check the URI path (/ipp/print, /printers/<queue>)",
        "5:printer needs attention (paper, jam, door, toner, offline, paused, no PDF): fix it and run again",
        "6:the job failed at the printer (aborted, canceled, not completed in time)",
        "7:the forms font is missing: run agent/fonts/fetch-fonts.sh"})
public final class DiagFormCommand implements Callable<Integer> {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_UNREACHABLE = 3;
  public static final int EXIT_NOT_IPP = 4;
  public static final int EXIT_NEEDS_ATTENTION = 5;
  public static final int EXIT_JOB_FAILED = 6;
  public static final int EXIT_FONT_MISSING = 7;

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  /** Which page to print. */
  public enum Page { TEST, APPLICATION, PROOF }

  /** Scripted states of the simulated printer. */
  public enum SimulatedState { OK, MEDIA_EMPTY, MEDIA_JAM, TONER_LOW, ABORT, GARBAGE, SILENT }

  @Spec
  CommandSpec spec;

  @Option(names = "--uri", description = "The printer: ipp://host[:631]/ipp/print, or a CUPS queue ipp://host:631/printers/<queue> (ipps:// for TLS).")
  String uri;

  @Option(names = "--page", defaultValue = "TEST", description = "What to print: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  Page page;

  @Option(names = "--status-only", description = "Ask for the state but print nothing.")
  boolean statusOnly;

  @Option(names = "--job-timeout-s", defaultValue = "120", description = "How long the job may take, in s (default ${DEFAULT-VALUE}).")
  long jobTimeoutS;

  @Option(names = "--request-timeout-s", defaultValue = "10", description = "Deadline of each IPP request, in s (default ${DEFAULT-VALUE}).")
  long requestTimeoutS;

  @Option(names = "--save-pdf", description = "Also write the PDF sent to this file (checked against the same renderer).")
  Path savePdf;

  @Option(names = "--simulate", description = "Run against the IPP printer simulator on a loopback port.")
  boolean simulate;

  @Option(names = "--simulate-state", defaultValue = "OK", description = "State of the simulated printer: ${COMPLETION-CANDIDATES}.")
  SimulatedState simulateState;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!simulate && (uri == null || uri.isBlank())) {
      err.println("--uri is required (or --simulate); e.g. --uri ipp://192.168.1.20/ipp/print");
      return EXIT_USAGE;
    }
    if (jobTimeoutS <= 0 || requestTimeoutS <= 0) {
      err.println("--job-timeout-s and --request-timeout-s must be positive");
      return EXIT_USAGE;
    }
    Vertx vertx = Vertx.vertx();
    FormRendering rendering = new FormRendering(vertx);
    try {
      if (simulate) {
        IppPrinterSimulator sim = await(IppPrinterSimulator.start(vertx), 10);
        script(sim, simulateState);
        uri = sim.uri();
        out.println("simulated IPP printer (" + simulateState + ") at " + uri);
      }
      IppFormPrinter printer;
      try {
        printer = new IppFormPrinter(vertx, uri, rendering, new IppFormPrinter.Options(Duration.ofSeconds(requestTimeoutS),
            IppFormPrinter.Options.DEFAULT_POLL_INTERVAL, Duration.ofSeconds(jobTimeoutS), "doorstep-diag", Clock.systemUTC()),
            s -> { });
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return EXIT_USAGE;
      }
      return run(out, err, printer, rendering);
    } catch (DeviceException e) {
      return failed(err, e);
    } catch (RuntimeException e) {
      err.println("unexpected failure: " + e);
      return EXIT_FAILED;
    } finally {
      rendering.close();
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        err.println("warning: Vert.x did not stop within 10 s");
      }
    }
  }

  private int run(PrintWriter out, PrintWriter err, IppFormPrinter printer, FormRendering rendering) {
    out.println("printer " + printer.printerUri());
    FormPrinterStatus status = await(printer.status(), requestTimeoutS + 5);
    describe(out, status);
    if (status.problem().isPresent()) {
      err.println("printer not ready: " + status.problem().get().words() + "; then run this again");
      return EXIT_NEEDS_ATTENTION;
    }
    if (statusOnly) {
      out.println("status only: nothing printed");
      return EXIT_OK;
    }
    String payload = "DOORSTEP-FORM-TEST " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    FormSheet sheet = switch (page) {
      case TEST -> FormTemplates.testPage(printer.printerUri(), Instant.now(), CHINA, payload);
      case APPLICATION -> FormTemplates.registrationApplication(SampleForms.application("DIAG-APPLICATION"), CHINA);
      case PROOF -> FormTemplates.certificationProof(SampleForms.certified("DIAG-PROOF"), "示例区", CHINA);
    };
    if (savePdf != null) {
      try {
        Files.write(savePdf, await(rendering.pdf(sheet), 60));
        out.println("PDF written to " + savePdf.toAbsolutePath());
      } catch (IOException e) {
        err.println("could not write " + savePdf + ": " + e.getMessage());
      }
    }
    long t0 = System.nanoTime();
    out.println("printing " + sheet.jobName() + " …");
    PrintedForm done = await(printer.print(sheet), jobTimeoutS + 2 * requestTimeoutS + 60);
    out.printf("job %s completed after %.1f s (%d bytes of PDF)%n", done.job(), (System.nanoTime() - t0) / 1e9,
        done.pdfBytes());
    if (page == Page.TEST) {
      out.println("the page's QR code reads: " + payload);
    }
    out.println("form printer OK");
    return EXIT_OK;
  }

  private static void describe(PrintWriter out, FormPrinterStatus s) {
    out.println("  state " + s.health() + ", paper " + s.paper());
    s.words().forEach(w -> out.println("  " + w));
  }

  private static int failed(PrintWriter err, DeviceException e) {
    err.println("failed: " + e.getMessage());
    FormPrinterProblem p = e.reason(FormPrinterProblem.class).orElse(null);
    if (p == null) {
      return e.fault() == DeviceFault.TIMEOUT ? EXIT_UNREACHABLE : EXIT_FAILED;
    }
    err.println(p.words());
    return switch (p) {
      case UNREACHABLE, NO_ANSWER -> EXIT_UNREACHABLE;
      case BAD_RESPONSE -> EXIT_NOT_IPP;
      case JOB_ABORTED, JOB_CANCELED, JOB_TIMEOUT -> EXIT_JOB_FAILED;
      case FONT_MISSING -> EXIT_FONT_MISSING;
      default -> EXIT_NEEDS_ATTENTION;
    };
  }

  private static void script(IppPrinterSimulator sim, SimulatedState state) {
    switch (state) {
      case OK -> sim.ready();
      case MEDIA_EMPTY -> sim.mediaEmpty();
      case MEDIA_JAM -> sim.mediaJam();
      case TONER_LOW -> sim.reasons(PrinterState.IDLE, List.of("toner-low-warning"));
      case ABORT -> sim.abortJobs(true);
      case GARBAGE -> sim.garbage(true);
      case SILENT -> sim.silent(true);
    }
  }

  private static <T> T await(Future<T> f, long seconds) {
    try {
      return f.await(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new DeviceException(DeviceFault.TIMEOUT, "no result within " + seconds + " s");
    }
  }

  /** For running the command alone: {@code java … DiagFormCommand --simulate}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DiagFormCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
