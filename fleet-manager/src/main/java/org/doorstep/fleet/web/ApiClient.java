package org.doorstep.fleet.web;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.TlsContexts;
import picocli.CommandLine.Option;

/**
 * The connection options and HTTP client of the CLI commands that drive a running fleet manager
 * through its API ({@code config …}, {@code commands …}): a picocli mixin. HTTPS (TLS 1.3) against
 * the fleet's TLS CA, with an operator token as {@code Authorization: Bearer}.
 */
public final class ApiClient {
  /** Environment variable read when {@code --token} is not given (keeps the token out of shell history). */
  public static final String TOKEN_ENV = "DOORSTEP_FLEET_TOKEN";
  /** Environment variable read when {@code --cacert} is not given. */
  public static final String CACERT_ENV = "DOORSTEP_FLEET_CACERT";

  @Option(names = "--url", defaultValue = "https://127.0.0.1:8443", description = "fleet manager (default ${DEFAULT-VALUE})")
  String url;

  @Option(names = "--token", description = "operator token (default: $" + TOKEN_ENV + ")")
  String token;

  @Option(names = "--cacert", description = "the fleet's TLS CA certificate, PEM (default: $" + CACERT_ENV
      + "; the fleet writes it as ca/ca-cert.pem, or ca/tls-ca-cert.pem in the SM suite)")
  Path cacert;

  private HttpClient http;

  /** The base URL. */
  public String url() {
    return url;
  }

  /**
   * Sends {@code body} with {@code method} (GET when {@code body} is null).
   *
   * @return the answer; empty when the fleet manager cannot be reached or the options are unusable
   *     (reported on {@code err})
   */
  public Optional<HttpResponse<String>> send(String method, String path, JsonObject body, PrintWriter err) {
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json");
      String t = token != null ? token : System.getenv(TOKEN_ENV);
      if (t != null && !t.isBlank()) {
        req.header("Authorization", "Bearer " + t.strip());
      }
      req = body == null ? req.GET() : req.method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
      return Optional.of(client().send(req.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException | IllegalArgumentException e) {
      err.println("cannot reach the fleet manager at " + url + ": " + e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private HttpClient client() throws IOException {
    if (http == null) {
      HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
      Path ca = cacert != null ? cacert : Optional.ofNullable(System.getenv(CACERT_ENV)).map(Path::of).orElse(null);
      if (url.startsWith("https:")) {
        if (ca == null) {
          throw new IllegalArgumentException("--cacert (or $" + CACERT_ENV + ") is required for " + url);
        }
        b.sslContext(TlsContexts.context(null, List.of(),
            List.of(Certificates.fromPem(Files.readString(ca, StandardCharsets.US_ASCII)))));
      }
      http = b.build();
    }
    return http;
  }
}
