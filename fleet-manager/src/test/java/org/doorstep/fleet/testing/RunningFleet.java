package org.doorstep.fleet.testing;

import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.operators.Role;

/**
 * A whole {@link FleetVerticle} on its embedded defaults (HiveMQ and SQLite, HTTPS on a free port) in a
 * Vert.x of its own, with an HTTPS client that trusts its TLS CA: for tests of the REST routes as wired
 * in production. Takes a few seconds to start (the broker); {@link HttpsFleet} is the fast one without it.
 */
public final class RunningFleet implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final FleetVerticle fleet;
  private final WebClient https;
  private final Path dir;
  private final int brokerPort;
  private final Clock clock;

  private RunningFleet(Vertx vertx, FleetVerticle fleet, WebClient https, Path dir, int brokerPort, Clock clock) {
    this.vertx = vertx;
    this.fleet = fleet;
    this.https = https;
    this.dir = dir;
    this.brokerPort = brokerPort;
    this.clock = clock;
  }

  /** Starts one with its data (broker, store, CAs) under {@code dir}. */
  public static RunningFleet start(Path dir) {
    return start(dir, 0, Clock.systemUTC());
  }

  /**
   * Starts one with its data under {@code dir}, its (plaintext, loopback) broker on {@code brokerPort} (0: any free
   * port; a fixed one lets agents reconnect after {@link #restart()}) and {@code clock}.
   */
  public static RunningFleet start(Path dir, int brokerPort, Clock clock) {
    Vertx vertx = Vertx.vertx();
    FleetVerticle fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0)
        .withEmbeddedBroker(brokerPort, dir.resolve("broker")).withSqlite(dir.resolve("fleet.db")), clock);
    await(vertx.deployVerticle(fleet), START);
    return new RunningFleet(vertx, fleet, FleetHttps.client(vertx, fleet.serverIdentity().trusted().get(0)), dir,
        brokerPort, clock);
  }

  /**
   * Stops this fleet (its Vert.x too) and starts a new one on the same data, broker port and clock: what an
   * operator's restart does. Operator tokens stay valid (they are in the store).
   */
  public RunningFleet restart() {
    close();
    return start(dir, brokerPort, clock);
  }

  public FleetVerticle fleet() {
    return fleet;
  }

  /** A new operator's bearer token. */
  public String token(Role role, String region) {
    return TestOperators.token(fleet.stores().operators(), role, region);
  }

  /** A request to {@code path} on the fleet, with {@code token} as the bearer token (none when null). */
  public HttpRequest<Buffer> request(HttpMethod method, String token, String path) {
    HttpRequest<Buffer> r = https.request(method, fleet.httpPort(), "127.0.0.1", path);
    return token == null ? r : r.bearerTokenAuthentication(token);
  }

  public HttpResponse<Buffer> get(String token, String path) {
    return await(request(HttpMethod.GET, token, path).send());
  }

  public HttpResponse<Buffer> post(String token, String path) {
    return await(request(HttpMethod.POST, token, path).send());
  }

  public HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return await(request(HttpMethod.POST, token, path).sendJsonObject(body));
  }

  @Override
  public void close() {
    https.close();
    await(vertx.close(), START);
  }
}
