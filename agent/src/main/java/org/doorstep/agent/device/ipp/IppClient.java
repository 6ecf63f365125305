package org.doorstep.agent.device.ipp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.forms.FormPrinterProblem;

/**
 * IPP over HTTP (RFC 8010 §4): each request is an HTTP/1.1 POST of {@code application/ipp} to the printer's
 * path; the response body is the IPP response. {@code ipp://host[:port]/path} is plain HTTP,
 * {@code ipps://} is HTTP over TLS (RFC 7472); both default to port 631. The request body goes with a
 * Content-Length; the response may come with a Content-Length or chunked (Vert.x reads both).
 *
 * <p>Every request has a deadline ({@code requestTimeout}: connect, send, answer); a response larger than
 * {@link IppCodec#MAX_MESSAGE_BYTES} is cut off. Failures are {@link DeviceException}s with a
 * {@link FormPrinterProblem}: UNREACHABLE (connection refused, unknown host, closed), NO_ANSWER (deadline),
 * BAD_RESPONSE (HTTP status other than 200, a content type other than application/ipp, bytes that are not
 * IPP, a request-id that does not match). The IPP status code is the caller's to judge.
 *
 * <p>ipps trusts the JVM's trust store (add the printer's or the CUPS server's CA to it, see
 * agent/docs/forms-and-ipp.md) and checks the host name. Threads: call from any; results on the Vert.x context.
 */
public final class IppClient implements AutoCloseable {
  /** IANA port of IPP and IPPS (RFC 8010 §4, RFC 7472). */
  public static final int DEFAULT_PORT = 631;

  private final HttpClient http;
  private final String printerUri;
  private final String host;
  private final int port;
  private final boolean tls;
  private final String path;
  private final Duration requestTimeout;
  private final AtomicInteger requestIds = new AtomicInteger();

  private IppClient(Vertx vertx, URI uri, Duration requestTimeout, TrustOptions trust) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    this.tls = scheme.equals("ipps") || scheme.equals("https");
    if (!tls && !scheme.equals("ipp") && !scheme.equals("http")) {
      throw new IllegalArgumentException("uri: " + uri + " is not an ipp:// or ipps:// URI");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("uri: " + uri + " has no host");
    }
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : scheme.startsWith("http") ? (tls ? 443 : 80) : DEFAULT_PORT;
    this.path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String ippScheme = tls ? "ipps" : "ipp";
    this.printerUri = ippScheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path;
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    HttpClientOptions o = new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()))
        .setKeepAlive(true)
        .setSsl(tls)
        .setVerifyHost(true);
    if (trust != null) {
      o.setTrustOptions(trust);
    }
    this.http = vertx.createHttpClient(o, new PoolOptions().setHttp1MaxSize(1));   // one printer, one request at a time
  }

  /**
   * A client for the printer at {@code uri}.
   *
   * @throws IllegalArgumentException when {@code uri} is not ipp://, ipps:// (or http(s)://) with a host
   */
  public static IppClient create(Vertx vertx, String uri, Duration requestTimeout) {
    return create(vertx, uri, requestTimeout, null);
  }

  /**
   * A client for the printer at {@code uri} whose ipps certificate is checked against {@code trust} instead of
   * the JVM's trust store ({@code null}: the JVM's).
   */
  public static IppClient create(Vertx vertx, String uri, Duration requestTimeout, TrustOptions trust) {
    try {
      return new IppClient(vertx, new URI(uri.trim()), requestTimeout, trust);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("uri: " + e.getMessage());
    }
  }

  /** The printer-uri to put into requests ({@code ipp://host:631/path}, normalised). */
  public String printerUri() {
    return printerUri;
  }

  /** A fresh request-id (1, 2, 3 …; RFC 8011 §4.1.2 wants 1..2^31-1). */
  public int nextRequestId() {
    return requestIds.updateAndGet(i -> i == Integer.MAX_VALUE ? 1 : i + 1);
  }

  /** Sends {@code request} and decodes the answer (see the class comment for failures). */
  public Future<IppMessage> send(IppMessage request) {
    byte[] body = IppCodec.encode(request);
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path)
        .setSsl(tls).setIdleTimeout(requestTimeout.toMillis())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/ipp")
        .putHeader(HttpHeaders.ACCEPT, "application/ipp");
    return http.request(ro)
        .compose(req -> req.send(Buffer.buffer(body)))
        .compose(this::body)
        .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(translate(err)))
        .map(bytes -> decode(bytes, request.requestId()));
  }

  private Future<byte[]> body(HttpClientResponse resp) {
    if (resp.statusCode() != 200) {
      resp.request().reset();
      return Future.failedFuture(bad("HTTP " + resp.statusCode() + " " + resp.statusMessage() + " from " + where()
          + (resp.statusCode() == 404 ? ": no printer at this path (IPP Everywhere: /ipp/print; CUPS: /printers/<queue>)" : "")));
    }
    String type = resp.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/ipp")) {
      resp.request().reset();
      return Future.failedFuture(bad("answer from " + where() + " is " + (type == null ? "without a content type" : type)
          + ", not application/ipp"));
    }
    String length = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && length.matches("\\d{1,12}") && Long.parseLong(length) > IppCodec.MAX_MESSAGE_BYTES) {
      resp.request().reset();
      return Future.failedFuture(bad("answer of " + length + " bytes exceeds " + IppCodec.MAX_MESSAGE_BYTES));
    }
    Promise<byte[]> done = Promise.promise();
    Buffer acc = Buffer.buffer();
    resp.handler(chunk -> {
      if (acc.length() + chunk.length() > IppCodec.MAX_MESSAGE_BYTES) {
        resp.request().reset();
        done.tryFail(bad("answer exceeds " + IppCodec.MAX_MESSAGE_BYTES + " bytes"));
      } else {
        acc.appendBuffer(chunk);
      }
    });
    resp.exceptionHandler(done::tryFail);
    resp.endHandler(v -> done.tryComplete(acc.getBytes()));
    return done.future();
  }

  private IppMessage decode(byte[] bytes, int requestId) {
    IppMessage m;
    try {
      m = IppCodec.decode(bytes);
    } catch (IppFormatException e) {
      throw bad("answer from " + where() + " is not IPP: " + e.getMessage());
    }
    if (m.requestId() != requestId) {
      throw bad("answer from " + where() + " has request-id " + m.requestId() + ", sent " + requestId);
    }
    return m;
  }

  private Throwable translate(Throwable err) {
    if (err instanceof DeviceException) {
      return err;
    }
    if (err instanceof TimeoutException || err.getClass().getSimpleName().contains("Timeout")) {
      return new DeviceException(FormPrinterProblem.NO_ANSWER.fault(), FormPrinterProblem.NO_ANSWER,
          "no answer from " + where() + " within " + requestTimeout.toMillis() + " ms");
    }
    if (err instanceof ConnectException || err instanceof UnknownHostException
        || err.getCause() instanceof ConnectException || err.getCause() instanceof UnknownHostException) {
      return new DeviceException(FormPrinterProblem.UNREACHABLE.fault(), FormPrinterProblem.UNREACHABLE,
          "cannot connect to " + where() + ": " + err.getMessage());
    }
    if (err instanceof javax.net.ssl.SSLException || err.getCause() instanceof javax.net.ssl.SSLException) {
      return new DeviceException(FormPrinterProblem.UNREACHABLE.fault(), FormPrinterProblem.UNREACHABLE,
          "TLS with " + where() + " failed (is its certificate trusted by the JVM?): " + err.getMessage());
    }
    return new DeviceException(FormPrinterProblem.UNREACHABLE.fault(), FormPrinterProblem.UNREACHABLE,
        "exchange with " + where() + " failed: " + err);
  }

  private DeviceException bad(String message) {
    return new DeviceException(FormPrinterProblem.BAD_RESPONSE.fault(), FormPrinterProblem.BAD_RESPONSE, message);
  }

  private String where() {
    return printerUri;
  }

  @Override
  public void close() {
    http.close();
  }
}
