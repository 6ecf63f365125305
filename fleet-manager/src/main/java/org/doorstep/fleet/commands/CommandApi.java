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
 * </pre>
 * Errors are {@code {"error": "…"}}.
 *
 * <p>TODO(#6): operator authentication (as for the rest of {@code /api}).
 */
public final class CommandApi {

  private final CommandService service;

  private CommandApi(CommandService service) {
    this.service = service;
  }

  /** Adds the routes to {@code router}, which must already parse bodies on {@code /api/*}. */
  public static void mount(Router router, CommandService service, DeviceRegistry registry) {
    CommandApi api = new CommandApi(service);
    Handler<RoutingContext> read = OperatorAuth.require(Permission.READ_DEVICES);
    router.post("/api/commands").handler(OperatorAuth.require(Permission.SEND_COMMANDS))
        .handler(OperatorAuth.requireDeviceRegion(registry, ctx -> OperatorAuth.bodyString(ctx, "deviceId")))
        .handler(api::send);
    // A regional operator lists the commands of one named device of its region.
    router.get("/api/commands").handler(read)
        .handler(OperatorAuth.requireDeviceRegion(registry, ctx -> Optional.ofNullable(ctx.request().getParam("device"))))
        .handler(api::list);
    router.get("/api/commands/:id").handler(read)
        .handler(ctx -> answer(ctx, service.view(ctx.pathParam("id")), 200));
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
