package org.doorstep.fleet.alarms;

import org.doorstep.fleet.alarms.rules.Alarm;
import org.doorstep.fleet.alarms.rules.AlarmState;
import org.doorstep.fleet.alarms.rules.AlarmType;
import org.doorstep.fleet.alarms.rules.Severity;
import org.doorstep.fleet.alarms.rules.RegionTree;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.doorstep.fleet.operators.Operator;
import org.doorstep.fleet.operators.Permission;
import org.doorstep.fleet.operators.RegionScope;
import org.doorstep.fleet.web.ApiAnswers;
import org.doorstep.fleet.web.OperatorAuth;

/**
 * REST routes of alarms (docs/alarms.md), behind {@link OperatorAuth} like every {@code /api} route and
 * limited to the operator's region:
 * <pre>
 * GET  /api/alarms?region=&amp;severity=&amp;state=&amp;type=&amp;device=&amp;limit=
 *                                READ_ALARMS: alarms of the operator's region, newest first. region: a code
 *                                within the operator's scope (2-12 digits; 403 outside it); severity,
 *                                state, type: comma-separated names; state defaults to
 *                                ACTIVE_UNACK,ACTIVE_ACK,CLEARED_UNACK; limit 1..1000 (default 100).
 *                                Answer {items: [alarm]}; an unknown parameter or value is 400
 * GET  /api/alarms/counts        READ_ALARMS: active alarms of the operator's region rolled up the region
 *                                tree: {total: {CRITICAL: n, …}, regions: [{region, level, total, bySeverity}]}
 * GET  /api/alarms/dead-letters?limit=
 *                                MANAGE_ALARMS, national scope: webhook deliveries that failed every attempt
 * GET  /api/alarms/{id}          READ_ALARMS: one alarm | 403 outside the region | 404
 * POST /api/alarms/{id}/ack      MANAGE_ALARMS: acknowledge (idempotent) → 200 alarm | 403 | 404
 * POST /api/alarms/{id}/clear    MANAGE_ALARMS: clear (idempotent) → 200 alarm | 403 | 404
 * </pre>
 * An alarm is {@code {id, source, region, type, severity, state, detail, startedAt, updatedAt,
 * acknowledgedAt?, acknowledgedBy?, clearedAt?, clearedBy?, escalatedAt?}}. The fleet's own alarms
 * (source {@code @fleet}) are in the national region {@code 86}.
 */
public final class AlarmApi {
  /** Largest page. */
  public static final int MAX_LIMIT = 1000;
  /** Default page. */
  public static final int DEFAULT_LIMIT = 100;
  /** States listed when the request names none: everything not yet closed. */
  public static final Set<AlarmState> DEFAULT_STATES =
      EnumSet.of(AlarmState.ACTIVE_UNACK, AlarmState.ACTIVE_ACK, AlarmState.CLEARED_UNACK);
  private static final Set<String> LIST_PARAMS = Set.of("region", "severity", "state", "type", "device", "limit");

  private final AlarmService service;

  private AlarmApi(AlarmService service) {
    this.service = service;
  }

  /** Adds the routes to {@code router}, which must already authenticate operators on {@code /api/*}. */
  public static void mount(Router router, AlarmService service) {
    AlarmApi api = new AlarmApi(service);
    router.get("/api/alarms").handler(OperatorAuth.require(Permission.READ_ALARMS)).handler(api::list);
    router.get("/api/alarms/counts").handler(OperatorAuth.require(Permission.READ_ALARMS)).handler(api::counts);
    router.get("/api/alarms/dead-letters").handler(OperatorAuth.require(Permission.MANAGE_ALARMS))
        .handler(OperatorAuth.requireRegion(ctx -> Optional.empty(), "webhook dead letters"))
        .handler(api::deadLetters);
    router.get("/api/alarms/:id").handler(OperatorAuth.require(Permission.READ_ALARMS))
        .handler(ctx -> api.one(ctx, Optional.empty()));
    router.post("/api/alarms/:id/ack").handler(OperatorAuth.require(Permission.MANAGE_ALARMS))
        .handler(ctx -> api.one(ctx, Optional.of(true)));
    router.post("/api/alarms/:id/clear").handler(OperatorAuth.require(Permission.MANAGE_ALARMS))
        .handler(ctx -> api.one(ctx, Optional.of(false)));
  }

  private void list(RoutingContext ctx) {
    AlarmStore.Query query;
    try {
      query = query(ctx, OperatorAuth.operator(ctx).region());
    } catch (AlarmException e) {
      ApiAnswers.error(ctx, 400, e.getMessage());
      return;
    } catch (RegionRefused e) {
      OperatorAuth.permitRegion(ctx, e.region, "region filter"); // answers 403
      return;
    }
    RegionScope scope = OperatorAuth.operator(ctx).region();
    answer(ctx, service.list(query).map(all -> {
      JsonArray items = new JsonArray();
      // The SQL prefix also matches free-text regions that merely start with the digits; the scope decides.
      all.stream().filter(a -> scope.covers(a.region())).forEach(a -> items.add(json(a)));
      return new JsonObject().put("items", items);
    }));
  }

  /** Thrown inside {@link #query} when the region filter lies outside the operator's scope. */
  private static final class RegionRefused extends RuntimeException {
    final String region;

    RegionRefused(String region) {
      super(region, null, false, false);
      this.region = region;
    }
  }

  private static AlarmStore.Query query(RoutingContext ctx, RegionScope scope) {
    for (String name : ctx.queryParams().names()) {
      if (!LIST_PARAMS.contains(name)) {
        throw new AlarmException(AlarmException.Reason.INVALID, name + ": unknown parameter; known: "
            + new java.util.TreeSet<>(LIST_PARAMS));
      }
      if (ctx.queryParams().getAll(name).size() > 1) {
        throw new AlarmException(AlarmException.Reason.INVALID, name + ": given more than once");
      }
    }
    Optional<String> prefix = scope.isNational() ? Optional.empty() : Optional.of(scope.code());
    String region = ctx.request().getParam("region");
    if (region != null) {
      Optional<String> code = RegionTree.normalise(region.strip());
      if (code.isEmpty()) {
        throw new AlarmException(AlarmException.Reason.INVALID, "region: must be a region code of 2, 4, 6, 9 or 12 "
            + "digits (44, 4401, 440106, 440106001, 440106001001), was '" + region + "'");
      }
      if (!code.get().equals(RegionScope.NATIONAL)) {
        if (!scope.covers(code.get())) {
          throw new RegionRefused(code.get());
        }
        prefix = Optional.of(code.get());
      }
    }
    Set<AlarmState> states = names(ctx, "state", AlarmState.class).orElse(DEFAULT_STATES);
    Optional<Set<Severity>> severities = names(ctx, "severity", Severity.class);
    Optional<Set<AlarmType>> types = names(ctx, "type", AlarmType.class);
    if (severities.map(Set::size).orElse(1) != 1 || types.map(Set::size).orElse(1) != 1) {
      throw new AlarmException(AlarmException.Reason.INVALID, "severity, type: name one value each");
    }
    int limit = DEFAULT_LIMIT;
    String l = ctx.request().getParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new AlarmException(AlarmException.Reason.INVALID, "limit: must be an integer in 1.." + MAX_LIMIT);
      }
    }
    Optional<String> device = Optional.ofNullable(ctx.request().getParam("device")).filter(d -> !d.isBlank());
    return new AlarmStore.Query(prefix, states, severities.map(s -> s.iterator().next()),
        types.map(t -> t.iterator().next()), device, limit);
  }

  private static <E extends Enum<E>> Optional<Set<E>> names(RoutingContext ctx, String param, Class<E> type) {
    String v = ctx.request().getParam(param);
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    Set<E> out = EnumSet.noneOf(type);
    for (String part : v.split(",")) {
      try {
        out.add(Enum.valueOf(type, part.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new AlarmException(AlarmException.Reason.INVALID, param + ": must be one of "
            + List.of(type.getEnumConstants()) + ", was '" + part.strip() + "'");
      }
    }
    return Optional.of(out);
  }

  private void counts(RoutingContext ctx) {
    RegionScope scope = OperatorAuth.operator(ctx).region();
    answer(ctx, service.totals(scope).compose(total -> service.counts(scope).map(byRegion -> {
      JsonArray regions = new JsonArray();
      byRegion.values().stream()
          // A regional operator sees its own node and below, not the province its city lies in.
          .filter(c -> scope.isNational() || c.region().startsWith(scope.code()))
          .forEach(c -> regions.add(new JsonObject().put("region", c.region()).put("level", c.level().name())
              .put("total", c.total()).put("bySeverity", severities(c.bySeverity()))));
      return new JsonObject().put("scope", scope.code()).put("total", severities(total)).put("regions", regions);
    })));
  }

  private static JsonObject severities(Map<Severity, Long> m) {
    JsonObject o = new JsonObject();
    for (Severity s : Severity.values()) {
      o.put(s.name(), m.getOrDefault(s, 0L));
    }
    return o;
  }

  private void deadLetters(RoutingContext ctx) {
    int limit = DEFAULT_LIMIT;
    String l = ctx.request().getParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        ApiAnswers.error(ctx, 400, "limit: must be an integer in 1.." + MAX_LIMIT);
        return;
      }
    }
    answer(ctx, service.deadLetters(limit).map(list -> {
      JsonArray items = new JsonArray();
      list.forEach(d -> items.add(new JsonObject().put("id", d.id()).put("alarmId", d.alarmId()).put("event", d.event())
          .put("attempts", d.attempts()).put("lastError", d.lastError()).put("failedAt", d.failedAt().toString())
          .put("body", new JsonObject(d.body()))));
      return new JsonObject().put("items", items);
    }));
  }

  /** GET one alarm (act empty), acknowledge (true) or clear (false), after the region check. */
  private void one(RoutingContext ctx, Optional<Boolean> act) {
    String id = ctx.pathParam("id");
    Operator operator = OperatorAuth.operator(ctx);
    service.find(id).onComplete(ar -> {
      if (ar.failed()) {
        ApiAnswers.internalError(ctx, ar.cause());
        return;
      }
      if (ar.result().isEmpty()) {
        ApiAnswers.error(ctx, 404, "NOT_FOUND", "alarm " + id + " not found");
        return;
      }
      Alarm a = ar.result().get();
      if (!OperatorAuth.permitRegion(ctx, a.region(), "alarm " + id)) {
        return;
      }
      Future<Alarm> result = act.isEmpty() ? Future.succeededFuture(a)
          : act.get() ? service.acknowledge(id, operator.name()) : service.clear(id, operator.name());
      answer(ctx, result.map(AlarmApi::json));
    });
  }

  private static void answer(RoutingContext ctx, Future<?> result) {
    ApiAnswers.answer(ctx, result, 200, (c, err) -> {
      if (!(err instanceof AlarmException e)) {
        return false;
      }
      ApiAnswers.error(c, e.reason() == AlarmException.Reason.NOT_FOUND ? 404 : 400, e.reason().name(), e.getMessage());
      return true;
    });
  }

  /** The JSON of an alarm (API answers and webhook bodies). */
  public static JsonObject json(Alarm a) {
    JsonObject o = new JsonObject().put("id", a.id()).put("source", a.source()).put("region", a.region())
        .put("type", a.type().name()).put("severity", a.severity().name()).put("state", a.state().name())
        .put("detail", a.detail()).put("startedAt", a.startedAt().toString()).put("updatedAt", a.updatedAt().toString());
    a.acknowledgedAt().ifPresent(t -> o.put("acknowledgedAt", t.toString()));
    a.acknowledgedBy().ifPresent(b -> o.put("acknowledgedBy", b));
    a.clearedAt().ifPresent(t -> o.put("clearedAt", t.toString()));
    a.clearedBy().ifPresent(b -> o.put("clearedBy", b));
    a.escalatedAt().ifPresent(t -> o.put("escalatedAt", t.toString()));
    return o;
  }
}
