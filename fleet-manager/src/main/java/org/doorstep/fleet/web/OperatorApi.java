package org.doorstep.fleet.web;

import static org.doorstep.fleet.web.ApiAnswers.internalError;
import static org.doorstep.fleet.web.ApiAnswers.json;
import static org.doorstep.fleet.web.ApiAnswers.noContent;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.doorstep.fleet.operators.Operator;
import org.doorstep.fleet.operators.OperatorException;
import org.doorstep.fleet.operators.OperatorService;
import org.doorstep.fleet.operators.Permission;
import org.doorstep.fleet.operators.RegionScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator routes (behind {@link OperatorAuth}):
 * <pre>
 * GET  /api/me                       the calling operator {name, role, region, permissions}
 * GET  /api/operators                MANAGE_OPERATORS: accounts within the caller's region
 * POST /api/operators                MANAGE_OPERATORS: {name, role, region} → 201 {name, role, region, token}
 *                                    (token shown once); region must lie within the caller's
 * POST /api/operators/{name}/revoke  MANAGE_OPERATORS: 204 | 404; the operator must lie within the caller's region
 * </pre>
 */
public final class OperatorApi {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorApi.class);

  private final OperatorService operators;

  private OperatorApi(OperatorService operators) {
    this.operators = operators;
  }

  /** Adds the routes to {@code router} (which authenticates {@code /api/*} with {@link OperatorAuth}). */
  public static void mount(Router router, OperatorService operators) {
    OperatorApi api = new OperatorApi(operators);
    router.get("/api/me").handler(ctx -> json(ctx, 200, operatorJson(OperatorAuth.operator(ctx))
        .put("permissions", new JsonArray(OperatorAuth.operator(ctx).role().permissions().stream()
            .map(Enum::name).sorted().toList()))));
    router.get("/api/operators").handler(api::list);
    router.post("/api/operators").handler(api::create);
    router.post("/api/operators/:name/revoke").handler(api::revoke);
    router.post("/api/operators/:name/token").handler(api::renewToken);
  }

  static JsonObject operatorJson(Operator o) {
    return new JsonObject()
        .put("name", o.name())
        .put("role", o.role().name())
        .put("region", o.region().code())
        .put("createdAt", o.createdAt().toString())
        .put("revokedAt", o.revokedAt().map(Object::toString).orElse(null));
  }

  private void list(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.MANAGE_OPERATORS)) {
      return;
    }
    RegionScope mine = OperatorAuth.operator(ctx).region();
    operators.list().onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
        return;
      }
      JsonArray out = new JsonArray();
      ar.result().stream().filter(o -> mine.covers(o.region())).forEach(o -> out.add(operatorJson(o)));
      json(ctx, 200, out);
    });
  }

  private void create(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.MANAGE_OPERATORS)) {
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null || !(body.getValue("name") instanceof String name) || !(body.getValue("role") instanceof String role)
        || !(body.getValue("region") instanceof String region)) {
      OperatorAuth.refuse(ctx, new OperatorException(OperatorException.Reason.INVALID,
          "body: must be a JSON object {name, role, region} of strings"));
      return;
    }
    RegionScope wanted;
    try {
      wanted = RegionScope.of(region);
    } catch (IllegalArgumentException e) {
      OperatorAuth.refuse(ctx, new OperatorException(OperatorException.Reason.INVALID, e.getMessage()));
      return;
    }
    Operator caller = OperatorAuth.operator(ctx);
    if (!caller.region().covers(wanted)) {
      OperatorAuth.refuse(ctx, new OperatorException(OperatorException.Reason.FORBIDDEN_REGION,
          "operator region " + wanted + " is outside the caller's region " + caller.region()));
      return;
    }
    operators.create(name, role, region).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
        return;
      }
      LOG.info("Operator {} created by {}", name, caller.name());
      json(ctx, 201, operatorJson(ar.result().operator()).put("token", ar.result().token()));
    });
  }

  private void revoke(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.MANAGE_OPERATORS)) {
      return;
    }
    String name = ctx.pathParam("name");
    Operator caller = OperatorAuth.operator(ctx);
    operators.list().onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
        return;
      }
      var target = ar.result().stream().filter(o -> o.name().equals(name)).findFirst();
      if (target.isEmpty()) {
        OperatorAuth.refuse(ctx, new OperatorException(OperatorException.Reason.NOT_FOUND, "no operator " + name));
        return;
      }
      if (!caller.region().covers(target.get().region())) {
        OperatorAuth.refuse(ctx, new OperatorException(OperatorException.Reason.FORBIDDEN_REGION,
            "operator " + name + " (region " + target.get().region() + ") is outside the caller's region "
                + caller.region()));
        return;
      }
      operators.revoke(name).onComplete(done -> {
        if (done.failed()) {
          fail(ctx, done.cause());
        } else {
          LOG.info("Operator {} revoked by {}", name, caller.name());
          noContent(ctx);
        }
      });
    });
  }

  /** A new token for the operator itself, or (with MANAGE_OPERATORS, in region) for another. */
  private void renewToken(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Operator caller = OperatorAuth.operator(ctx);
    if (!caller.name().equals(name) && !OperatorAuth.permit(ctx, Permission.MANAGE_OPERATORS)) {
      return;
    }
    operators.list().compose(all -> {
      var target = all.stream().filter(o -> o.name().equals(name)).findFirst();
      if (target.isEmpty()) {
        return Future.failedFuture(new OperatorException(OperatorException.Reason.NOT_FOUND, "no operator " + name));
      }
      if (!caller.region().covers(target.get().region())) {
        return Future.failedFuture(new OperatorException(OperatorException.Reason.FORBIDDEN_REGION,
            "operator " + name + " (region " + target.get().region() + ") is outside the caller's region "
                + caller.region()));
      }
      return operators.renewToken(name);
    }).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
      } else {
        LOG.info("Operator {} given a new token by {}", name, caller.name());
        json(ctx, 200, new JsonObject().put("name", name).put("token", ar.result().token())
            .put("expiresAt", ar.result().expiresAt().toString()));
      }
    });
  }

  private static void fail(RoutingContext ctx, Throwable err) {
    if (err instanceof OperatorException e) {
      OperatorAuth.refuse(ctx, e);
      return;
    }
    internalError(ctx, err);
  }
}
