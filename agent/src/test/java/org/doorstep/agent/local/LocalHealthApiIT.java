package org.doorstep.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.readiness.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/health} mounted as the lead will mount it, on port 0. */
class LocalHealthApiIT {
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

  private Vertx vertx;
  private HttpServer server;
  private HttpClient client;
  private final HealthRegistry health = new HealthRegistry(Clock.fixed(T0, ZoneOffset.UTC));
  private final Readiness readiness = new Readiness(Clock.fixed(T0, ZoneOffset.UTC));
  private io.vertx.core.Future<org.doorstep.agent.records.OutboxSummary> outbox = io.vertx.core.Future.succeededFuture(
      new org.doorstep.agent.records.OutboxSummary(0, 0, java.util.Map.of(), java.util.List.of()));

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Router root = Router.router(vertx);
    root.route("/*").subRouter(LocalHealthApi.router(vertx, "kiosk-1", health, readiness, limit -> outbox));
    server = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    client.close().await();
    server.close().await();
    vertx.close().await();
  }

  /** A response with its body read while the response is live. */
  private record Reply(int statusCode, io.vertx.core.MultiMap headers, io.vertx.core.buffer.Buffer body) {
    String getHeader(String name) {
      return headers.get(name);
    }
  }

  private Reply get(String path) {
    return client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
        // body() is attached in the same callback that receives the response: chained one level
        // out, the response could already have been read by the time the body handler is set.
        .compose(req -> req.send()
            .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b))))
        .await();
  }

  @Test
  void health_is_the_snapshot_as_json() {
    health.setStatus(Peripheral.ID_CARD_READER, PeripheralHealth.ONLINE);
    health.report(Peripheral.PRINTER, PeripheralHealth.HWERROR, "PAPER_OUT", "printer is out of paper");
    health.setPaper(Peripheral.PRINTER, PaperState.OUT);

    Reply resp = get(LocalHealthApi.PATH);
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.getHeader("Content-Type")).startsWith("application/json");
    assertThat(resp.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject body = resp.body().toJsonObject();
    assertThat(body.getString("deviceId")).isEqualTo("kiosk-1");
    assertThat(body.getLong("version")).isEqualTo(3L);
    JsonObject peripherals = body.getJsonObject("peripherals");
    assertThat(peripherals.fieldNames()).containsExactlyInAnyOrder("idCardReader", "printer", "camera", "gpio",
        "formPrinter", "documentCamera", "socialSecurityCard");
    assertThat(peripherals.getJsonObject("idCardReader").getString("status")).isEqualTo("ONLINE");
    assertThat(peripherals.getJsonObject("idCardReader").containsKey("lastError")).isFalse();
    JsonObject printer = peripherals.getJsonObject("printer");
    assertThat(printer.getString("status")).isEqualTo("HWERROR");
    assertThat(printer.getString("paper")).isEqualTo("OUT");
    assertThat(printer.getJsonObject("lastError").getString("code")).isEqualTo("PAPER_OUT");
    assertThat(printer.getJsonObject("lastError").getString("text")).isEqualTo("printer is out of paper");
    assertThat(printer.getJsonObject("lastError").getString("at")).isEqualTo("2025-06-01T08:00:00Z");
  }

  @Test
  void json_follows_the_next_change() {
    health.setStatus(Peripheral.CAMERA, PeripheralHealth.ONLINE);
    assertThat(get(LocalHealthApi.PATH).body().toJsonObject()
        .getJsonObject("peripherals").getJsonObject("camera").getString("status")).isEqualTo("ONLINE");
    health.setStatus(Peripheral.CAMERA, PeripheralHealth.BUSY);
    assertThat(get(LocalHealthApi.PATH).body().toJsonObject()
        .getJsonObject("peripherals").getJsonObject("camera").getString("status")).isEqualTo("BUSY");
  }

  @Test
  void readiness_shows_every_blocker_until_it_clears() {
    JsonObject ready = get(LocalHealthApi.PATH).body().toJsonObject().getJsonObject("readiness");
    assertThat(ready.getBoolean("canCertify")).isTrue();
    assertThat(ready.getJsonArray("blockers")).isEmpty();

    readiness.raise(Readiness.Problem.DISK_FULL, "disk full: 0 bytes free in /data");
    JsonObject blocked = get(LocalHealthApi.PATH).body().toJsonObject().getJsonObject("readiness");
    assertThat(blocked.getBoolean("canCertify")).isFalse();
    JsonObject blocker = blocked.getJsonArray("blockers").getJsonObject(0);
    assertThat(blocker.getString("problem")).isEqualTo("DISK_FULL");
    assertThat(blocker.getString("detail")).isEqualTo("disk full: 0 bytes free in /data");
    assertThat(blocker.getString("since")).isEqualTo("2025-06-01T08:00:00Z");

    readiness.clear(Readiness.Problem.DISK_FULL);
    assertThat(get(LocalHealthApi.PATH).body().toJsonObject().getJsonObject("readiness")
        .getBoolean("canCertify")).isTrue();
  }

  @Test
  void other_paths_are_not_served() {
    assertThat(get("/api/healthz").statusCode()).isEqualTo(404);
  }

  @Test
  void health_shows_what_the_fleet_refused_for_staff() {
    outbox = io.vertx.core.Future.succeededFuture(new org.doorstep.agent.records.OutboxSummary(2, 1,
        java.util.Map.of("NOT_CANONICAL", 1L), java.util.List.of(new org.doorstep.agent.records.OutboxSummary.Rejected(
            "0195-r", 12, "NOT_CANONICAL", "body.seq: only integers", T0))));

    JsonObject body = get(LocalHealthApi.PATH).body().toJsonObject();

    assertThat(body.getJsonObject("outbox")).isEqualTo(new JsonObject(
        "{\"pending\":2,\"rejected\":1,\"rejectedByReason\":{\"NOT_CANONICAL\":1},\"latestRejected\":"
            + "[{\"recordId\":\"0195-r\",\"seq\":12,\"reason\":\"NOT_CANONICAL\",\"detail\":\"body.seq: only integers\","
            + "\"rejectedAt\":\"2025-06-01T08:00:00Z\"}]}"));
  }

  @Test
  void health_without_a_readable_outbox_still_answers_with_the_peripherals() {
    outbox = io.vertx.core.Future.failedFuture(new IllegalStateException("outbox closed"));

    Reply resp = get(LocalHealthApi.PATH);

    assertThat(resp.statusCode()).isEqualTo(200);
    JsonObject body = resp.body().toJsonObject();
    assertThat(body.containsKey("outbox")).isFalse();
    assertThat(body.getJsonObject("peripherals").fieldNames()).contains("printer");
  }
}
