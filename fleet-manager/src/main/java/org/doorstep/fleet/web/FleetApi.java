package org.doorstep.fleet.web;

import static org.doorstep.fleet.web.ApiAnswers.answer;
import static org.doorstep.fleet.web.ApiAnswers.error;
import static org.doorstep.fleet.web.ApiAnswers.internalError;
import static org.doorstep.fleet.web.ApiAnswers.json;
import static org.doorstep.fleet.web.ApiAnswers.noContent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import org.doorstep.fleet.operators.OperatorService;
import org.doorstep.fleet.signin.SignInService;
import org.doorstep.fleet.operators.Permission;
import org.doorstep.fleet.operators.RegionScope;
import org.doorstep.fleet.store.DeviceCounts;
import org.doorstep.fleet.store.DeviceOverview;
import org.doorstep.fleet.store.DevicePage;
import org.doorstep.fleet.store.DeviceQuery;
import org.doorstep.fleet.store.DeviceStatus;
import org.doorstep.fleet.store.RecordPage;
import org.doorstep.fleet.store.RecordQuery;
import org.doorstep.fleet.store.RecordStore;
import org.doorstep.fleet.store.RecordSummary;
import org.doorstep.fleet.store.RegisteredDevice;
import org.doorstep.fleet.store.StoredRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API. Every {@code /api} route needs an operator ({@link OperatorAuth}: bearer token) except
 * the device routes {@link OperatorAuth#DEVICE_PATHS}; each route names the permission it needs, and
 * the operator's region scope limits which devices and records it sees and acts on.
 *
 * <pre>
 * GET  /api/devices?region=&amp;status=&amp;q=&amp;limit=&amp;offset=
 *                                   READ_DEVICES: a page of the devices of the operator's region, by device
 *                                   id: region (digits, within the operator's scope, else 403), status
 *                                   (online | offline | never-seen | revoked), q (text in the device id,
 *                                   ASCII case ignored), limit 1..500 (default 50), offset; any other
 *                                   parameter, or one given twice, is 400. Answer {items, total, offset,
 *                                   limit, hasMore}; each item: region, algorithm, key id, status, online
 *                                   (false when revoked), last state, last seen, seqGaps, enrolment
 * GET  /api/devices/counts          READ_DEVICES: {total, byStatus, regions: [{region, total, byStatus}]}
 *                                   of the operator's region, counted in the store
 * GET  /api/devices/{id}            READ_DEVICES: one device as in the list; 404 NOT_FOUND unknown id,
 *                                   403 FORBIDDEN_REGION outside the operator's region
 * POST /api/devices                 MANAGE_DEVICES: {deviceId, publicKeyPem, region} → 201 created
 *                                   | 200 already identical | 400 invalid | 403 region outside scope
 *                                   | 409 id holds another key
 * POST /api/devices/{id}/revoke     MANAGE_DEVICES: 204 | 403 region outside scope | 404 unknown id;
 *                                   its records are refused and its certificate is not renewed from now on
 * GET  /api/records?deviceId=&amp;service=&amp;from=&amp;to=&amp;limit=&amp;offset=
 *                                   READ_RECORDS: records of devices in the operator's region, newest first
 *                                   by capture time; from/to ISO-8601 instants (from inclusive, to
 *                                   exclusive); limit 1..500 (default 50); any other parameter, or one
 *                                   given twice, is 400. Answer {items, offset, limit, hasMore}
 * GET  /api/records/{id}            READ_RECORDS: one record with its signed body (personal fields masked);
 *                                   403 when its device is outside the operator's region
 * GET  /health                      open: status, broker kind and port, store kind, ingest counters
 * (the console's page at {@code /} and its live feed {@code /api/events}: console.EventsApi)
 * </pre>
 * Errors are {@code {"error": "…"}} with 400, 404, 409 or 500; authentication and authorisation
 * refusals add {@code "reason"} and use 401/403 ({@link OperatorAuth}).
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
   * @param records   record store
   * @param operators operator accounts (authentication of every operator route)
   * @param signIn    password sign-in and console sessions
   * @param status    fresh status for {@code /health}
   */
  public static Router router(Vertx vertx, DeviceRegistry registry, RecordStore records, OperatorService operators,
      SignInService signIn, Supplier<FleetStatus> status) {
    FleetApi api = new FleetApi(registry, records, status);
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.route("/api/*").handler(new OperatorAuth(operators, signIn));
    OperatorApi.mount(router, operators);
    SignInApi.mount(router, signIn);
    router.get("/api/devices").handler(api::listDevices);
    router.get("/api/devices/counts").handler(api::countDevices);
    router.get("/api/devices/:id").handler(api::findDevice);
    router.post("/api/devices").handler(api::registerDevice);
    router.post("/api/devices/:id/revoke").handler(api::revokeDevice);
    router.get("/api/records").handler(api::findRecords);
    router.get("/api/records/:id").handler(api::findRecord);
    router.get("/health").handler(api::health);
    return router;
  }

  /** The query parameters of {@code GET /api/devices}; anything else is refused (400), not ignored. */
  static final java.util.Set<String> DEVICE_PARAMETERS = java.util.Set.of("region", "status", "q", "limit", "offset");

  private void listDevices(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.READ_DEVICES)) {
      return;
    }
    DeviceQuery query;
    Optional<String> region;
    try {
      refuseUnknownParameters(ctx, DEVICE_PARAMETERS);
      region = param(ctx, "region");
      query = new DeviceQuery(
          region,
          param(ctx, "status").map(v -> DeviceStatus.ofWireName(v).orElseThrow(() -> new IllegalArgumentException(
              "status: must be one of " + DeviceStatus.wireNames() + ", was '" + v + "'"))),
          param(ctx, "q"),
          Optional.empty(),
          param(ctx, "limit").map(v -> integer("limit", v)).orElse(DeviceQuery.DEFAULT_LIMIT),
          param(ctx, "offset").map(v -> integer("offset", v)).orElse(0));
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    Optional<String> prefix = regionWithinScope(ctx, region);
    if (prefix == null) {
      return;
    }
    DeviceQuery scoped = prefix.map(query::withRegionPrefix).orElse(query);
    respond(ctx, registry.query(scoped).map(this::devicePageJson), 200);
  }

  /**
   * The region prefix a device route filters by: the narrower {@code region} asked for, else the operator's
   * scope (empty when national). Null, after answering 403 FORBIDDEN_REGION, when {@code region} lies outside
   * the operator's scope.
   */
  private static Optional<String> regionWithinScope(RoutingContext ctx, Optional<String> region) {
    RegionScope scope = OperatorAuth.operator(ctx).region();
    if (region.isPresent()) {
      return OperatorAuth.permitRegion(ctx, region.get(), "region filter") ? region : null;
    }
    return scope.isNational() ? Optional.empty() : Optional.of(scope.code());
  }

  private void findDevice(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.READ_DEVICES)) {
      return;
    }
    String id = ctx.pathParam("id");
    registry.query(DeviceQuery.ofDevice(id)).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
      } else if (ar.result().items().isEmpty()) {
        error(ctx, 404, DeviceException.Reason.NOT_FOUND.name(), "deviceId: " + id + " is not registered");
      } else {
        DeviceOverview o = ar.result().items().get(0);
        if (OperatorAuth.permitRegion(ctx, o.device().region(), "device " + id)) {
          json(ctx, 200, deviceWithEnrolmentJson(o));
        }
      }
    });
  }

  private void countDevices(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.READ_DEVICES)) {
      return;
    }
    try {
      refuseUnknownParameters(ctx, java.util.Set.of());
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    RegionScope scope = OperatorAuth.operator(ctx).region();
    respond(ctx, registry.counts(scope.isNational() ? Optional.empty() : Optional.of(scope.code()))
        .map(FleetApi::countsJson), 200);
  }

  private JsonObject deviceWithEnrolmentJson(DeviceOverview o) {
    return deviceJson(o).put("enrolment", enrolmentJson(registry.enrolmentFailures().of(o.device().deviceId())));
  }

  /** {@code {items, total, offset, limit, hasMore}}: the shape of {@code GET /api/records} plus the total. */
  private JsonObject devicePageJson(DevicePage p) {
    JsonArray items = new JsonArray();
    p.items().forEach(o -> items.add(deviceWithEnrolmentJson(o)));
    return new JsonObject().put("items", items).put("total", p.total()).put("offset", p.offset())
        .put("limit", p.limit()).put("hasMore", p.hasMore());
  }

  /** {@code {total, byStatus: {online, offline, never-seen, revoked}, regions: [{region, total, byStatus}]}}. */
  static JsonObject countsJson(DeviceCounts c) {
    JsonArray regions = new JsonArray();
    c.regions().forEach(r -> regions.add(new JsonObject().put("region", r.region()).put("total", r.total())
        .put("byStatus", statusJson(r.byStatus()))));
    return new JsonObject().put("total", c.total()).put("byStatus", statusJson(c.byStatus())).put("regions", regions);
  }

  private static JsonObject statusJson(java.util.Map<DeviceStatus, Long> byStatus) {
    JsonObject j = new JsonObject();
    for (DeviceStatus s : DeviceStatus.values()) {
      j.put(s.wireName(), byStatus.getOrDefault(s, 0L));
    }
    return j;
  }

  private void registerDevice(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.MANAGE_DEVICES)) {
      return;
    }
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
    if (region != null && !OperatorAuth.permitRegion(ctx, region, "device " + deviceId)) {
      return;
    }
    registry.register(deviceId, pem, region).onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, ar.result().created() ? 201 : 200, registrationJson(ar.result().device()));
      } else {
        fail(ctx, ar.cause());
      }
    });
  }

  private void revokeDevice(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.MANAGE_DEVICES)) {
      return;
    }
    String id = ctx.pathParam("id");
    registry.find(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new DeviceException(DeviceException.Reason.NOT_FOUND,
            "deviceId: " + id + " is not registered"));
      }
      if (!OperatorAuth.permitRegion(ctx, found.get().region(), "device " + id)) {
        return Future.succeededFuture(false);
      }
      return registry.revoke(id).map(true);
    }).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
      } else if (ar.result()) {
        LOG.info("Device {} revoked by operator {}", id, OperatorAuth.operator(ctx).name());
        noContent(ctx);
      }
    });
  }

  private void findRecords(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.READ_RECORDS)) {
      return;
    }
    RegionScope scope = OperatorAuth.operator(ctx).region();
    RecordQuery query;
    try {
      refuseUnknownParameters(ctx, RECORD_PARAMETERS);
      query = new RecordQuery(
          param(ctx, "deviceId"),
          param(ctx, "service"),
          param(ctx, "from").map(v -> instant("from", v)),
          param(ctx, "to").map(v -> instant("to", v)),
          param(ctx, "limit").map(v -> integer("limit", v)).orElse(RecordQuery.DEFAULT_LIMIT),
          param(ctx, "offset").map(v -> integer("offset", v)).orElse(0));
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    if (!scope.isNational()) {
      query = query.withRegionPrefix(scope.code());
    }
    respond(ctx, records.findRecords(query).map(FleetApi::pageJson), 200);
  }

  /** The query parameters of {@code GET /api/records}; anything else is refused (400), not ignored. */
  static final java.util.Set<String> RECORD_PARAMETERS = java.util.Set.of("deviceId", "service", "from", "to", "limit",
      "offset");

  /**
   * Refuses a query parameter the route does not know, or one given twice: ignoring it would answer a
   * different question than the one asked ({@code ?device=k1} returning every device's records).
   */
  private static void refuseUnknownParameters(RoutingContext ctx, java.util.Set<String> known) {
    for (String name : new java.util.TreeSet<>(ctx.queryParams().names())) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(name + ": unknown query parameter; known: "
            + String.join(", ", new java.util.TreeSet<>(known)));
      }
      if (ctx.queryParams().getAll(name).size() > 1) {
        throw new IllegalArgumentException(name + ": given more than once");
      }
    }
  }

  private void findRecord(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.READ_RECORDS)) {
      return;
    }
    String id = ctx.pathParam("id");
    records.findRecord(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.<StoredRecord>empty());
      }
      // The region lives with the device's registration.
      return registry.find(found.get().deviceId()).map(device -> {
        String region = device.map(RegisteredDevice::region).orElse("");
        return OperatorAuth.permitRegion(ctx, region, "record " + id) ? found : null;
      });
    }).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
      } else if (ar.result() == null) {
        return; // refused above
      } else if (ar.result().isEmpty()) {
        error(ctx, 404, "record " + id + " not found");
      } else {
        json(ctx, 200, recordJson(ar.result().get()));
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
    json(ctx, 200, out);
  }

  // ---------------------------------------------------------------------------------------------
  // JSON

  static JsonObject statsJson(IngestStats st) {
    JsonObject rejected = new JsonObject();
    for (Ack.RejectReason r : Ack.RejectReason.codes()) {
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

  /**
   * {@code {"state": "OK"}}, or {@code {"state": "FAILING", "reason": "TOKEN_USED", "detail": …, "at": …,
   * "since": …, "attempts": 3}} while the device's enrolment attempts are refused.
   */
  static JsonObject enrolmentJson(java.util.Optional<org.doorstep.fleet.devices.EnrolmentFailures.Failure> failure) {
    if (failure.isEmpty()) {
      return new JsonObject().put("state", "OK");
    }
    org.doorstep.fleet.devices.EnrolmentFailures.Failure f = failure.get();
    return new JsonObject().put("state", "FAILING").put("reason", f.reason()).put("detail", f.detail())
        .put("at", f.at().toString()).put("since", f.since().toString()).put("attempts", f.attempts());
  }

  static JsonObject deviceJson(DeviceOverview o) {
    JsonObject j = registrationJson(o.device());
    j.put("online", o.online().orElse(null));
    j.put("lastState", o.stateJson().map(JsonObject::new).orElse(null));
    j.put("lastSeen", o.lastSeen().map(Instant::toString).orElse(null));
    j.put("status", DeviceStatus.of(o).wireName());
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
    answer(ctx, result, status, FleetApi::refuse);
  }

  private static void fail(RoutingContext ctx, Throwable err) {
    if (!refuse(ctx, err)) {
      internalError(ctx, err);
    }
  }

  /** A {@link DeviceException} as its refusal: 400, 404 or 409 with its reason code. */
  private static boolean refuse(RoutingContext ctx, Throwable err) {
    if (!(err instanceof DeviceException de)) {
      return false;
    }
    int code = switch (de.reason()) {
      case INVALID -> 400;
      case ALREADY_REGISTERED -> 409;
      case NOT_FOUND -> 404;
    };
    error(ctx, code, de.reason().name(), de.getMessage());
    return true;
  }
}
