package org.doorstep.fleet.rollout;

import static org.doorstep.fleet.web.ApiAnswers.error;
import static org.doorstep.fleet.web.ApiAnswers.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.doorstep.config.contract.WireCodec;
import java.util.Optional;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.operators.Permission;
import org.doorstep.fleet.web.ApiAnswers;
import org.doorstep.fleet.web.OperatorAuth;

/**
 * REST routes of signed config push and rollouts (docs/rollouts.md has the bodies):
 * <pre>
 * GET  /api/config/key                 {publicKeyPem}: the key agents trust (fleet.configKeyFile)
 * POST /api/config/versions            {document, note?} → 201 {version} | 400 {error, violations[{path, message}]}
 * GET  /api/config/versions            [{version, note, createdAt, document}], newest first
 * POST /api/rollouts                   {version, filter?, canary?, groups?, successThreshold?, errorThreshold?,
 *                                       approval?, window?} → 201 rollout | 400 | 404 unknown version
 * POST /api/config/push                {document, note?, + the plan members}: both of the above
 * GET  /api/rollouts?phase=            [rollout with progress per group, without devices], newest first
 * GET  /api/rollouts/{id}              the rollout, its progress per group and every device
 * POST /api/rollouts/{id}/approve      → 200 | 403 SELF_APPROVAL (its creator), FORBIDDEN_ROLE | 409 not waiting
 * POST /api/rollouts/{id}/pause        {reason?} → 200 | 409 not running
 * POST /api/rollouts/{id}/resume       → 200 | 409 not paused
 * POST /api/rollouts/{id}/next-group   → 200 | 409 not running, or no group left
 * POST /api/rollouts/{id}/halt         {reason?} → 200 | 409 finished
 * POST /api/rollouts/{id}/rollback     → 201 the new rollout | 409 nothing published
 * GET  /api/devices/{id}/config        [{rolloutId, group, status, reason?, detail?, reportedAt?}], newest first
 * </pre>
 * Every rollout route is region-scoped by the rollout's target region ({@code filter.region}; none = national):
 * a regional operator creates, sees and acts only on rollouts within its region (403 {@code FORBIDDEN_REGION});
 * the list leaves the others out. Errors: {@link ApiAnswers} ({@code violations} for an invalid document).
 */
public final class ConfigApi {

  private final RolloutService service;

  private ConfigApi(RolloutService service) {
    this.service = service;
  }

  /** Adds the routes to {@code router}, which must already parse bodies on {@code /api/*}. */
  public static void mount(Router router, RolloutService service, DeviceRegistry registry) {
    ConfigApi api = new ConfigApi(service);
    Handler<RoutingContext> read = OperatorAuth.require(Permission.READ_DEVICES);
    Handler<RoutingContext> manage = OperatorAuth.require(Permission.MANAGE_CONFIG);
    Handler<RoutingContext> approver = OperatorAuth.require(Permission.APPROVE_ROLLOUTS);
    // A rollout reaches every device of its target region (all devices without one): the operator must cover it.
    Handler<RoutingContext> newRolloutRegion = OperatorAuth.requireRegion(ConfigApi::filterRegion, "rollout target");
    Handler<RoutingContext> rolloutRegion = api::requireRolloutRegion;
    router.get("/api/config/key").handler(read)
        .handler(ctx -> json(ctx, 200, new JsonObject().put("publicKeyPem", service.publicKeyPem())));
    router.post("/api/config/versions").handler(manage).handler(api::addVersion);
    router.get("/api/config/versions").handler(read).handler(api::versions);
    router.post("/api/config/push").handler(manage).handler(newRolloutRegion).handler(api::push);
    router.post("/api/rollouts").handler(manage).handler(newRolloutRegion).handler(api::startRollout);
    router.get("/api/rollouts").handler(read).handler(api::rollouts);
    router.get("/api/rollouts/:id").handler(read).handler(rolloutRegion)
        .handler(ctx -> answer(ctx, service.view(id(ctx)).map(v -> v.toJson(true, service.now())), 200));
    router.post("/api/rollouts/:id/approve").handler(approver).handler(rolloutRegion)
        .handler(ctx -> api.act(ctx, service.approve(id(ctx), OperatorAuth.operator(ctx).name(),
            OperatorAuth.operator(ctx).may(Permission.APPROVE_ROLLOUTS)), 200));
    router.post("/api/rollouts/:id/pause").handler(manage).handler(rolloutRegion)
        .handler(ctx -> withReason(ctx, reason -> api.act(ctx, service.pause(id(ctx), reason), 200)));
    router.post("/api/rollouts/:id/resume").handler(manage).handler(rolloutRegion)
        .handler(ctx -> api.act(ctx, service.resume(id(ctx)), 200));
    router.post("/api/rollouts/:id/next-group").handler(manage).handler(rolloutRegion)
        .handler(ctx -> api.act(ctx, service.nextGroup(id(ctx)), 200));
    router.post("/api/rollouts/:id/halt").handler(manage).handler(rolloutRegion)
        .handler(ctx -> withReason(ctx, reason -> api.act(ctx, service.halt(id(ctx), reason), 200)));
    router.post("/api/rollouts/:id/rollback").handler(manage).handler(rolloutRegion)
        .handler(ctx -> api.act(ctx, service.rollback(id(ctx), OperatorAuth.operator(ctx).name()), 201));
    router.get("/api/devices/:id/config").handler(read)
        .handler(OperatorAuth.requireDeviceRegion(registry, ctx -> Optional.of(ctx.pathParam("id"))))
        .handler(api::deviceHistory);
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  /** Lets the request on only when the rollout named by the path lies within the operator's region; 404 unknown. */
  private void requireRolloutRegion(RoutingContext ctx) {
    service.find(id(ctx)).onComplete(ar -> {
      if (ar.failed()) {
        ApiAnswers.internalError(ctx, ar.cause());
      } else if (ar.result().isEmpty()) {
        ApiAnswers.error(ctx, 404, RolloutException.Reason.NOT_FOUND.name(), "rollout " + id(ctx) + " does not exist");
      } else if (OperatorAuth.permitRegion(ctx, RolloutService.regionOf(ar.result().get()), "rollout " + id(ctx))) {
        ctx.next();
      }
    });
  }

  private void act(RoutingContext ctx, Future<RolloutService.View> result, int status) {
    answer(ctx, result.map(v -> v.toJson(true, service.now())), status);
  }

  /** The optional {@code reason} of an (optional) JSON body. */
  private static void withReason(RoutingContext ctx, java.util.function.Consumer<String> then) {
    JsonObject body = ctx.body() == null || ctx.body().length() <= 0 ? new JsonObject() : body(ctx);
    if (body == null) {
      return;
    }
    Object r = body.getValue("reason");
    if (r != null && !(r instanceof String)) {
      error(ctx, 400, "reason: must be a string");
      return;
    }
    then.accept(r == null ? "" : (String) r);
  }

  private void addVersion(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    JsonNode doc = document(ctx, body);
    if (doc == null) {
      return;
    }
    answer(ctx, service.addVersion(doc, body.getString("note", "")).map(v -> new JsonObject().put("version", v)), 201);
  }

  private void versions(RoutingContext ctx) {
    answer(ctx, service.versions().map(vs -> {
      JsonArray out = new JsonArray();
      vs.forEach(v -> out.add(new JsonObject().put("version", v.version()).put("note", v.note())
          .put("createdAt", v.createdAt().toString()).put("document", new JsonObject(v.documentJson()))));
      return out;
    }), 200);
  }

  private void push(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    JsonNode doc = document(ctx, body);
    RolloutPlan plan = plan(ctx, body);
    if (doc == null || plan == null) {
      return;
    }
    answer(ctx, service.push(doc, body.getString("note", ""), plan, OperatorAuth.operator(ctx).name())
        .map(v -> v.toJson(true, service.now())), 201);
  }

  private void startRollout(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    Object v = body.getValue("version");
    if (!(v instanceof Number n)) {
      error(ctx, 400, "version: is required (an integer)");
      return;
    }
    RolloutPlan plan = plan(ctx, body);
    if (plan == null) {
      return;
    }
    answer(ctx, service.startRollout(n.longValue(), plan, OperatorAuth.operator(ctx).name())
        .map(view -> view.toJson(true, service.now())), 201);
  }

  private void rollouts(RoutingContext ctx) {
    java.util.List<String> phases = ctx.queryParam("phase");
    java.util.Set<RolloutPlan.Phase> wanted = java.util.EnumSet.noneOf(RolloutPlan.Phase.class);
    for (String p : phases) {
      for (String one : p.split(",")) {
        try {
          wanted.add(RolloutPlan.Phase.valueOf(one.strip()));
        } catch (IllegalArgumentException e) {
          error(ctx, 400, "phase: must be among " + java.util.Arrays.toString(RolloutPlan.Phase.values()) + ", was '"
              + one + "'");
          return;
        }
      }
    }
    org.doorstep.fleet.operators.RegionScope scope = OperatorAuth.operator(ctx).region();
    answer(ctx, service.views().map(vs -> {
      JsonArray out = new JsonArray();
      vs.stream().filter(v -> scope.covers(v.region()))
          .filter(v -> wanted.isEmpty() || wanted.contains(v.rollout().phase()))
          .forEach(v -> out.add(v.toJson(false, service.now())));
      return out;
    }), 200);
  }

  private void deviceHistory(RoutingContext ctx) {
    answer(ctx, service.deviceHistory(ctx.pathParam("id")).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(d -> {
        JsonObject j = new JsonObject().put("rolloutId", d.rolloutId()).put("group", d.group())
            .put("status", d.status().name());
        if (!d.reason().isEmpty()) {
          j.put("reason", d.reason()).put("detail", d.detail());
        }
        d.reportedAt().ifPresent(t -> j.put("reportedAt", t.toString()));
        out.add(j);
      });
      return out;
    }), 200);
  }

  // ---------------------------------------------------------------------------------------------

  private static JsonNode document(RoutingContext ctx, JsonObject body) {
    Object d = body.getValue("document");
    if (!(d instanceof JsonObject o)) {
      error(ctx, 400, "document: is required (a JSON object: the configuration document)");
      return null;
    }
    try {
      return WireCodec.mapper().readTree(o.encode());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      error(ctx, 400, "document: " + e.getOriginalMessage());
      return null;
    }
  }

  /** The target region of the rollout a create or push body describes ({@code filter.region}). */
  private static Optional<String> filterRegion(RoutingContext ctx) {
    try {
      Object f = ctx.body().asJsonObject().getValue("filter");
      return f instanceof JsonObject o && o.getValue("region") instanceof String r ? Optional.of(r) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty(); // not JSON: the route answers 400 itself
    }
  }

  private RolloutPlan plan(RoutingContext ctx, JsonObject body) {
    try {
      return PlanJson.fromJson(body, service.zone());
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return null;
    }
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null) {
        return body;
      }
    } catch (DecodeException | ClassCastException e) {
      // answered below
    }
    error(ctx, 400, "body: must be a JSON object");
    return null;
  }

  private static void answer(RoutingContext ctx, Future<?> result, int status) {
    ApiAnswers.answer(ctx, result, status, ConfigApi::refuse);
  }

  /** A {@link RolloutException} as 400, 404 or 409 with its reason, and the violations of an invalid document. */
  private static boolean refuse(RoutingContext ctx, Throwable err) {
    if (!(err instanceof RolloutException e)) {
      return false;
    }
    int code = switch (e.reason()) {
      case INVALID -> 400;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case SELF_APPROVAL, NOT_APPROVER -> 403;
    };
    JsonObject more = new JsonObject();
    if (!e.violations().isEmpty()) {
      JsonArray vs = new JsonArray();
      e.violations().forEach(v -> vs.add(new JsonObject().put("path", v.path()).put("message", v.message())));
      more.put("violations", vs);
    }
    String reason = e.reason() == RolloutException.Reason.NOT_APPROVER ? "FORBIDDEN_ROLE" : e.reason().name();
    ApiAnswers.error(ctx, code, reason, e.getMessage(), more);
    return true;
  }
}
