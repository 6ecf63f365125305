package org.doorstep.fleet.commands;

import static org.doorstep.fleet.web.ApiAnswers.error;
import static org.doorstep.fleet.web.ApiAnswers.json;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.operators.Permission;
import org.doorstep.fleet.operators.RegionScope;
import org.doorstep.fleet.web.ApiAnswers;
import org.doorstep.fleet.web.OperatorAuth;

/**
 * REST routes of commands:
 * <pre>
 * POST /api/commands              {deviceId, name, args?: {string: string}, ttl?: "PT10M"}
 *                                 → 201 {commandId, deviceId, name, args, expiresAt, createdAt, status: "SENT"}
 *                                 | 400 invalid | 404 unknown or revoked device
 * GET  /api/commands?device=&amp;limit=  newest first (limit 1..500, default 50)
 * GET  /api/commands/{id}         the command, its status (that of its first result) and every result received
 *                                 | 403 FORBIDDEN_REGION when its device lies outside the operator's region
 * </pre>
 * Every route needs an operator ({@link OperatorAuth}) and is region-scoped by the command's device.
 * Errors are {@code {"error": "…"}}.
 */
public final class CommandApi {

  private final CommandService service;
  private final DeviceRegistry registry;

  private CommandApi(CommandService service, DeviceRegistry registry) {
    this.service = service;
    this.registry = registry;
  }

  /** Adds the routes to {@code router}, which must already parse bodies on {@code /api/*}. */
  public static void mount(Router router, CommandService service, DeviceRegistry registry) {
    CommandApi api = new CommandApi(service, registry);
    Handler<RoutingContext> read = OperatorAuth.require(Permission.READ_DEVICES);
    router.post("/api/commands").handler(OperatorAuth.require(Permission.SEND_COMMANDS))
        .handler(OperatorAuth.requireDeviceRegion(registry, ctx -> OperatorAuth.bodyString(ctx, "deviceId")))
        .handler(api::send);
    // A regional operator lists the commands of one named device of its region.
    router.get("/api/commands").handler(read)
        .handler(OperatorAuth.requireDeviceRegion(registry, ctx -> Optional.ofNullable(ctx.request().getParam("device"))))
        .handler(api::list);
    router.get("/api/commands/:id").handler(read).handler(api::view);
  }

  /** One command, shown only when its device is within the operator's region. */
  private void view(RoutingContext ctx) {
    service.view(ctx.pathParam("id")).compose(view -> registry.find(view.getString("deviceId"))
        .map(device -> Map.entry(view, device.map(d -> d.region()))))
        .onComplete(ar -> {
          if (ar.failed()) {
            answer(ctx, Future.failedFuture(ar.cause()), 200);
            return;
          }
          JsonObject view = ar.result().getKey();
          // A command whose device is no longer registered is shown to national operators only.
          String region = ar.result().getValue().orElse(RegionScope.NATIONAL);
          if (OperatorAuth.permitRegion(ctx, region, "command " + view.getString("commandId"))) {
            json(ctx, 200, view);
          }
        });
  }

  private void send(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      error(ctx, 400, "body: must be a JSON object {deviceId, name, args?, ttl?}");
      return;
    }
    Map<String, String> args = new LinkedHashMap<>();
    Optional<Duration> ttl;
    String deviceId;
    String name;
    try {
      deviceId = body.getString("deviceId");
      name = body.getString("name");
      JsonObject a = body.getJsonObject("args", new JsonObject());
      for (String k : a.fieldNames()) {
        Object v = a.getValue(k);
        if (!(v instanceof String s)) {
          error(ctx, 400, "args." + k + ": must be a string");
          return;
        }
        args.put(k, s);
      }
      String t = body.getString("ttl");
      ttl = t == null ? Optional.empty() : Optional.of(Duration.parse(t));
    } catch (ClassCastException e) {
      error(ctx, 400, "body: deviceId and name must be strings, args an object of strings, ttl a string");
      return;
    } catch (DateTimeParseException e) {
      error(ctx, 400, "ttl: must be an ISO-8601 duration like PT10M");
      return;
    }
    answer(ctx, service.send(deviceId, name, args, ttl).map(CommandService::json), 201);
  }

  private void list(RoutingContext ctx) {
    int limit;
    try {
      String l = ctx.request().getParam("limit");
      limit = l == null ? 50 : Integer.parseInt(l);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 500) {
      error(ctx, 400, "limit: must be an integer in 1..500");
      return;
    }
    String device = ctx.request().getParam("device");
    answer(ctx, service.list(Optional.ofNullable(device).filter(d -> !d.isBlank()), limit).map(cs -> {
      JsonArray out = new JsonArray();
      cs.forEach(c -> out.add(CommandService.json(c)));
      return out;
    }), 200);
  }

  private static void answer(RoutingContext ctx, Future<?> result, int status) {
    ApiAnswers.answer(ctx, result, status, (c, err) -> {
      if (!(err instanceof CommandException e)) {
        return false;
      }
      ApiAnswers.error(c, e.reason() == CommandException.Reason.INVALID ? 400 : 404, e.reason().name(), e.getMessage());
      return true;
    });
  }
}
