package org.doorstep.agent.local;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Objects;
import org.doorstep.agent.device.health.DeviceHealthSnapshot;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.PeripheralStatus;
import org.doorstep.agent.readiness.Readiness;

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
 *    "blockers":[{"problem":"DISK_FULL","detail":"disk full: 0 bytes free in /var/lib/doorstep, …","since":"…"}]}}
 * }</pre>
 * Times are ISO-8601 UTC; {@code lastError} is absent when there was none. {@code readiness} is what the
 * staff view shows: {@code canCertify} false while any blocker is raised ({@code DISK_FULL},
 * {@code ENROLMENT_REFUSED}: {@link Readiness.Problem}); residents are then refused before their card is
 * read. The body never holds
 * personal data (the model does not). Served from the registry's current snapshot: no device I/O.
 */
public final class LocalHealthApi {
  /** The resource path. */
  public static final String PATH = "/api/health";

  private LocalHealthApi() {}

  /** A router serving {@value #PATH}; mount it with {@code subRouter} or use it as the server's handler. */
  public static Router router(Vertx vertx, String deviceId, HealthRegistry health, Readiness readiness) {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(readiness, "readiness");
    Router router = Router.router(Objects.requireNonNull(vertx, "vertx"));
    router.get(PATH).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(toJson(deviceId, health.snapshot()).put("readiness", toJson(readiness)).encode()));
    return router;
  }

  /** The {@code readiness} member (see the class comment). */
  public static JsonObject toJson(Readiness readiness) {
    io.vertx.core.json.JsonArray blockers = new io.vertx.core.json.JsonArray();
    for (Readiness.Blocker b : readiness.blockers()) {
      blockers.add(new JsonObject().put("problem", b.problem().name()).put("detail", b.detail())
          .put("since", b.since().toString()));
    }
    return new JsonObject().put("canCertify", blockers.isEmpty()).put("blockers", blockers);
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
