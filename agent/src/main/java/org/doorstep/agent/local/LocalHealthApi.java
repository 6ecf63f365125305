package org.doorstep.agent.local;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.Objects;
import java.util.function.Supplier;
import org.doorstep.agent.device.health.DeviceHealthSnapshot;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.PeripheralStatus;
import org.doorstep.agent.readiness.Readiness;
import org.doorstep.agent.records.OutboxSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/health} on the agent's local HTTP server: the device-health snapshot as JSON, for
 * bank host software and staff tools on the kiosk's LAN (in the spirit of XFS4IoT's JSON status).
 *
 * <pre>{@code
 * router.route("/*").subRouter(LocalHealthApi.router(vertx, deviceId, health));
 * }</pre>
 *
 * <p>Response 200 {@code application/json; charset=utf-8}, {@code Cache-Control: no-store}:
 * <pre>{@code
 * {"deviceId":"kiosk-1","version":7,"takenAt":"2025-06-01T08:00:00Z",
 *  "peripherals":{
 *    "idCardReader":{"status":"ONLINE","paper":"NOTSUPPORTED","since":"…"},
 *    "printer":{"status":"HWERROR","paper":"OUT","since":"…",
 *               "lastError":{"code":"PAPER_OUT","text":"printer is out of paper","at":"…"}},
 *    "camera":{…},"gpio":{…}},
 *  "readiness":{"canCertify":false,
 *    "blockers":[{"problem":"DISK_FULL","detail":"disk full: 0 bytes free in /var/lib/doorstep, …","since":"…"}]},
 *  "outbox":{"pending":0,"rejected":1,"rejectedByReason":{"NOT_CANONICAL":1},
 *    "latestRejected":[{"recordId":"0195…","seq":12,"reason":"NOT_CANONICAL",
 *                       "detail":"body.seq: only integers …","rejectedAt":"…"}]}}
 * }</pre>
 * Times are ISO-8601 UTC; {@code lastError} is absent when there was none. {@code readiness} is what the
 * staff view shows: {@code canCertify} false while any blocker is raised ({@code DISK_FULL},
 * {@code ENROLMENT_REFUSED}, {@code OUTBOX_BEHIND_FLEET}: {@link Readiness.Problem}); residents are then
 * refused before their card is read. {@code outbox} tells staff
 * what waits for the fleet and which records the fleet refused (kept on the kiosk, never re-sent, until
 * the retention purge); {@code latestRejected} lists at most {@value #LATEST_REJECTED}, newest first.
 * {@code outbox} is absent when the outbox could not be read. The body never holds personal data
 * (ids, sequence numbers and the fleet's reasons only). Peripherals come from the registry's current
 * snapshot (no device I/O); the outbox part is one query on the outbox's own worker.
 */
public final class LocalHealthApi {
  private static final Logger LOG = LoggerFactory.getLogger(LocalHealthApi.class);
  /** How many refused records {@code outbox.latestRejected} lists. */
  public static final int LATEST_REJECTED = 20;

  /** The resource path. */
  public static final String PATH = "/api/health";

  private LocalHealthApi() {}

  /**
   * A router serving {@value #PATH}; mount it with {@code subRouter} or use it as the server's handler.
   *
   * @param outbox the outbox's summary, asked for {@value #LATEST_REJECTED} refusals (e.g. {@code outbox::summary})
   */
  public static Router router(Vertx vertx, String deviceId, HealthRegistry health, Readiness readiness,
      java.util.function.IntFunction<Future<OutboxSummary>> outbox) {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(outbox, "outbox");
    Router router = Router.router(Objects.requireNonNull(vertx, "vertx"));
    router.get(PATH).handler(ctx -> {
      JsonObject body = toJson(deviceId, health.snapshot()).put("readiness", toJson(readiness));
      Future<OutboxSummary> summary;
      try {
        summary = outbox.apply(LATEST_REJECTED);
      } catch (RuntimeException e) {
        summary = Future.failedFuture(e);
      }
      summary.onComplete(ar -> {
        if (ar.succeeded()) {
          body.put("outbox", toJson(ar.result()));
        } else {
          LOG.warn("local health: outbox summary not available: {}", ar.cause().getMessage());
        }
        ctx.response()
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("Cache-Control", "no-store")
            .end(body.encode());
      });
    });
    return router;
  }

  /** The {@code readiness} member (see the class comment). */
  public static JsonObject toJson(Readiness readiness) {
    JsonArray blockers = new JsonArray();
    for (Readiness.Blocker b : readiness.blockers()) {
      blockers.add(new JsonObject().put("problem", b.problem().name()).put("detail", b.detail())
          .put("since", b.since().toString()));
    }
    return new JsonObject().put("canCertify", blockers.isEmpty()).put("blockers", blockers);
  }

  /** The {@code outbox} member for {@code s} (see the class comment). */
  public static JsonObject toJson(OutboxSummary s) {
    JsonObject byReason = new JsonObject();
    new java.util.TreeMap<>(s.rejectedByReason()).forEach(byReason::put);
    JsonArray latest = new JsonArray();
    for (OutboxSummary.Rejected r : s.latestRejected()) {
      latest.add(new JsonObject()
          .put("recordId", r.recordId())
          .put("seq", r.seq())
          .put("reason", r.reason())
          .put("detail", r.detail())
          .put("rejectedAt", r.rejectedAt().toString()));
    }
    return new JsonObject()
        .put("pending", s.pending())
        .put("rejected", s.rejected())
        .put("rejectedByReason", byReason)
        .put("latestRejected", latest);
  }

  /** The JSON body for {@code snapshot} (see the class comment). */
  public static JsonObject toJson(String deviceId, DeviceHealthSnapshot snapshot) {
    JsonObject peripherals = new JsonObject();
    for (PeripheralStatus s : snapshot.all()) {
      JsonObject p = new JsonObject()
          .put("status", s.status().name())
          .put("paper", s.paper().name())
          .put("since", s.since().toString());
      s.lastError().ifPresent(e -> p.put("lastError", new JsonObject()
          .put("code", e.code()).put("text", e.text()).put("at", e.at().toString())));
      peripherals.put(s.peripheral().key(), p);
    }
    return new JsonObject()
        .put("deviceId", deviceId)
        .put("version", snapshot.version())
        .put("takenAt", snapshot.takenAt().toString())
        .put("peripherals", peripherals);
  }
}
