package org.doorstep.agent.uplink;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.doorstep.agent.records.OutboxBacklog;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the retained {@code doorstep/v1/{id}/state} current: on connect, every heartbeat interval,
 * and whenever peripheral health or the outbox count changes (checked every {@code changeCheck}
 * and on {@link #changed()}). Sends the optional members {@code faults} (paper low or out, fault codes)
 * and {@code outboxOldestAt} (when the oldest pending record was committed), and the terminal's
 * {@code terminalKind} (fleets target config rollouts by it). At most one state
 * publish is in flight; changes during it are coalesced into one more. Also provides the last-will payload ({@link #offlinePayload()}).
 *
 * <p>Confined to the agent's context.
 */
public final class StateReporter {
  private static final Logger LOG = LoggerFactory.getLogger(StateReporter.class);

  private final Vertx vertx;
  private final Uplink uplink;
  private final String deviceId;
  private final String agentVersion;
  private final Optional<String> terminalKind;
  private final long configVersion;
  private final Supplier<Future<Map<String, String>>> peripherals;
  private final Supplier<Map<String, String>> faults;
  private final Supplier<Future<OutboxBacklog>> backlog;
  private final Duration heartbeat;
  private final Duration changeCheck;
  private final Clock clock;

  private boolean publishing;
  private boolean dirty;
  private long heartbeatTimer = -1;
  private long checkTimer = -1;
  private volatile Map<String, String> lastPeripherals = Map.of();
  private volatile Map<String, String> lastFaults = Map.of();
  private volatile OutboxBacklog lastBacklog = new OutboxBacklog(0, Optional.empty());
  private DeviceState lastPublished;

  /**
   * @param terminalKind the terminal's {@code device.kind} ({@code KIOSK}, {@code BANK_TERMINAL})
   * @param peripherals current health word per peripheral
   * @param faults      current fault code per peripheral that is not fully well (the state's optional
   *                    {@code faults}: PAPER_OUT, PAPER_LOW, TAMPER_OPEN …)
   * @param backlog     current outbox backlog (pending count, oldest pending)
   * @param heartbeat   the policy's heartbeat interval
   * @param changeCheck how often health and the pending count are compared with the last state
   */
  public StateReporter(Vertx vertx, Uplink uplink, String deviceId, String agentVersion,
      Optional<String> terminalKind, long configVersion, Supplier<Future<Map<String, String>>> peripherals, Supplier<Map<String, String>> faults,
      Supplier<Future<OutboxBacklog>> backlog, Duration heartbeat,
      Duration changeCheck, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.uplink = Objects.requireNonNull(uplink, "uplink");
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.agentVersion = Objects.requireNonNull(agentVersion, "agentVersion");
    this.terminalKind = Objects.requireNonNull(terminalKind, "terminalKind");
    this.configVersion = configVersion;
    this.peripherals = Objects.requireNonNull(peripherals, "peripherals");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.backlog = Objects.requireNonNull(backlog, "backlog");
    this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    this.changeCheck = Objects.requireNonNull(changeCheck, "changeCheck");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts the timers and reports on every connect. */
  public void start() {
    uplink.addStatusHandler(s -> {
      if (s.connected()) {
        report();
      }
    });
    heartbeatTimer = vertx.setPeriodic(Math.max(10, heartbeat.toMillis()), id -> report());
    checkTimer = vertx.setPeriodic(Math.max(10, changeCheck.toMillis()), id -> reportIfChanged());
  }

  /** Stops the timers. */
  public void stop() {
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
    }
  }

  /** Something the state shows may have changed: report if it did. */
  public void changed() {
    reportIfChanged();
  }

  private void reportIfChanged() {
    snapshot(true).onSuccess(s -> {
      if (lastPublished == null || !s.peripherals().equals(lastPublished.peripherals())
          || !s.faults().equals(lastPublished.faults()) || s.outboxPending() != lastPublished.outboxPending()
          || !s.outboxOldestAt().equals(lastPublished.outboxOldestAt())) {
        report();
      }
    });
  }

  /** Publishes the current state now (coalesced with a publish in flight). */
  public void report() {
    if (!uplink.status().connected()) {
      return;
    }
    if (publishing) {
      dirty = true;
      return;
    }
    publishing = true;
    snapshot(true)
        .compose(s -> uplink.publish(Topics.topic(deviceId, Topics.Channel.STATE),
            WireCodec.encodeUnsigned(MessageType.STATE, s), true).map(s))
        .onSuccess(s -> lastPublished = s)
        .onFailure(err -> LOG.debug("state not published: {}", err.getMessage()))
        .onComplete(r -> {
          publishing = false;
          if (dirty) {
            dirty = false;
            report();
          }
        });
  }

  /** Publishes {@code online=false} (clean shutdown; the broker drops the will on a clean disconnect). */
  public Future<Void> reportOffline() {
    if (!uplink.status().connected()) {
      return Future.succeededFuture();
    }
    return uplink.publish(Topics.topic(deviceId, Topics.Channel.STATE), offlinePayload(), true);
  }

  /**
   * The last-will payload: the last known state with {@code online=false}. Thread-safe (Paho asks for
   * it when connecting).
   */
  public byte[] offlinePayload() {
    return WireCodec.encodeUnsigned(MessageType.STATE, new DeviceState(deviceId, false, agentVersion,
        configVersion, lastPeripherals, lastBacklog.pending(), clock.instant(), lastFaults,
        lastBacklog.oldestPendingAt(), terminalKind));
  }

  private Future<DeviceState> snapshot(boolean online) {
    return peripherals.get().compose(p -> backlog.get().map(b -> {
      Map<String, String> f = faults.get();
      lastPeripherals = p;
      lastFaults = f;
      lastBacklog = b;
      return new DeviceState(deviceId, online, agentVersion, configVersion, p, b.pending(), clock.instant(), f,
          b.oldestPendingAt(), terminalKind);
    }));
  }
}
