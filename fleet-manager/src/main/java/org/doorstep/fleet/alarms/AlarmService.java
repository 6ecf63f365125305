package org.doorstep.fleet.alarms;

import org.doorstep.fleet.alarms.rules.Alarm;
import org.doorstep.fleet.alarms.rules.AlarmState;
import org.doorstep.fleet.alarms.rules.AlarmType;
import org.doorstep.fleet.alarms.rules.Severity;
import org.doorstep.fleet.alarms.rules.AlarmLifecycle;
import org.doorstep.fleet.alarms.rules.AlarmConditions;
import org.doorstep.fleet.alarms.rules.AlarmThresholds;
import org.doorstep.fleet.alarms.rules.DeviceFacts;
import org.doorstep.fleet.alarms.rules.Condition;
import org.doorstep.fleet.alarms.rules.RegionTree;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.doorstep.config.bundle.ConfigReport;
import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.ingest.DeviceFeedback;
import org.doorstep.fleet.operators.RegionScope;
import org.doorstep.fleet.store.DeviceOverview;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the alarms: keeps what the fleet knows of each device ({@link DeviceFacts}), applies
 * {@link AlarmConditions} on every state message, config report and timer tick
 * ({@link AlarmThresholds#tick()}), drives each (source, type) through {@link AlarmLifecycle}, stores
 * every change ({@link AlarmStore}), publishes {@code doorstep_alarms_active{severity,state}} and hands
 * every change to the {@link AlarmWebhook} and to the event bus ({@link #EVENTS_ADDRESS}). Operators acknowledge and clear through {@link #acknowledge}
 * and {@link #clear}.
 *
 * <p>The active alarms live in memory, loaded from the store on {@link #start()}; changes are written in
 * the order they happen, batched while a transaction runs. A store failure is logged and raises STORE_FAILING; the in-memory state and the
 * webhook go on (the notification may be the only trace an operator gets of a failing store).
 *
 * <p>Threads: everything runs on the context {@link #start()} was called on; the ingest callbacks
 * ({@link #state}, {@link #commandResult}) and {@link #configReport} hop onto it. One instance per fleet
 * (ARCHITECTURE: fleet jobs such as alarms are leader-elected when several instances run).
 */
public final class AlarmService implements DeviceFeedback, MeterBinder {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmService.class);
  /**
   * Event-bus address (local to this fleet process) of every alarm change, published once the change was
   * written (or its write failed), in the order the changes happen: {@code {"event": raised | updated |
   * acknowledged | cleared | escalated, "alarm": {…}}}, the alarm as {@link AlarmApi#json} gives it (the
   * webhook's body without {@code sentAt}). The console's live feed forwards it, region-scoped.
   */
  public static final String EVENTS_ADDRESS = "doorstep.alarms.changes";
  /** How often registrations and certificate expiries are re-read from the store. */
  public static final java.time.Duration REFRESH = java.time.Duration.ofMinutes(1);

  private final Vertx vertx;
  private final AlarmStore store;
  private final DeviceRegistry registry;
  private final AlarmThresholds thresholds;
  private final AlarmWebhook webhook;
  private final FleetSignals signals;
  private final Clock clock;

  private final Map<String, Tracked> devices = new HashMap<>();
  // Concurrent: the scrape and tests read them from other threads; only the service's context writes.
  private final Map<Alarm.Key, Alarm> active = new ConcurrentHashMap<>();
  /**
   * Active alarms by severity and state, kept up to date as alarms change (each change is O(1): counting the
   * active alarms on every change made an OFFLINE storm of 10,000 kiosks quadratic and blocked the event loop).
   */
  private final Map<Severity, Map<AlarmState, AtomicLong>> activeCounts = new EnumMap<>(Severity.class);
  private Context context;
  private Instant startedAt;
  // Changes waiting for the next store transaction, and who waits for it; one transaction at a time.
  private final List<Alarm> pending = new ArrayList<>();
  private final List<Promise<Void>> waiters = new ArrayList<>();
  private boolean writing;
  private volatile Instant lastStoreFailureAt;
  private long lastIngestFailures;
  private long tickTimer = -1;
  private long refreshTimer = -1;

  /**
   * What the fleet itself reports, for CRL_STALE and STORE_FAILING.
   *
   * @param crlRequired   whether a CRL file for an external broker is configured
   * @param crlWrittenAt  when it was last written
   * @param storeFailures store transactions of ingest that failed so far (a growing count)
   */
  public record FleetSignals(boolean crlRequired, Supplier<Optional<Instant>> crlWrittenAt, LongSupplier storeFailures) {
    public FleetSignals {
      Objects.requireNonNull(crlWrittenAt, "crlWrittenAt");
      Objects.requireNonNull(storeFailures, "storeFailures");
    }
  }

  private static final class Tracked {
    DeviceFacts facts;
    String region;

    Tracked(DeviceFacts facts, String region) {
      this.facts = facts;
      this.region = region;
    }
  }

  public AlarmService(Vertx vertx, AlarmStore store, DeviceRegistry registry, AlarmThresholds thresholds,
      AlarmWebhook webhook, FleetSignals signals, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    for (Severity sev : Severity.values()) {
      Map<AlarmState, AtomicLong> byState = new EnumMap<>(AlarmState.class);
      byState.put(AlarmState.ACTIVE_UNACK, new AtomicLong());
      byState.put(AlarmState.ACTIVE_ACK, new AtomicLong());
      activeCounts.put(sev, byState);
    }
    this.registry = Objects.requireNonNull(registry, "registry");
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    this.webhook = Objects.requireNonNull(webhook, "webhook");
    this.signals = Objects.requireNonNull(signals, "signals");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Loads the active alarms, the registered devices with their last state and the certificate
   * expiries, then evaluates once and starts the timers. Call on the context the service is to run on.
   */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    startedAt = clock.instant();
    lastIngestFailures = signals.storeFailures().getAsLong();
    registry.onRevoked(id -> context.runOnContext(v -> {
      Tracked t = devices.get(id);
      if (t != null) {
        t.facts = t.facts.withRevoked(true);
        evaluate(t, clock.instant(), false);
      }
    }));
    return store.active().compose(list -> {
      list.forEach(a -> {
        active.put(a.key(), a);
        count(a, 1);
      });
      return refresh();
    }).map(v -> {
      tick();
      tickTimer = vertx.setPeriodic(Math.max(1, thresholds.tick().toMillis()), id -> tick());
      refreshTimer = vertx.setPeriodic(REFRESH.toMillis(), id -> refresh()
          .onFailure(err -> LOG.warn("Alarm facts not refreshed: {}", err.getMessage())));
      LOG.info("Alarms up: {} active, {} device(s), OFFLINE after {}, webhook {}", active.size(), devices.size(),
          thresholds.offlineAfter(), webhook.enabled() ? "on" : "off");
      return null;
    });
  }

  /** Stops the timers and the webhook client (deliveries under way are abandoned). */
  public void stop() {
    if (tickTimer >= 0) {
      vertx.cancelTimer(tickTimer);
    }
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    webhook.close();
  }

  private Future<Void> refresh() {
    return registry.list().compose(all -> store.certificateExpiries().map(expiries -> {
      Instant now = clock.instant();
      for (DeviceOverview o : all) {
        String id = o.device().deviceId();
        Tracked t = devices.get(id);
        if (t == null) {
          DeviceFacts f = DeviceFacts.of(id);
          Optional<DeviceState> last = o.stateJson().flatMap(AlarmService::parse);
          if (last.isPresent()) {
            // Heard "now" for a device last seen online: a fleet restart must not raise a wave of OFFLINE.
            f = f.withState(last.get(), last.get().online() ? now : o.stateAt().orElse(now));
          }
          t = new Tracked(f, o.device().region());
          devices.put(id, t);
        }
        t.region = o.device().region();
        t.facts = t.facts.withRevoked(o.device().revoked())
            .withCertificateNotAfter(Optional.ofNullable(expiries.get(id)));
      }
      return null;
    }));
  }

  private static Optional<DeviceState> parse(String json) {
    try {
      return Optional.of(WireCodec.mapper().readValue(json, DeviceState.class));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  // ---- inputs

  @Override
  public void commandResult(String deviceId, WireMessage message, CommandResult result) {
    // Config reports arrive verified through configReport.
  }

  /** A state message (any thread): evaluated at once. */
  @Override
  public void state(String deviceId, DeviceState state) {
    if (context == null) {
      return; // not started: wired before start() only in a broken setup
    }
    Instant received = clock.instant();
    context.runOnContext(v -> tracked(deviceId).onSuccess(t -> t.ifPresent(tr -> {
      tr.facts = tr.facts.withState(state, received);
      evaluate(tr, clock.instant(), false);
    })).onFailure(err -> LOG.warn("State of {} not evaluated for alarms: {}", deviceId, err.getMessage())));
  }

  /** A verified config report (any thread): a refusal raises CONFIG_REFUSED until a later version is in force. */
  public void configReport(String deviceId, ConfigReport report) {
    if (report.isApplied() || context == null) {
      return; // the state's configVersion clears it
    }
    context.runOnContext(v -> tracked(deviceId).onSuccess(t -> t.ifPresent(tr -> {
      tr.facts = tr.facts.withRefusedConfigVersion(report.version());
      evaluate(tr, clock.instant(), false);
    })));
  }

  private Future<Optional<Tracked>> tracked(String deviceId) {
    Tracked t = devices.get(deviceId);
    if (t != null) {
      return Future.succeededFuture(Optional.of(t));
    }
    // Registered after the last refresh (or never: a state from an unknown device raises nothing; the
    // registry's lookup remembers unknown ids, so that a stranger's states do not query the store each time).
    return registry.lookup(deviceId).compose(known -> known.isEmpty()
        ? Future.succeededFuture(Optional.<Tracked>empty())
        : registry.find(deviceId).map(found -> found.map(d -> devices.computeIfAbsent(deviceId,
            id -> new Tracked(DeviceFacts.of(id).withRevoked(d.revoked()), d.region())))));
  }

  private void tick() {
    Instant now = clock.instant();
    long failures = signals.storeFailures().getAsLong();
    if (failures > lastIngestFailures) {
      lastStoreFailureAt = now;
      lastIngestFailures = failures;
    }
    for (Tracked t : devices.values()) {
      evaluate(t, now, true);
    }
    Map<AlarmType, Condition> fleet = AlarmConditions.fleet(signals.crlRequired(), signals.crlWrittenAt().get(),
        startedAt, Optional.ofNullable(lastStoreFailureAt), thresholds, now);
    for (AlarmType type : AlarmType.values()) {
      if (type.fleetWide()) {
        raiseOrEnd(Alarm.FLEET_SOURCE, RegionScope.NATIONAL, type, Optional.ofNullable(fleet.get(type)), now);
      }
    }
    AlarmLifecycle.Event.Tick escalate = new AlarmLifecycle.Event.Tick(thresholds.escalateAfter());
    for (Alarm a : new ArrayList<>(active.values())) {
      apply(a.key(), escalate, now);
    }
  }

  /**
   * Types whose condition time alone can make true (silence, expiry, age of the oldest pending record):
   * a timer tick raises these. The others are raised only by new evidence (a state message, a config
   * report), so that an alarm an operator cleared while its condition held stays cleared until the
   * device reports again (then it is raised anew, as in ThingsBoard).
   */
  private static final java.util.Set<AlarmType> TIME_DRIVEN =
      java.util.EnumSet.of(AlarmType.OFFLINE, AlarmType.CERT_EXPIRING, AlarmType.OUTBOX_BACKLOG);

  private void evaluate(Tracked t, Instant now, boolean tick) {
    Map<AlarmType, Condition> raised = AlarmConditions.device(t.facts, thresholds, now);
    for (AlarmType type : AlarmType.values()) {
      if (type.fleetWide()) {
        continue;
      }
      Optional<Condition> c = Optional.ofNullable(raised.get(type));
      if (tick && c.isPresent() && !TIME_DRIVEN.contains(type) && !active.containsKey(new Alarm.Key(t.facts.deviceId(), type))) {
        continue;
      }
      raiseOrEnd(t.facts.deviceId(), t.region, type, c, now);
    }
  }

  private void raiseOrEnd(String source, String region, AlarmType type, Optional<Condition> condition, Instant now) {
    Alarm.Key key = new Alarm.Key(source, type);
    if (condition.isPresent()) {
      String id = active.containsKey(key) ? active.get(key).id() : UUID.randomUUID().toString();
      apply(key, new AlarmLifecycle.Event.Raise(id, source, region, type, condition.get().severity(),
          condition.get().detail()), now);
    } else if (active.containsKey(key)) {
      apply(key, new AlarmLifecycle.Event.ConditionEnded(), now);
    }
  }

  /**
   * Applies an event to the active alarm of {@code key}; stores and notifies a change.
   *
   * @return the alarm after the event once stored (empty when there is none)
   */
  private Future<Optional<Alarm>> apply(Alarm.Key key, AlarmLifecycle.Event event, Instant now) {
    AlarmLifecycle.Step step = AlarmLifecycle.next(Optional.ofNullable(active.get(key)), event, now);
    if (!step.changed()) {
      return Future.succeededFuture(step.alarm());
    }
    Alarm a = step.alarm().orElseThrow();
    Alarm before = a.state().active() ? active.put(key, a) : active.remove(key);
    if (before != null) {
      count(before, -1);
    }
    if (a.state().active()) {
      count(a, 1);
    }
    return changed(step).map(step.alarm());
  }

  private Future<Void> changed(AlarmLifecycle.Step step) {
    Alarm a = step.alarm().orElseThrow();
    if (step.effect() == AlarmLifecycle.Effect.CREATED || step.effect() == AlarmLifecycle.Effect.ESCALATED) {
      LOG.info("Alarm {} {} {} of {} (region {}): {}", a.id(), event(step.effect()), a.severity(), a.source(),
          a.region(), a.detail());
    } else {
      LOG.debug("Alarm {} {} ({})", a.id(), event(step.effect()), a.state());
    }
    Future<Void> saved = persist(Optional.of(a)).onFailure(err -> {
      lastStoreFailureAt = clock.instant();
      LOG.warn("Alarm {} not stored: {}", a.id(), err.getMessage());
    });
    String event = event(step.effect());
    saved.onComplete(x -> {
      webhook.deliver(event, a);
      vertx.eventBus().publish(EVENTS_ADDRESS, new io.vertx.core.json.JsonObject().put("event", event)
          .put("alarm", AlarmApi.json(a)));
    });
    return saved;
  }

  /**
   * Queues {@code a} (empty: nothing, only wait) for the next store transaction; completes when that
   * transaction did. Changes that happen while one transaction runs go together into the next, so a
   * burst of states (a power cut across a county) costs a few transactions, not one per alarm.
   */
  private Future<Void> persist(Optional<Alarm> a) {
    if (a.isEmpty() && !writing) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    a.ifPresent(pending::add);
    waiters.add(p);
    if (!writing) {
      flush();
    }
    return p.future();
  }

  private void flush() {
    if (waiters.isEmpty()) {
      writing = false;
      return;
    }
    writing = true;
    List<Alarm> batch = List.copyOf(pending);
    List<Promise<Void>> done = List.copyOf(waiters);
    pending.clear();
    waiters.clear();
    store.save(batch).onComplete(ar -> {
      done.forEach(w -> w.handle(ar));
      flush();
    });
  }

  /** The webhook's event name of an effect. */
  static String event(AlarmLifecycle.Effect e) {
    return switch (e) {
      case CREATED -> "raised";
      case UPDATED -> "updated";
      case ACKNOWLEDGED -> "acknowledged";
      case CLEARED -> "cleared";
      case ESCALATED -> "escalated";
      case NONE -> "none";
    };
  }

  // ---- operators

  /**
   * Acknowledges an alarm (idempotent).
   *
   * @return the alarm after; fails with {@link AlarmException} {@code NOT_FOUND}, or a store failure
   */
  public Future<Alarm> acknowledge(String id, String operator) {
    return operate(id, new AlarmLifecycle.Event.Acknowledge(operator));
  }

  /**
   * Clears an alarm by hand (idempotent). Its condition, if it still holds, raises a new alarm on the
   * next evaluation.
   */
  public Future<Alarm> clear(String id, String operator) {
    return operate(id, new AlarmLifecycle.Event.Clear(operator));
  }

  private Future<Alarm> operate(String id, AlarmLifecycle.Event event) {
    return onContext(() -> find(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new AlarmException(AlarmException.Reason.NOT_FOUND, "alarm " + id + " not found"));
      }
      Alarm a = found.get();
      if (a.state().active()) {
        return apply(a.key(), event, clock.instant()).map(Optional::orElseThrow);
      }
      AlarmLifecycle.Step step = AlarmLifecycle.next(Optional.of(a), event, clock.instant());
      return step.changed() ? changed(step).map(step.alarm().orElseThrow()) : Future.succeededFuture(a);
    }));
  }

  /** One alarm: the active one from memory, else from the store. */
  public Future<Optional<Alarm>> find(String id) {
    return onContext(() -> {
      for (Alarm a : active.values()) {
        if (a.id().equals(id)) {
          return Future.succeededFuture(Optional.of(a));
        }
      }
      return persist(Optional.empty()).transform(v -> store.find(id));
    });
  }

  /** A search in the store, after the writes under way (read your writes). */
  public Future<List<Alarm>> list(AlarmStore.Query query) {
    return onContext(() -> persist(Optional.empty()).transform(v -> store.list(query)));
  }

  /** The newest webhook dead letters. */
  public Future<List<AlarmStore.DeadLetter>> deadLetters(int limit) {
    return store.deadLetters(limit);
  }

  /** The active alarms within {@code scope}, rolled up the region tree. */
  public Future<Map<String, RegionTree.Count>> counts(RegionScope scope) {
    return onContext(() -> {
      List<Alarm> mine = new ArrayList<>();
      for (Alarm a : active.values()) {
        if (scope.covers(a.region())) {
          mine.add(a);
        }
      }
      return Future.succeededFuture(RegionTree.rollUp(mine));
    });
  }

  /** The active alarms within {@code scope}, by severity (the national total of a scope). */
  public Future<Map<Severity, Long>> totals(RegionScope scope) {
    return onContext(() -> {
      Map<Severity, Long> out = RegionTree.zeros();
      for (Alarm a : active.values()) {
        if (scope.covers(a.region())) {
          out.merge(a.severity(), 1L, Long::sum);
        }
      }
      return Future.succeededFuture(out);
    });
  }

  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    if (Vertx.currentContext() == context) {
      return work.get();
    }
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(p));
    return p.future();
  }

  // ---- metrics

  @Override
  public void bindTo(MeterRegistry registry) {
    MultiGauge gauge = MultiGauge.builder("doorstep.alarms.active")
        .description("Active alarms by severity and state (ACTIVE_UNACK, ACTIVE_ACK)").register(registry);
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    activeCounts.forEach((sev, byState) -> byState.forEach((st, n) ->
        rows.add(MultiGauge.Row.of(Tags.of("severity", sev.name(), "state", st.name()), n, AtomicLong::get))));
    gauge.register(rows, true);
    FunctionCounter.builder("doorstep.alarms.webhook.deliveries", webhook, AlarmWebhook::delivered)
        .tag("outcome", "delivered").description("Alarm webhook events the receiver took").register(registry);
    FunctionCounter.builder("doorstep.alarms.webhook.deliveries", webhook, AlarmWebhook::deadLettered)
        .tag("outcome", "dead_letter").description("Alarm webhook events kept as dead letters after every attempt failed")
        .register(registry);
  }

  /** Adds {@code delta} to the count of {@code a}'s severity and state (an active alarm's). */
  private void count(Alarm a, long delta) {
    AtomicLong n = activeCounts.get(a.severity()).get(a.state());
    if (n != null) {
      n.addAndGet(delta);
    }
  }

  /** The active alarms now (tests and the benchmark). */
  public Collection<Alarm> active() {
    return List.copyOf(active.values());
  }
}
