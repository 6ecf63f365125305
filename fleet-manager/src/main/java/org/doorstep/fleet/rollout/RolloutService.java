package org.doorstep.fleet.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.doorstep.config.bundle.ConfigReport;
import org.doorstep.config.bundle.LocalOnlyKeys;
import org.doorstep.config.contract.CanonicalJson;
import org.doorstep.config.contract.ConfigBundle;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.ConfigViolation;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.ingest.DevicePublisher;
import org.doorstep.fleet.store.DeviceOverview;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed config push with staged rollout.
 *
 * <ol>
 *   <li>{@link #addVersion}: a configuration document is checked as an agent will load it (over the
 *       built-in defaults, every violation listed) and for {@link LocalOnlyKeys}; a valid one is stored as
 *       the next version.</li>
 *   <li>{@link #startRollout}: the {@link RolloutPlan} splits the registered, unrevoked devices into waves;
 *       the first wave's devices each get a {@link ConfigBundle} naming them ({@code deviceId}), signed
 *       with the fleet config key and published <em>retained</em> on their config topic (an offline kiosk
 *       gets it when it reconnects).</li>
 *   <li>Agents answer with a signed {@link ConfigReport} (applied, or the exact refusal), and their state
 *       shows the version in force; both feed {@link RolloutPlan#next}: the next wave goes out when the
 *       current one has settled, the rollout halts when more devices refuse than the plan tolerates.</li>
 * </ol>
 *
 * <p>Threads: public methods are callable from any thread; all rollout transitions run one at a time on
 * the service's context, so reports arriving together cannot both advance a wave. One fleet instance
 * drives a rollout (TODO(#6): with several instances behind an external broker, only the instance that
 * receives a report advances it; a shared lock or leader is needed).
 */
public final class RolloutService {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutService.class);

  private final Vertx vertx;
  private final Context context;
  private final RolloutStore store;
  private final DeviceRegistry registry;
  private final Signer configKey;
  private final Clock clock;
  private volatile DevicePublisher publisher;
  /** deviceId → version → rolloutId of the RUNNING rollouts where the device is PENDING (states are frequent). */
  private final Map<String, Map<Long, String>> pending = new ConcurrentHashMap<>();
  private Future<?> serial = Future.succeededFuture();

  /**
   * @param configKey the fleet config key ({@link FleetConfigKey})
   */
  public RolloutService(Vertx vertx, RolloutStore store, DeviceRegistry registry, Signer configKey, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.context = vertx.getOrCreateContext();
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.configKey = Objects.requireNonNull(configKey, "configKey");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Where bundles are published; then the pending index of the running rollouts is loaded. */
  public Future<Void> attach(DevicePublisher newPublisher) {
    this.publisher = Objects.requireNonNull(newPublisher, "publisher");
    return serially(() -> store.rollouts(true).compose(running -> {
      List<Future<?>> loads = new ArrayList<>();
      for (RolloutStore.Rollout r : running) {
        loads.add(store.devices(r.rolloutId()).onSuccess(devices -> devices.stream()
            .filter(d -> d.status() == RolloutPlan.DeviceStatus.PENDING)
            .forEach(d -> index(d.deviceId(), r.version(), r.rolloutId()))));
      }
      return Future.all(loads).mapEmpty();
    }));
  }

  /** The public half of the config key, as agents trust it. */
  public String publicKeyPem() {
    return FleetConfigKey.publicKeyPem(configKey.publicKey());
  }

  // ---------------------------------------------------------------------------------------------
  // versions

  /**
   * Checks and stores a configuration document as the next version.
   *
   * @return the new version; fails with {@link RolloutException} (INVALID) listing every violation
   */
  public Future<Long> addVersion(JsonNode document, String note) {
    List<ConfigViolation> violations = check(document);
    if (!violations.isEmpty()) {
      LOG.warn("Config document refused: {} violation(s): {}", violations.size(), violations);
      return Future.failedFuture(new RolloutException(RolloutException.Reason.INVALID,
          violations.size() + " violation(s)", violations));
    }
    String text = CanonicalJson.text(document);
    return store.addVersion(text, note == null ? "" : truncate(note, 200), clock.instant())
        .onSuccess(v -> LOG.info("Config version {} stored ({} bytes)", v, text.length()));
  }

  /** Every violation of {@code document} as an agent would load it, plus local-only keys; empty when valid. */
  public static List<ConfigViolation> check(JsonNode document) {
    if (document == null || !document.isObject()) {
      return List.of(new ConfigViolation("$", "the document must be a mapping of keys (devices, services, policy, "
          + "uplink, local)"));
    }
    List<ConfigViolation> out = new ArrayList<>(LocalOnlyKeys.check(document));
    out.addAll(ConfigLoader.withoutEnvironment().check(document));
    return out;
  }

  /** The stored versions, newest first. */
  public Future<List<RolloutStore.ConfigVersion>> versions() {
    return store.versions();
  }

  // ---------------------------------------------------------------------------------------------
  // rollouts

  /** What an operator sees of a rollout. */
  public record View(RolloutStore.Rollout rollout, List<RolloutStore.Device> devices) {
    /** As JSON for the REST API. */
    public JsonObject toJson() {
      RolloutStore.Rollout r = rollout;
      JsonArray ds = new JsonArray();
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (RolloutPlan.DeviceStatus s : RolloutPlan.DeviceStatus.values()) {
        counts.put(s.name(), 0);
      }
      for (RolloutStore.Device d : devices) {
        counts.merge(d.status().name(), 1, Integer::sum);
        JsonObject j = new JsonObject().put("deviceId", d.deviceId()).put("wave", d.wave())
            .put("status", d.status().name());
        if (!d.reason().isEmpty()) {
          j.put("reason", d.reason()).put("detail", d.detail());
        }
        d.publishedAt().ifPresent(t -> j.put("publishedAt", t.toString()));
        d.reportedAt().ifPresent(t -> j.put("reportedAt", t.toString()));
        ds.add(j);
      }
      return new JsonObject()
          .put("rolloutId", r.rolloutId())
          .put("version", r.version())
          .put("phase", r.phase().name())
          .put("currentWave", r.currentWave())
          .put("haltedReason", r.haltedReason().isEmpty() ? null : r.haltedReason())
          .put("plan", new JsonObject(r.planJson()))
          .put("createdAt", r.createdAt().toString())
          .put("updatedAt", r.updatedAt().toString())
          .put("counts", new JsonObject(new LinkedHashMap<>(counts)))
          .put("devices", ds);
    }
  }

  /** Stores {@code document} as the next version and starts rolling it out with {@code plan}. */
  public Future<View> push(JsonNode document, String note, RolloutPlan plan) {
    return addVersion(document, note).compose(v -> startRollout(v, plan));
  }

  /**
   * Starts rolling out {@code version}: computes the waves over the registered, unrevoked devices and
   * publishes the first.
   *
   * @return the rollout; fails with {@link RolloutException} NOT_FOUND for an unknown version, INVALID
   *     when no device matches the plan
   */
  public Future<View> startRollout(long version, RolloutPlan plan) {
    return serially(() -> store.version(version).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new RolloutException(RolloutException.Reason.NOT_FOUND,
            "config version " + version + " does not exist"));
      }
      return registry.list().compose(all -> {
        List<RolloutPlan.Target> targets = all.stream().filter(o -> !o.device().revoked())
            .map(DeviceOverview::device).map(d -> new RolloutPlan.Target(d.deviceId(), d.region())).toList();
        List<List<String>> waves = plan.waves(targets);
        if (waves.isEmpty()) {
          return Future.failedFuture(new RolloutException(RolloutException.Reason.INVALID,
              "no registered device matches the plan" + plan.region().map(r -> " (region " + r + ")").orElse("")));
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        RolloutPlan.State initial = RolloutPlan.State.initial(waves);
        List<RolloutStore.Device> rows = new ArrayList<>();
        for (int w = 0; w < waves.size(); w++) {
          for (String d : waves.get(w)) {
            rows.add(new RolloutStore.Device(id, d, w, RolloutPlan.DeviceStatus.WAITING, "", "",
                Optional.empty(), Optional.empty()));
          }
        }
        RolloutStore.Rollout r = new RolloutStore.Rollout(id, version, planJson(plan).encode(),
            RolloutPlan.Phase.RUNNING, 0, "", now, now);
        LOG.info("Rollout {} of config version {}: {} device(s) in {} wave(s) {}", id, version, rows.size(),
            waves.size(), waves.stream().map(List::size).toList());
        return store.createRollout(r, rows)
            .compose(v -> transition(r, found.get(), plan, initial, rows, new RolloutPlan.Event.Start()))
            .compose(v -> view(id));
      });
    }));
  }

  /** An operator halts a running rollout: no further wave is published. */
  public Future<View> halt(String rolloutId, String reason) {
    return serially(() -> load(rolloutId).compose(l -> {
      if (l.rollout.phase() != RolloutPlan.Phase.RUNNING) {
        return Future.failedFuture(new RolloutException(RolloutException.Reason.CONFLICT,
            "rollout " + rolloutId + " is " + l.rollout.phase()));
      }
      return transition(l.rollout, l.version, l.plan, l.state, l.devices,
          new RolloutPlan.Event.Halt("halted by operator" + (reason == null || reason.isBlank() ? "" : ": " + reason)));
    }).compose(v -> view(rolloutId)));
  }

  /** The rollout with its devices; fails NOT_FOUND when unknown. */
  public Future<View> view(String rolloutId) {
    return store.rollout(rolloutId).compose(r -> r.isEmpty()
        ? Future.failedFuture(new RolloutException(RolloutException.Reason.NOT_FOUND, "rollout " + rolloutId + " does not exist"))
        : store.devices(rolloutId).map(ds -> new View(r.get(), ds)));
  }

  /** Every rollout (without devices), newest first. */
  public Future<List<RolloutStore.Rollout>> rollouts() {
    return store.rollouts(false);
  }

  /** One device's rows across rollouts, newest first. */
  public Future<List<RolloutStore.Device>> deviceHistory(String deviceId) {
    return store.deviceHistory(deviceId);
  }

  // ---------------------------------------------------------------------------------------------
  // reports

  /**
   * A device's signed config report (its signature already verified). Any thread.
   */
  public void onReport(String deviceId, ConfigReport report) {
    context.runOnContext(v -> serially(() -> store.rollouts(true).compose(running -> {
      Future<Void> chain = Future.succeededFuture();
      for (RolloutStore.Rollout r : running) {
        if (r.version() == report.version()) {
          chain = chain.compose(x -> onDeviceReport(r.rolloutId(), deviceId, report.isApplied(), report.reason(),
              report.detail()));
        }
      }
      return chain;
    })).onFailure(err -> LOG.warn("Config report of {} not processed: {}", deviceId, err.getMessage())));
  }

  /** A device's state showing {@code configVersion} in force. Any thread; cheap when nothing is pending. */
  public void onState(String deviceId, long configVersion) {
    Map<Long, String> mine = pending.get(deviceId);
    String rolloutId = mine == null ? null : mine.get(configVersion);
    if (rolloutId == null) {
      return;
    }
    context.runOnContext(v -> serially(() -> onDeviceReport(rolloutId, deviceId, true, ConfigReport.APPLIED,
        "state shows version " + configVersion))
        .onFailure(err -> LOG.warn("State of {} not processed: {}", deviceId, err.getMessage())));
  }

  private Future<Void> onDeviceReport(String rolloutId, String deviceId, boolean applied, String reason, String detail) {
    return load(rolloutId).compose(l -> {
      Optional<RolloutStore.Device> row = l.devices.stream().filter(d -> d.deviceId().equals(deviceId)).findFirst();
      if (row.isEmpty()) {
        return Future.succeededFuture();
      }
      if (!applied) {
        LOG.warn("Device {} refused config version {} of rollout {}: {} {}", deviceId, l.rollout.version(), rolloutId,
            reason, detail);
      }
      RolloutPlan.Event e = applied ? new RolloutPlan.Event.Applied(deviceId) : new RolloutPlan.Event.Refused(deviceId, reason);
      // Record what the device said even when the machine ignores it (late or repeated report).
      RolloutStore.Device d = row.get();
      RolloutStore.Device reported = new RolloutStore.Device(rolloutId, deviceId, d.wave(),
          d.status() == RolloutPlan.DeviceStatus.PENDING
              ? (applied ? RolloutPlan.DeviceStatus.APPLIED : RolloutPlan.DeviceStatus.REFUSED) : d.status(),
          applied ? "" : reason, applied ? "" : detail, d.publishedAt(), Optional.of(clock.instant()));
      if (d.status() != RolloutPlan.DeviceStatus.PENDING) {
        if (applied || d.status() == RolloutPlan.DeviceStatus.WAITING) {
          return Future.succeededFuture(); // a repeat (config report and state both say so), or not its wave yet
        }
        // A refusal after the device settled: keep its status and time, record what it said last.
        return store.update(rolloutId, l.rollout.phase(), l.rollout.currentWave(), l.rollout.haltedReason(),
            clock.instant(), List.of(new RolloutStore.Device(rolloutId, deviceId, d.wave(), d.status(), reason, detail,
                d.publishedAt(), d.reportedAt())));
      }
      List<RolloutStore.Device> devices = new ArrayList<>(l.devices);
      devices.replaceAll(x -> x.deviceId().equals(deviceId) ? reported : x);
      return transition(l.rollout, l.version, l.plan, l.state, devices, e, reported);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // the machine's effects

  private Future<Void> transition(RolloutStore.Rollout r, RolloutStore.ConfigVersion version, RolloutPlan plan,
      RolloutPlan.State state, List<RolloutStore.Device> rows, RolloutPlan.Event event, RolloutStore.Device... touched) {
    Instant now = clock.instant();
    RolloutPlan.Step step = plan.next(state, event, now);
    Map<String, RolloutStore.Device> changed = new LinkedHashMap<>();
    for (RolloutStore.Device t : touched) {
      changed.put(t.deviceId(), t);
    }
    if (state.devices().equals(step.state().devices()) && step.effects().isEmpty() && changed.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, RolloutStore.Device> byId = new HashMap<>();
    rows.forEach(d -> byId.put(d.deviceId(), d));
    List<Future<?>> publishes = new ArrayList<>();
    for (RolloutPlan.Effect effect : step.effects()) {
      if (effect instanceof RolloutPlan.Effect.Publish p) {
        LOG.info("Rollout {}: wave {} of {} — publishing config version {} to {} device(s)", r.rolloutId(),
            p.wave() + 1, step.state().waves().size(), r.version(), p.deviceIds().size());
        for (String id : p.deviceIds()) {
          RolloutStore.Device d = byId.get(id);
          changed.put(id, new RolloutStore.Device(r.rolloutId(), id, d.wave(), RolloutPlan.DeviceStatus.PENDING, "", "",
              Optional.of(now), Optional.empty()));
          index(id, r.version(), r.rolloutId());
          publishes.add(publishBundle(id, version).onFailure(err -> LOG.warn(
              "Config version {} not published to {}: {}", r.version(), id, err.getMessage())));
        }
      } else if (effect instanceof RolloutPlan.Effect.Halted h) {
        LOG.warn("Rollout {} of config version {} HALTED: {}", r.rolloutId(), r.version(), h.reason());
      } else {
        LOG.info("Rollout {} of config version {} completed", r.rolloutId(), r.version());
      }
    }
    step.state().devices().forEach((id, s) -> {
      if (s != RolloutPlan.DeviceStatus.PENDING) {
        unindex(id, r.version());
      }
    });
    if (step.state().phase() != RolloutPlan.Phase.RUNNING) {
      step.state().devices().keySet().forEach(id -> unindex(id, r.version()));
    }
    RolloutPlan.State s = step.state();
    return store.update(r.rolloutId(), s.phase(), s.wave(), s.haltedReason(), now, List.copyOf(changed.values()))
        .compose(v -> Future.join(publishes).otherwiseEmpty().mapEmpty());
  }

  private Future<Void> publishBundle(String deviceId, RolloutStore.ConfigVersion version) {
    DevicePublisher p = publisher;
    if (p == null) {
      return Future.failedFuture(new IllegalStateException("no broker attached"));
    }
    JsonNode doc;
    try {
      doc = WireCodec.mapper().readTree(version.documentJson());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Future.failedFuture(new IllegalStateException("stored config version " + version.version()
          + " is not JSON: " + e.getOriginalMessage()));
    }
    byte[] payload = WireCodec.encodeSigned(MessageType.CONFIG,
        new ConfigBundle(version.version(), doc, Optional.of(deviceId)), configKey);
    return p.publish(Topics.topic(deviceId, Topics.Channel.CONFIG), payload, true);
  }

  private void index(String deviceId, long version, String rolloutId) {
    pending.computeIfAbsent(deviceId, k -> new ConcurrentHashMap<>()).put(version, rolloutId);
  }

  private void unindex(String deviceId, long version) {
    Map<Long, String> m = pending.get(deviceId);
    if (m != null) {
      m.remove(version);
    }
  }

  /** A rollout as the machine needs it. */
  private record Loaded(RolloutStore.Rollout rollout, RolloutStore.ConfigVersion version, RolloutPlan plan,
      RolloutPlan.State state, List<RolloutStore.Device> devices) {}

  private Future<Loaded> load(String rolloutId) {
    return store.rollout(rolloutId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new RolloutException(RolloutException.Reason.NOT_FOUND,
            "rollout " + rolloutId + " does not exist"));
      }
      RolloutStore.Rollout r = found.get();
      return store.version(r.version()).compose(v -> store.devices(rolloutId).map(devices -> {
        int waveCount = devices.stream().mapToInt(RolloutStore.Device::wave).max().orElse(-1) + 1;
        List<List<String>> waves = new ArrayList<>();
        for (int i = 0; i < waveCount; i++) {
          waves.add(new ArrayList<>());
        }
        Map<String, RolloutPlan.DeviceStatus> statuses = new LinkedHashMap<>();
        for (RolloutStore.Device d : devices) {
          waves.get(d.wave()).add(d.deviceId());
          statuses.put(d.deviceId(), d.status());
        }
        RolloutPlan.State state = new RolloutPlan.State(r.phase(), r.currentWave(), waves, statuses, r.haltedReason());
        return new Loaded(r, v.orElseThrow(), plan(new JsonObject(r.planJson())), state, devices);
      }));
    });
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing

  /** The plan as stored and shown. */
  public static JsonObject planJson(RolloutPlan p) {
    JsonObject j = new JsonObject()
        .put("canary", new JsonArray(p.canary()))
        .put("waves", new JsonArray(p.wavePercents()))
        .put("maxRefusals", p.maxRefusals());
    p.region().ifPresent(r -> j.put("region", r));
    return j;
  }

  /**
   * A plan from JSON ({@code canary}, {@code waves}, {@code region}, {@code maxRefusals}; all optional).
   *
   * @throws IllegalArgumentException naming the member at fault
   */
  public static RolloutPlan plan(JsonObject j) {
    try {
      List<String> canary = new ArrayList<>();
      JsonArray c = j.getJsonArray("canary", new JsonArray());
      for (int i = 0; i < c.size(); i++) {
        canary.add(c.getString(i));
      }
      List<Integer> waves = new ArrayList<>();
      JsonArray w = j.getJsonArray("waves", new JsonArray().add(100));
      for (int i = 0; i < w.size(); i++) {
        waves.add(w.getInteger(i));
      }
      return new RolloutPlan(canary, waves, Optional.ofNullable(j.getString("region")),
          j.getInteger("maxRefusals", 0));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("plan: canary must be a list of device ids, waves a list of integers, "
          + "region a string, maxRefusals an integer");
    }
  }

  private <T> Future<T> serially(Supplier<Future<T>> work) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> {
      Future<T> mine = serial.transform(ignored -> {
        try {
          return work.get();
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      });
      serial = mine;
      mine.onComplete(p);
    });
    return p.future();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
