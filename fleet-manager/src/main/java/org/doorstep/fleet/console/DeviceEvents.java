package org.doorstep.fleet.console;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.ingest.DeviceFeedback;
import org.doorstep.fleet.store.RegisteredDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every device state the ingest pipeline decoded on the event bus ({@link #ADDRESS}) for the
 * console's live feed, with the device's registered region (so that each feed shows only its operator's
 * region), and hands everything on to {@code next} (commands and rollouts) unchanged. States of
 * unregistered devices are not published.
 *
 * <p>Event: {@code {"deviceId", "region", "online", "agentVersion", "configVersion", "peripherals":
 * {name: health}, "outboxPending", "reportedAt"}}; no personal data is in a state.
 */
public final class DeviceEvents implements DeviceFeedback {
  /** Event-bus address of device state events (local to this fleet process). */
  public static final String ADDRESS = "doorstep.console.device-state";
  private static final Logger LOG = LoggerFactory.getLogger(DeviceEvents.class);

  private final Vertx vertx;
  private final DeviceRegistry registry;
  private final DeviceFeedback next;

  /**
   * @param next where command results and states go besides the console (the command service)
   */
  public DeviceEvents(Vertx vertx, DeviceRegistry registry, DeviceFeedback next) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void commandResult(String deviceId, WireMessage message, CommandResult result) {
    next.commandResult(deviceId, message, result);
  }

  @Override
  public void state(String deviceId, DeviceState state) {
    next.state(deviceId, state);
    registry.find(deviceId).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("State event of {} not published: {}", deviceId, ar.cause().getMessage());
      } else {
        ar.result().map(RegisteredDevice::region)
            .ifPresent(region -> vertx.eventBus().publish(ADDRESS, json(state, region)));
      }
    });
  }

  static JsonObject json(DeviceState s, String region) {
    return new JsonObject()
        .put("deviceId", s.deviceId())
        .put("region", region)
        .put("online", s.online())
        .put("agentVersion", s.agentVersion())
        .put("configVersion", s.configVersion())
        .put("peripherals", new JsonObject(new java.util.TreeMap<String, Object>(s.peripherals())))
        .put("outboxPending", s.outboxPending())
        .put("reportedAt", s.reportedAt().toString());
  }
}
