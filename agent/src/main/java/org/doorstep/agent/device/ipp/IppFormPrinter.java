package org.doorstep.agent.device.ipp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.forms.FormPrinter;
import org.doorstep.agent.device.forms.FormPrinterProblem;
import org.doorstep.agent.device.forms.FormPrinterStatus;
import org.doorstep.agent.device.forms.FormRendering;
import org.doorstep.agent.device.forms.FormSheet;
import org.doorstep.agent.device.forms.PrintedForm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FormPrinter} over IPP (an IPP Everywhere printer or a CUPS queue). A print is:
 * <ol>
 *   <li>render the sheet to PDF ({@link FormRendering}, on its worker);</li>
 *   <li>Get-Printer-Attributes: refuse early, naming the problem, when the printer reports an error reason
 *       (media-empty, media-jam, door-open, offline …), is stopped or not accepting jobs, or does not list
 *       {@code application/pdf} in document-format-supported;</li>
 *   <li>Print-Job with the PDF (job-name = the sheet's job name, never personal data), sent again every poll
 *       interval while the printer answers server-error-busy (one job at a time), until the job timeout;</li>
 *   <li>Get-Job-Attributes every {@link Options#pollInterval()} as {@link JobFollow} decides, until completed
 *       (success), aborted or canceled (failure), or {@link Options#jobTimeout()} (failure). While the job is
 *       processing-stopped the printer's reasons are read again and reported.</li>
 * </ol>
 * Every printer status read goes to {@code onStatus} (the agent's health registry). Failures: see
 * {@link FormPrinter}. Threads: call from a Vert.x context.
 */
public final class IppFormPrinter implements FormPrinter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IppFormPrinter.class);

  /**
   * Timing and identity.
   *
   * @param requestTimeout deadline of one IPP request (10 s: a sleeping office printer answers within a few)
   * @param pollInterval   time between job polls (1 s: a page takes several)
   * @param jobTimeout     how long a job may take to complete (120 s: warm-up plus a few pages)
   * @param user           requesting-user-name (the terminal, not the resident)
   * @param clock          for the job deadline
   */
  public record Options(Duration requestTimeout, Duration pollInterval, Duration jobTimeout, String user, Clock clock) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofSeconds(120);

    public Options {
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(jobTimeout, "jobTimeout");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(clock, "clock");
    }

    /** The defaults, as {@code user}. */
    public static Options defaults(String user) {
      return new Options(DEFAULT_REQUEST_TIMEOUT, DEFAULT_POLL_INTERVAL, DEFAULT_JOB_TIMEOUT, user, Clock.systemUTC());
    }
  }

  private final Vertx vertx;
  private final IppClient client;
  private final FormRendering rendering;
  private final Options options;
  private final Consumer<FormPrinterStatus> onStatus;

  /**
   * @param uri      the printer's ipp:// or ipps:// URI
   * @param onStatus called with every status read (from the Vert.x context); must be quick
   * @throws IllegalArgumentException for a URI that is not ipp:// or ipps:// with a host
   */
  public IppFormPrinter(Vertx vertx, String uri, FormRendering rendering, Options options,
      Consumer<FormPrinterStatus> onStatus) {
    this(vertx, IppClient.create(vertx, uri, options.requestTimeout()), rendering, options, onStatus);
  }

  /** The adapter over a client made by the caller (e.g. with its own ipps trust); closing this closes it. */
  public IppFormPrinter(Vertx vertx, IppClient client, FormRendering rendering, Options options,
      Consumer<FormPrinterStatus> onStatus) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.client = Objects.requireNonNull(client, "client");
    this.rendering = Objects.requireNonNull(rendering, "rendering");
    this.onStatus = Objects.requireNonNull(onStatus, "onStatus");
  }

  /** The printer-uri this adapter talks to (normalised). */
  public String printerUri() {
    return client.printerUri();
  }

  @Override
  public Future<PrintedForm> print(FormSheet sheet) {
    return rendering.pdf(sheet).compose(pdf -> printerAttributes().compose(attrs -> {
      FormPrinterStatus st = statusOf(attrs);
      if (st.problem().isPresent()) {
        return Future.failedFuture(problem(st.problem().get(), "printer not ready: " + String.join("; ", st.words())));
      }
      List<String> formats = attrs.attribute(IppTag.PRINTER_ATTRIBUTES, "document-format-supported")
          .map(IppAttribute::texts).orElse(List.of());
      if (!formats.isEmpty() && !formats.contains(IppRequests.PDF)) {
        return Future.failedFuture(problem(FormPrinterProblem.PDF_NOT_SUPPORTED,
            "document-format-supported is " + String.join(", ", formats)));
      }
      return printJob(sheet, pdf);
    }));
  }

  @Override
  public Future<FormPrinterStatus> status() {
    return printerAttributes().map(this::statusOf);
  }

  private Future<IppMessage> printerAttributes() {
    return client.send(IppRequests.getPrinterAttributes(client.nextRequestId(), client.printerUri(), options.user()))
        .compose(m -> IppStatus.isSuccessful(m.code()) ? Future.succeededFuture(m)
            : Future.failedFuture(refused("Get-Printer-Attributes", m)));
  }

  private FormPrinterStatus statusOf(IppMessage m) {
    Optional<PrinterState> state = m.attribute(IppTag.PRINTER_ATTRIBUTES, "printer-state")
        .flatMap(IppAttribute::firstInt).flatMap(PrinterState::of);
    List<String> reasons = m.attribute(IppTag.PRINTER_ATTRIBUTES, "printer-state-reasons")
        .map(IppAttribute::texts).orElse(List.of());
    Optional<Boolean> accepting = m.attribute(IppTag.PRINTER_ATTRIBUTES, "printer-is-accepting-jobs")
        .flatMap(IppAttribute::firstBool);
    FormPrinterStatus st = StateReasons.status(state, reasons, accepting);
    onStatus.accept(st);
    return st;
  }

  private Future<PrintedForm> printJob(FormSheet sheet, byte[] pdf) {
    return submit(sheet, pdf, options.clock().instant().plus(options.jobTimeout()));
  }

  /**
   * Print-Job, sent again after the poll interval while the printer answers server-error-busy (ippeveprinter and
   * small printers take one job at a time, RFC 8011 §B.1.6.8: "the client SHOULD try again later"), until the
   * job deadline.
   */
  private Future<PrintedForm> submit(FormSheet sheet, byte[] pdf, java.time.Instant deadline) {
    IppMessage req = IppRequests.printJob(client.nextRequestId(), client.printerUri(), options.user(), sheet.jobName(), pdf);
    return client.send(req).compose(resp -> {
      if (resp.code() == IppStatus.SERVER_ERROR_BUSY.code() && options.clock().instant().isBefore(deadline)) {
        LOG.debug("form {}: printer busy, sending again in {} ms", sheet.jobName(), options.pollInterval().toMillis());
        return vertx.timer(options.pollInterval().toMillis(), TimeUnit.MILLISECONDS)
            .compose(v -> submit(sheet, pdf, deadline));
      }
      if (!IppStatus.isSuccessful(resp.code())) {
        return Future.failedFuture(refused("Print-Job", resp));
      }
      Optional<Integer> jobId = resp.attribute(IppTag.JOB_ATTRIBUTES, "job-id").flatMap(IppAttribute::firstInt);
      if (jobId.isEmpty()) {
        return Future.failedFuture(problem(FormPrinterProblem.BAD_RESPONSE, "Print-Job answer without a job-id"));
      }
      String jobUri = resp.attribute(IppTag.JOB_ATTRIBUTES, "job-uri").map(a -> a.texts().get(0))
          .orElse(client.printerUri() + "/" + jobId.get());
      LOG.info("form {} sent to {} as job {} ({} bytes of PDF)", sheet.jobName(), client.printerUri(), jobId.get(), pdf.length);
      JobFollow follow = new JobFollow(options.clock().instant(), options.jobTimeout(), options.pollInterval());
      return follow(follow, jobId.get()).map(v -> new PrintedForm(jobUri, pdf.length));
    });
  }

  private Future<Void> follow(JobFollow follow, int jobId) {
    return client.send(IppRequests.getJobAttributes(client.nextRequestId(), client.printerUri(), options.user(), jobId))
        .compose(resp -> {
          if (!IppStatus.isSuccessful(resp.code())) {
            return Future.failedFuture(refused("Get-Job-Attributes", resp));
          }
          Optional<JobState> state = resp.attribute(IppTag.JOB_ATTRIBUTES, "job-state")
              .flatMap(IppAttribute::firstInt).flatMap(JobState::of);
          if (state.isEmpty()) {
            return Future.failedFuture(problem(FormPrinterProblem.BAD_RESPONSE,
                "Get-Job-Attributes answer without a valid job-state for job " + jobId));
          }
          List<String> reasons = resp.attribute(IppTag.JOB_ATTRIBUTES, "job-state-reasons")
              .map(IppAttribute::texts).orElse(List.of());
          JobFollow.Next next = follow.next(state.get(), reasons, options.clock().instant());
          if (next instanceof JobFollow.Done) {
            return Future.succeededFuture();
          }
          if (next instanceof JobFollow.Failed f) {
            return Future.failedFuture(problem(f.problem(), "job " + jobId + ": " + f.detail()));
          }
          JobFollow.Poll poll = (JobFollow.Poll) next;
          Future<?> attention = poll.printerNeedsAttention()
              ? printerAttributes().map(this::statusOf).otherwiseEmpty() : Future.succeededFuture();
          return attention.compose(v -> vertx.timer(Math.max(1, poll.after().toMillis()), TimeUnit.MILLISECONDS))
              .compose(v -> follow(follow, jobId));
        });
  }

  private static DeviceException refused(String operation, IppMessage m) {
    String message = m.attribute(IppTag.OPERATION_ATTRIBUTES, "status-message").map(a -> a.texts().get(0)).orElse("");
    FormPrinterProblem p = switch (m.status().orElse(IppStatus.CLIENT_ERROR_BAD_REQUEST)) {
      case SERVER_ERROR_NOT_ACCEPTING_JOBS -> FormPrinterProblem.NOT_ACCEPTING_JOBS;
      case CLIENT_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED -> FormPrinterProblem.PDF_NOT_SUPPORTED;
      case SERVER_ERROR_JOB_CANCELED -> FormPrinterProblem.JOB_CANCELED;
      default -> FormPrinterProblem.REFUSED;
    };
    return problem(p, operation + " answered " + IppStatus.describe(m.code()) + (message.isEmpty() ? "" : ": " + message));
  }

  private static DeviceException problem(FormPrinterProblem p, String message) {
    return new DeviceException(p.fault(), p, message);
  }

  @Override
  public void close() {
    client.close();
  }
}
