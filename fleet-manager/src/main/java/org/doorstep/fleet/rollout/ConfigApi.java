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
 * REST routes of signed config push and staged rollout:
 * <pre>
 * GET  /api/config/key                 {publicKeyPem}: the key agents trust (fleet.configKeyFile)
 * POST /api/config/versions            {document, note?} → 201 {version} | 400 {error, violations[{path, message}]}
 * GET  /api/config/versions            [{version, note, createdAt, document}], newest first
 * POST /api/rollouts                   {version, canary?: [ids], waves?: [10, 50, 100], region?, maxRefusals?: 0}
 *                                      → 201 rollout | 400 | 404 unknown version
 * POST /api/config/push                {document, note?, canary?, waves?, region?, maxRefusals?}: both of the above
 * GET  /api/rollouts                   [rollout without devices], newest first
 * GET  /api/rollouts/{id}              {rolloutId, version, phase, currentWave, haltedReason, plan, counts,
 *                                       devices[{deviceId, wave, status, reason?, detail?, publishedAt?, reportedAt?}]}
 * POST /api/rollouts/{id}/halt         {reason?} → 200 rollout | 409 not running
 * GET  /api/devices/{id}/config        [{rolloutId, version?, wave, status, reason?, detail?}], newest first
 * </pre>
 * Errors are {@code {"error": "…"}} (plus {@code violations} for an invalid document) with 400, 404, 409 or 500.
 *
 * <p>TODO(#6): operator authentication in front of every route (as for the rest of {@code /api}).
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
    // A rollout reaches every device of its target region (all devices without one): the operator must cover it.
    Handler<RoutingContext> rolloutRegion = OperatorAuth.requireRegion(ConfigApi::filterRegion, "rollout target");
    router.get("/api/config/key").handler(read)
        .handler(ctx -> json(ctx, 200, new JsonObject().put("publicKeyPem", service.publicKeyPem())));
    router.post("/api/config/versions").handler(manage).handler(api::addVersion);
    router.get("/api/config/versions").handler(read).handler(api::versions);
    router.post("/api/config/push").handler(manage).handler(rolloutRegion).handler(api::push);
    router.post("/api/rollouts").handler(manage).handler(rolloutRegion).handler(api::startRollout);
    router.get("/api/rollouts").handler(read).handler(api::rollouts);
    router.get("/api/rollouts/:id").handler(read)
        .handler(ctx -> answer(ctx, service.view(ctx.pathParam("id")).map(v -> v.toJson(true, service.now())), 200));
    // Halting is always safe: any config manager may stop any rollout.
    router.post("/api/rollouts/:id/halt").handler(manage).handler(api::halt);
    router.get("/api/devices/:id/config").handler(read)
        .handler(OperatorAuth.requireDeviceRegion(registry, ctx -> Optional.of(ctx.pathParam("id"))))
        .handler(api::deviceHistory);
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
    answer(ctx, service.views().map(vs -> {
      JsonArray out = new JsonArray();
      vs.forEach(v -> out.add(v.toJson(false, service.now())));
      return out;
    }), 200);
  }

  private void halt(RoutingContext ctx) {
    JsonObject body = ctx.body().length() == 0 ? new JsonObject() : body(ctx);
    if (body == null) {
      return;
    }
    answer(ctx, service.halt(ctx.pathParam("id"), body.getString("reason", "")).map(v -> v.toJson(true, service.now())),
        200);
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
