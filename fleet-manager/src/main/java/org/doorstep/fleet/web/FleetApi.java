package org.doorstep.fleet.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;
import org.doorstep.config.contract.Ack;
import org.doorstep.fleet.devices.DeviceException;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.ingest.IngestStats;
import org.doorstep.fleet.store.DeviceOverview;
import org.doorstep.fleet.store.RecordPage;
import org.doorstep.fleet.store.RecordQuery;
import org.doorstep.fleet.store.RecordStore;
import org.doorstep.fleet.store.RecordSummary;
import org.doorstep.fleet.store.RegisteredDevice;
import org.doorstep.fleet.store.StoredRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API.
 *
 * <pre>
 * GET  /api/devices                 devices with region, algorithm, key id, online, last state, last seen, seqGaps
 * POST /api/devices                 {deviceId, publicKeyPem, region} → 201 created | 200 already identical
 *                                   | 400 invalid | 409 id holds another key
 * POST /api/devices/{id}/revoke    204 | 404 unknown id: its records are refused from now on
 * GET  /api/records?device=&amp;service=&amp;from=&amp;to=&amp;limit=&amp;offset=
 *                                   newest first by capture time; from/to ISO-8601 instants (from
 *                                   inclusive, to exclusive); limit 1..500 (default 50)
 * GET  /api/records/{id}            one record with its signed body (personal fields masked)
 * GET  /health                      status, broker kind and port, store kind, ingest counters
 * GET  /                            dashboard
 * </pre>
 * Errors are {@code {"error": "…"}} with 400, 404, 409 or 500.
 *
 * <p>TODO(#6): no authentication yet; issue #6 adds operator authentication (and roles) in front of
 * every {@code /api} route, registration first.
 */
public final class FleetApi {
  private static final Logger LOG = LoggerFactory.getLogger(FleetApi.class);
  /** Largest request body: a PEM key and a few fields. */
  public static final long MAX_BODY_BYTES = 16 * 1024;

  private final DeviceRegistry registry;
  private final RecordStore records;
  private final Supplier<FleetStatus> status;

  private FleetApi(DeviceRegistry registry, RecordStore records, Supplier<FleetStatus> status) {
    this.registry = registry;
    this.records = records;
    this.status = status;
  }

  /**
   * The router with every route above.
   *
   * @param vertx    Vert.x instance
   * @param registry device registry
   * @param records  record store
   * @param status   fresh status for {@code /health}
   */
  public static Router router(Vertx vertx, DeviceRegistry registry, RecordStore records, Supplier<FleetStatus> status) {
    FleetApi api = new FleetApi(registry, records, status);
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.get("/api/devices").handler(api::listDevices);
    // TODO(#6): operator authentication before anyone may register or revoke a device.
    router.post("/api/devices").handler(api::registerDevice);
    router.post("/api/devices/:id/revoke").handler(api::revokeDevice);
    router.get("/api/records").handler(api::findRecords);
    router.get("/api/records/:id").handler(api::findRecord);
    router.get("/health").handler(api::health);
    router.get("/").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .sendFile("fleet-web/index.html"));
    return router;
  }

  private void listDevices(RoutingContext ctx) {
    respond(ctx, registry.list().map(all -> {
      JsonArray out = new JsonArray();
      all.forEach(o -> out.add(deviceJson(o)));
      return out;
    }), 200);
  }

  private void registerDevice(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException e) {
      error(ctx, 400, "body: must be a JSON object");
      return;
    }
    if (body == null) {
      error(ctx, 400, "body: must be a JSON object {deviceId, publicKeyPem, region}");
      return;
    }
    String deviceId;
    String pem;
    String region;
    try {
      deviceId = body.getString("deviceId");
      pem = body.getString("publicKeyPem");
      region = body.getString("region");
    } catch (ClassCastException e) {
      error(ctx, 400, "body: deviceId, publicKeyPem and region must be strings");
      return;
    }
    registry.register(deviceId, pem, region).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().setStatusCode(ar.result().created() ? 201 : 200)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(registrationJson(ar.result().device()).encode());
      } else {
        fail(ctx, ar.cause());
      }
    });
  }

  private void revokeDevice(RoutingContext ctx) {
    registry.revoke(ctx.pathParam("id")).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().setStatusCode(204).end();
      } else {
        fail(ctx, ar.cause());
      }
    });
  }

  private void findRecords(RoutingContext ctx) {
    RecordQuery query;
    try {
      query = new RecordQuery(
          param(ctx, "device"),
          param(ctx, "service"),
          param(ctx, "from").map(v -> instant("from", v)),
          param(ctx, "to").map(v -> instant("to", v)),
          param(ctx, "limit").map(v -> integer("limit", v)).orElse(RecordQuery.DEFAULT_LIMIT),
          param(ctx, "offset").map(v -> integer("offset", v)).orElse(0));
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    respond(ctx, records.findRecords(query).map(FleetApi::pageJson), 200);
  }

  private void findRecord(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    records.findRecord(id).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
      } else if (ar.result().isEmpty()) {
        error(ctx, 404, "record " + id + " not found");
      } else {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(recordJson(ar.result().get()).encode());
      }
    });
  }

  private void health(RoutingContext ctx) {
    FleetStatus s = status.get();
    JsonObject broker = new JsonObject().put("kind", s.brokerKind());
    s.brokerPort().ifPresent(p -> broker.put("port", p));
    s.brokerUrl().ifPresent(u -> broker.put("url", u));
    JsonObject out = new JsonObject()
        .put("status", "UP")
        .put("broker", broker)
        .put("store", new JsonObject().put("kind", s.storeKind()))
        .put("ingest", statsJson(s.ingest()));
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(out.encode());
  }

  // ---------------------------------------------------------------------------------------------
  // JSON

  static JsonObject statsJson(IngestStats st) {
    JsonObject rejected = new JsonObject();
    for (Ack.RejectReason r : Ack.RejectReason.values()) {
      rejected.put(r.name(), st.rejected(r));
    }
    return new JsonObject()
        .put("received", st.received())
        .put("stored", st.stored())
        .put("duplicates", st.duplicates())
        .put("rejected", rejected)
        .put("rejectedTotal", st.rejectedTotal())
        .put("dropped", st.dropped())
        .put("unroutable", st.unroutable())
        .put("states", st.states())
        .put("commandResults", st.commandResults())
        .put("batches", st.batches())
        .put("storeFailures", st.storeFailures())
        .put("ackFailures", st.ackFailures())
        .put("queued", st.queued())
        .put("seqGaps", st.seqGaps())
        .put("clockSkewed", st.clockSkewed());
  }

  static JsonObject registrationJson(RegisteredDevice d) {
    return new JsonObject()
        .put("deviceId", d.deviceId())
        .put("region", d.region())
        .put("algorithm", d.algorithm())
        .put("keyId", d.keyId())
        .put("registeredAt", d.registeredAt().toString())
        .put("revoked", d.revoked());
  }

  static JsonObject deviceJson(DeviceOverview o) {
    JsonObject j = registrationJson(o.device());
    j.put("online", o.online().orElse(null));
    j.put("lastState", o.stateJson().map(JsonObject::new).orElse(null));
    j.put("lastSeen", o.lastSeen().map(Instant::toString).orElse(null));
    j.put("seqGaps", o.seqGaps());
    return j;
  }

  static JsonObject summaryJson(RecordSummary s) {
    return new JsonObject()
        .put("recordId", s.recordId())
        .put("deviceId", s.deviceId())
        .put("seq", s.seq())
        .put("service", s.service())
        .put("mode", s.mode())
        .put("outcome", s.outcome())
        .put("cardType", s.cardType())
        .put("idNumber", s.idNumberMasked())
        .put("capturedAt", s.capturedAt().toString())
        .put("receivedAt", s.receivedAt().toString())
        .put("configVersion", s.configVersion())
        .put("clockSkew", s.clockSkew());
  }

  static JsonObject pageJson(RecordPage p) {
    JsonArray items = new JsonArray();
    p.items().forEach(s -> items.add(summaryJson(s)));
    return new JsonObject().put("items", items).put("offset", p.offset()).put("limit", p.limit())
        .put("hasMore", p.hasMore());
  }

  static JsonObject recordJson(StoredRecord r) {
    if (r.personalDataPurged()) {
      // Retention removed the body (ID number, name); the statistics stay, the signature cannot be checked.
      return summaryJson(r.summary()).putNull("body").put("personalDataPurged", true)
          .put("signature", new JsonObject(r.signatureJson()));
    }
    return summaryJson(r.summary())
        .put("body", Masking.maskBody(new JsonObject(r.bodyJson())))
        .put("signature", new JsonObject(r.signatureJson()));
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing

  private static Optional<String> param(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  private static Instant instant(String name, String v) {
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": must be an ISO-8601 instant like 2026-01-31T08:00:00Z");
    }
  }

  private static int integer(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": must be an integer");
    }
  }

  private static void respond(RoutingContext ctx, Future<?> result, int status) {
    result.onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
        return;
      }
      Object v = ar.result();
      String json = v instanceof JsonObject o ? o.encode() : ((JsonArray) v).encode();
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
    });
  }

  private static void fail(RoutingContext ctx, Throwable err) {
    if (err instanceof DeviceException de) {
      int code = switch (de.reason()) {
        case INVALID -> 400;
        case ALREADY_REGISTERED -> 409;
        case NOT_FOUND -> 404;
      };
      error(ctx, code, de.getMessage());
      return;
    }
    LOG.error("{} {} failed: {}", ctx.request().method(), ctx.request().path(), err.getMessage(), err);
    error(ctx, 500, "internal error");
  }

  private static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", message).encode());
  }
}
