package org.doorstep.fleet.console;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import org.doorstep.fleet.alarms.AlarmService;
import org.doorstep.fleet.operators.Operator;
import org.doorstep.fleet.operators.Permission;
import org.doorstep.fleet.operators.RegionScope;
import org.doorstep.fleet.web.OperatorAuth;

/**
 * The console's live feed:
 * <pre>
 * GET /api/events    READ_DEVICES: server-sent events (text/event-stream), one {@code event: device} with
 *                    the {@link DeviceEvents} JSON as data for every state of a device in the operator's
 *                    region, and (with READ_ALARMS) one {@code event: alarm} with
 *                    {@code {"event": raised|updated|acknowledged|cleared|escalated, "alarm": {…}}} for every
 *                    change of an alarm in the operator's region ({@link AlarmService#EVENTS_ADDRESS}; the
 *                    fleet's own alarms, region 86, reach national operators only); a comment line every
 *                    {@link #KEEP_ALIVE} keeps proxies from closing it
 * </pre>
 * Each event is one {@code data:} line (compact JSON). Events that happen while no feed is open are not
 * replayed: a page loads the current lists through the REST routes, then follows the feed.
 * The feed is read with {@code fetch} and a stream reader (not {@code EventSource}) because it needs the
 * operator's {@code Authorization} header like every other route.
 */
public final class EventsApi {
  /** Interval of the keep-alive comment. */
  public static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  private final Vertx vertx;

  private EventsApi(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Adds the routes to {@code router}, whose {@code /api/*} routes are behind {@link OperatorAuth}. */
  public static void mount(Vertx vertx, Router router) {
    EventsApi api = new EventsApi(vertx);
    router.get("/api/events").handler(OperatorAuth.require(Permission.READ_DEVICES)).handler(api::events);
  }

  private void events(RoutingContext ctx) {
    Operator operator = OperatorAuth.operator(ctx);
    RegionScope scope = operator.region();
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.write(": doorstep device events\n\n");
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(DeviceEvents.ADDRESS, msg -> {
      JsonObject event = msg.body();
      if (scope.covers(event.getString("region"))) {
        response.write("event: device\ndata: " + event.encode() + "\n\n");
      }
    });
    Optional<MessageConsumer<JsonObject>> alarms = operator.may(Permission.READ_ALARMS)
        ? Optional.of(vertx.eventBus().<JsonObject>consumer(AlarmService.EVENTS_ADDRESS, msg -> {
          JsonObject alarm = msg.body().getJsonObject("alarm");
          if (alarm != null && scope.covers(alarm.getString("region"))) {
            response.write("event: alarm\ndata: " + msg.body().encode() + "\n\n");
          }
        }))
        : Optional.empty();
    long timer = vertx.setPeriodic(KEEP_ALIVE.toMillis(), id -> response.write(": keep-alive\n\n"));
    Runnable stop = () -> {
      vertx.cancelTimer(timer);
      consumer.unregister();
      alarms.ifPresent(MessageConsumer::unregister);
    };
    response.closeHandler(v -> stop.run());
    response.exceptionHandler(e -> stop.run());
  }
}
