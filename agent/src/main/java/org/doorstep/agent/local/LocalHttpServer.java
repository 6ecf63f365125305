package org.doorstep.agent.local;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.Objects;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.readiness.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's local HTTP server ({@code local.httpPort}, {@code local.httpBind}): today {@link LocalHealthApi}
 * ({@code GET /api/health}) and {@link AgentMetrics} ({@code GET /metrics}, Prometheus); the screen and the bank-host API join it later. Loopback by default: no
 * authentication yet. Activity logging (hex dumps) stays off.
 *
 * <p>Not being able to bind is not fatal: the kiosk certifies without its local API, so {@link #start()} logs
 * one WARN and completes with port -1. Call from the agent's context.
 */
public final class LocalHttpServer {
  private static final Logger LOG = LoggerFactory.getLogger(LocalHttpServer.class);

  private final Vertx vertx;
  private final int port;
  private final String bind;
  private final Router router;
  private HttpServer server;

  /**
   * @param port   {@code -1}: off; {@code 0}: any free port
   * @param readiness whether the terminal can certify now, for {@link LocalHealthApi}
   * @param outbox the outbox summary for {@link LocalHealthApi}
   * @param metrics what {@code GET /metrics} serves
   */
  public LocalHttpServer(Vertx vertx, int port, String bind, String deviceId, HealthRegistry health,
      Readiness readiness, java.util.function.IntFunction<Future<org.doorstep.agent.records.OutboxSummary>> outbox,
      AgentMetrics metrics) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.port = port;
    this.bind = Objects.requireNonNull(bind, "bind");
    this.router = Router.router(vertx);
    router.route("/*").subRouter(LocalHealthApi.router(vertx, deviceId, health, readiness, outbox));
    router.route("/*").subRouter(metrics.router(vertx));
  }

  /** @return the port bound, or -1 when off or when binding failed */
  public Future<Integer> start() {
    if (port < 0) {
      LOG.debug("local HTTP API off (local.httpPort -1)");
      return Future.succeededFuture(-1);
    }
    return vertx.createHttpServer(new HttpServerOptions().setLogActivity(false))
        .requestHandler(router)
        .listen(port, bind)
        .map(s -> {
          server = s;
          LOG.info("local HTTP API on http://{}:{}{}", bind, s.actualPort(), LocalHealthApi.PATH);
          return s.actualPort();
        })
        .otherwise(err -> {
          LOG.warn("local HTTP API not started on {}:{} ({}); the kiosk runs without it", bind, port, err.getMessage());
          return -1;
        });
  }

  /** The port bound; -1 when not serving. */
  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  /** Stops serving. Idempotent. */
  public Future<Void> stop() {
    HttpServer s = server;
    server = null;
    return s == null ? Future.succeededFuture() : s.close();
  }
}
