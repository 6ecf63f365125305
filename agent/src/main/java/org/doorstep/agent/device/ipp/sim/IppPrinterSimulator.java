package org.doorstep.agent.device.ipp.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.KeyCertOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.device.ipp.IppAttribute;
import org.doorstep.agent.device.ipp.IppCodec;
import org.doorstep.agent.device.ipp.IppFormatException;
import org.doorstep.agent.device.ipp.IppGroup;
import org.doorstep.agent.device.ipp.IppMessage;
import org.doorstep.agent.device.ipp.IppOperation;
import org.doorstep.agent.device.ipp.IppRequests;
import org.doorstep.agent.device.ipp.IppStatus;
import org.doorstep.agent.device.ipp.IppTag;
import org.doorstep.agent.device.ipp.IppValue;
import org.doorstep.agent.device.ipp.JobState;
import org.doorstep.agent.device.ipp.PrinterState;

/**
 * An IPP Everywhere printer in the JVM, over real HTTP on 127.0.0.1 (port 0: the system picks), speaking
 * RFC 8010 with the same codec as the client. It supports Get-Printer-Attributes, Print-Job and
 * Get-Job-Attributes (others: server-error-operation-not-supported). A job is pending when accepted, processing
 * at the first Get-Job-Attributes, then completed at the {@link #completeAfterPolls(int)}-th (2 by default),
 * or aborted with {@link #abortJobs(boolean)}; no clock, so tests never wait on time.
 *
 * <pre>{@code
 * IppPrinterSimulator printer = IppPrinterSimulator.start(vertx).await();
 * printer.mediaEmpty();                       // printer-state stopped, media-empty-error
 * printer.received()                          // jobs with their document bytes
 * }</pre>
 *
 * Thread-safe: scripts may be called from any thread.
 */
public final class IppPrinterSimulator implements AutoCloseable {
  /** The path of the printer (as IPP Everywhere printers and ippeveprinter use). */
  public static final String PATH = "/ipp/print";

  /** A job as received. */
  public record ReceivedJob(int jobId, String jobName, String format, byte[] document) {
    public ReceivedJob {
      document = document.clone();
    }

    @Override
    public byte[] document() {
      return document.clone();
    }
  }

  private final HttpServer server;
  private final List<ReceivedJob> received = new ArrayList<>();
  private final java.util.Map<Integer, Integer> polls = new java.util.HashMap<>();
  private PrinterState state = PrinterState.IDLE;
  private List<String> reasons = List.of("none");
  private boolean accepting = true;
  private List<String> formats = List.of(IppRequests.PDF, "image/pwg-raster");
  private int completeAfterPolls = 2;
  private boolean abortJobs;
  private boolean garbage;
  private boolean silent;
  private boolean chunked;
  private int nextJobId = 1;
  private int busyAnswers;

  private final boolean tls;

  private IppPrinterSimulator(HttpServer server, boolean tls) {
    this.server = server;
    this.tls = tls;
  }

  /** Starts the printer on 127.0.0.1, a free port. */
  public static Future<IppPrinterSimulator> start(Vertx vertx) {
    return start(vertx, new HttpServerOptions().setHost("127.0.0.1").setPort(0), false);
  }

  /**
   * Starts the printer with IPP over TLS (RFC 7472) on 127.0.0.1, a free port, presenting {@code key}; its
   * {@link #uri()} is then {@code ipps://localhost:<port>/ipp/print} (the name a test certificate is made for).
   */
  public static Future<IppPrinterSimulator> startTls(Vertx vertx, KeyCertOptions key) {
    return start(vertx, new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true).setKeyCertOptions(key), true);
  }

  private static Future<IppPrinterSimulator> start(Vertx vertx, HttpServerOptions options, boolean tls) {
    HttpServer server = vertx.createHttpServer(options);
    IppPrinterSimulator sim = new IppPrinterSimulator(server, tls);
    server.requestHandler(sim::handle);
    return server.listen().map(s -> sim);
  }

  /** {@code ipp://127.0.0.1:<port>/ipp/print}, or {@code ipps://localhost:<port>/ipp/print} with TLS. */
  public String uri() {
    return (tls ? "ipps://localhost:" : "ipp://127.0.0.1:") + server.actualPort() + PATH;
  }

  // ---- scripts -----------------------------------------------------------------------------------

  /** Idle, no reasons, accepting, PDF supported, jobs complete; garbage and silence off. */
  public synchronized void ready() {
    state = PrinterState.IDLE;
    reasons = List.of("none");
    accepting = true;
    abortJobs = false;
    garbage = false;
    silent = false;
  }

  /** Out of paper: printer-state stopped, printer-state-reasons media-empty-error, media-needed-error. */
  public synchronized void mediaEmpty() {
    state = PrinterState.STOPPED;
    reasons = List.of("media-empty-error", "media-needed-error");
  }

  /** Paper jam: stopped, media-jam-error. */
  public synchronized void mediaJam() {
    state = PrinterState.STOPPED;
    reasons = List.of("media-jam-error");
  }

  /** Any state and reasons (e.g. idle with toner-low-warning). */
  public synchronized void reasons(PrinterState s, List<String> r) {
    state = Objects.requireNonNull(s, "state");
    reasons = List.copyOf(r);
  }

  /** printer-is-accepting-jobs. */
  public synchronized void accepting(boolean a) {
    accepting = a;
  }

  /** document-format-supported. */
  public synchronized void formats(List<String> f) {
    formats = List.copyOf(f);
  }

  /** Jobs end aborted (job-state-reasons aborted-by-system) instead of completed. */
  public synchronized void abortJobs(boolean a) {
    abortJobs = a;
  }

  /** At which Get-Job-Attributes a job completes (≥ 1). */
  public synchronized void completeAfterPolls(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n: at least 1");
    }
    completeAfterPolls = n;
  }

  /** Answer the next {@code n} Print-Jobs with server-error-busy (as ippeveprinter does while it prints). */
  public synchronized void busyFor(int n) {
    busyAnswers = n;
  }

  /** Answer HTTP 200 application/ipp with bytes that are not IPP. */
  public synchronized void garbage(boolean g) {
    garbage = g;
  }

  /** Read requests but never answer (the client's deadline must fire). */
  public synchronized void silent(boolean s) {
    silent = s;
  }

  /** Answer with Transfer-Encoding: chunked instead of a Content-Length. */
  public synchronized void chunked(boolean c) {
    chunked = c;
  }

  /** The jobs received so far, oldest first. */
  public synchronized List<ReceivedJob> received() {
    return List.copyOf(received);
  }

  // ---- the printer -------------------------------------------------------------------------------

  private void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      boolean quiet;
      boolean junk;
      boolean chunk;
      synchronized (this) {
        quiet = silent;
        junk = garbage;
        chunk = chunked;
      }
      if (quiet) {
        return;
      }
      if (!req.method().name().equals("POST") || !PATH.equals(req.path())) {
        req.response().setStatusCode(404).end("no printer at " + req.path());
        return;
      }
      byte[] answer = junk ? "\u0001\u0001garbage that is not IPP at all".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)
          : IppCodec.encode(answer(body.getBytes()));
      req.response().putHeader("Content-Type", "application/ipp");
      if (chunk) {
        req.response().setChunked(true);
        int half = answer.length / 2;
        req.response().write(Buffer.buffer(java.util.Arrays.copyOfRange(answer, 0, half)));
        req.response().end(Buffer.buffer(java.util.Arrays.copyOfRange(answer, half, answer.length)));
      } else {
        req.response().end(Buffer.buffer(answer));
      }
    });
  }

  private synchronized IppMessage answer(byte[] body) {
    IppMessage m;
    try {
      m = IppCodec.decode(body);
    } catch (IppFormatException e) {
      return response(IppStatus.CLIENT_ERROR_BAD_REQUEST, 0, List.of(), e.getMessage());
    }
    Optional<IppOperation> op = IppOperation.of(m.code());
    if (op.isEmpty()) {
      return response(IppStatus.SERVER_ERROR_OPERATION_NOT_SUPPORTED, m.requestId(), List.of(), "");
    }
    return switch (op.get()) {
      case GET_PRINTER_ATTRIBUTES -> response(IppStatus.SUCCESSFUL_OK, m.requestId(), List.of(new IppGroup(
          IppTag.PRINTER_ATTRIBUTES, List.of(
              IppAttribute.enumValue("printer-state", state.code()),
              IppAttribute.text("printer-state-reasons", IppTag.KEYWORD, reasons.toArray(String[]::new)),
              IppAttribute.of("printer-is-accepting-jobs", new IppValue.Bool(accepting)),
              IppAttribute.text("document-format-supported", IppTag.MIME_MEDIA_TYPE, formats.toArray(String[]::new)),
              IppAttribute.text("printer-make-and-model", IppTag.TEXT_WITHOUT_LANGUAGE, "Doorstep IPP simulator")))), "");
      case PRINT_JOB -> printJob(m);
      case GET_JOB_ATTRIBUTES -> getJob(m);
    };
  }

  private IppMessage printJob(IppMessage m) {
    if (busyAnswers > 0) {
      busyAnswers--;
      return response(IppStatus.SERVER_ERROR_BUSY, m.requestId(), List.of(), "Currently printing another job.");
    }
    if (!accepting) {
      return response(IppStatus.SERVER_ERROR_NOT_ACCEPTING_JOBS, m.requestId(), List.of(), "not accepting jobs");
    }
    String format = m.attribute(IppTag.OPERATION_ATTRIBUTES, "document-format").map(a -> a.texts().get(0))
        .orElse("application/octet-stream");
    if (!formats.contains(format)) {
      return response(IppStatus.CLIENT_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED, m.requestId(), List.of(), format);
    }
    int id = nextJobId++;
    String name = m.attribute(IppTag.OPERATION_ATTRIBUTES, "job-name").map(a -> a.texts().get(0)).orElse("");
    received.add(new ReceivedJob(id, name, format, m.data()));
    polls.put(id, 0);
    return response(IppStatus.SUCCESSFUL_OK, m.requestId(), List.of(job(id, JobState.PENDING, "none")), "");
  }

  private IppMessage getJob(IppMessage m) {
    Optional<Integer> id = m.attribute(IppTag.OPERATION_ATTRIBUTES, "job-id").flatMap(IppAttribute::firstInt);
    if (id.isEmpty() || !polls.containsKey(id.get())) {
      return response(IppStatus.CLIENT_ERROR_NOT_FOUND, m.requestId(), List.of(), "no such job");
    }
    int n = polls.merge(id.get(), 1, Integer::sum);
    IppGroup job;
    if (state == PrinterState.STOPPED) {
      job = job(id.get(), JobState.PROCESSING_STOPPED, "printer-stopped");
    } else if (n < completeAfterPolls) {
      job = job(id.get(), JobState.PROCESSING, "job-printing");
    } else if (abortJobs) {
      job = job(id.get(), JobState.ABORTED, "aborted-by-system");
    } else {
      job = job(id.get(), JobState.COMPLETED, "job-completed-successfully");
    }
    return response(IppStatus.SUCCESSFUL_OK, m.requestId(), List.of(job), "");
  }

  private IppGroup job(int id, JobState s, String reason) {
    return new IppGroup(IppTag.JOB_ATTRIBUTES, List.of(
        IppAttribute.integer("job-id", id),
        IppAttribute.text("job-uri", IppTag.URI, uri() + "/" + id),
        IppAttribute.enumValue("job-state", s.code()),
        IppAttribute.text("job-state-reasons", IppTag.KEYWORD, reason)));
  }

  private static IppMessage response(IppStatus status, int requestId, List<IppGroup> groups, String message) {
    List<IppAttribute> op = new ArrayList<>(List.of(
        IppAttribute.text("attributes-charset", IppTag.CHARSET, "utf-8"),
        IppAttribute.text("attributes-natural-language", IppTag.NATURAL_LANGUAGE, "en")));
    if (!message.isEmpty()) {
      op.add(IppAttribute.text("status-message", IppTag.TEXT_WITHOUT_LANGUAGE, message));
    }
    List<IppGroup> all = new ArrayList<>();
    all.add(new IppGroup(IppTag.OPERATION_ATTRIBUTES, op));
    all.addAll(groups);
    return new IppMessage(IppRequests.MAJOR, IppRequests.MINOR, status.code(), requestId, all, new byte[0]);
  }

  @Override
  public void close() {
    server.close();
  }
}
