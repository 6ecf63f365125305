package org.doorstep.fleet.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
 *   <li>{@link #startRollout}: the {@link RolloutPlan} picks the registered, unrevoked devices its filter
 *       matches (region, terminal kind and agent version from each device's last state) and splits them into
 *       groups; each device of a group gets a {@link ConfigBundle} naming it ({@code deviceId}), signed
 *       with the fleet config key and published <em>retained</em> on its config topic (an offline kiosk
 *       gets it when it reconnects).</li>
 *   <li>Agents answer with a signed {@link ConfigReport} (applied, or the exact refusal), and their state
 *       shows the version in force; both feed {@link RolloutPlan#next}: the next group goes out when the
 *       current one reached the success threshold, the rollout pauses when more devices refuse than the error
 *       threshold tolerates.</li>
 * </ol>
 *
 * <p>Threads: public methods are callable from any thread; all rollout transitions run one at a time on
 * the service's context, so reports arriving together cannot both advance a group. One fleet instance
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
  private final ZoneId zone;
  private final boolean approvalRequired;
  private volatile DevicePublisher publisher;
  /** deviceId → version → rolloutId of the rollouts where the device is PENDING (states are frequent). */
  private final Map<String, Map<Long, String>> pending = new ConcurrentHashMap<>();
  private Future<?> serial = Future.succeededFuture();
  private final Duration tickInterval;
  private long tickTimer = -1;

  /** How often rollouts held by their maintenance window are looked at. */
  public static final Duration TICK = Duration.ofSeconds(30);

  /** A service with the default policy ({@code Asia/Shanghai}, approval when a plan asks for it). */
  public RolloutService(Vertx vertx, RolloutStore store, DeviceRegistry registry, Signer configKey, Clock clock) {
    this(vertx, store, registry, configKey, clock, ZoneId.of("Asia/Shanghai"), false, TICK);
  }

  /**
   * @param configKey        the fleet config key ({@link FleetConfigKey})
   * @param zone             the zone of maintenance windows that name none ({@code rollouts.zone})
   * @param approvalRequired every rollout waits for approval, whatever its plan says ({@code rollouts.approvalRequired})
   * @param tickInterval     how often rollouts held by their window are looked at ({@link #TICK}); zero: never
   *                         (tests call {@link #tick()})
   */
  public RolloutService(Vertx vertx, RolloutStore store, DeviceRegistry registry, Signer configKey, Clock clock,
      ZoneId zone, boolean approvalRequired, Duration tickInterval) {
    this.tickInterval = Objects.requireNonNull(tickInterval, "tickInterval");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.approvalRequired = approvalRequired;
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.context = vertx.getOrCreateContext();
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.configKey = Objects.requireNonNull(configKey, "configKey");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Where bundles are published. Then, so that rollouts continue after a restart: the index of the devices
   * still PENDING is loaded (their states complete them), each of them gets its newest bundle again (the
   * embedded broker keeps retained messages in memory only; an agent ignores a re-delivery of the version in
   * force), and the tick starts (a due group goes out once the maintenance window opens; the first tick is now).
   */
  public Future<Void> attach(DevicePublisher newPublisher) {
    this.publisher = Objects.requireNonNull(newPublisher, "publisher");
    return serially(() -> store.pending().compose(pendingRows -> {
      Map<String, RolloutStore.Pending> newest = new LinkedHashMap<>();
      for (RolloutStore.Pending p : pendingRows) {
        index(p.deviceId(), p.version(), p.rolloutId());
        newest.merge(p.deviceId(), p, (a, b) -> a.version() >= b.version() ? a : b);
      }
      Map<Long, List<String>> byVersion = new LinkedHashMap<>();
      newest.values().forEach(p -> byVersion.computeIfAbsent(p.version(), k -> new ArrayList<>()).add(p.deviceId()));
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<Long, List<String>> e : byVersion.entrySet()) {
        chain = chain.compose(x -> store.version(e.getKey())).compose(v -> {
          if (v.isEmpty()) {
            return Future.succeededFuture();
          }
          LOG.info("Config version {} published again to the {} device(s) still pending", e.getKey(), e.getValue().size());
          return publish(v.get(), e.getValue());
        });
      }
      return chain;
    })).compose(v -> {
      startTicking();
      return tick();
    });
  }

  private void startTicking() {
    if (tickTimer < 0 && tickInterval.toMillis() > 0) {
      tickTimer = vertx.setPeriodic(tickInterval.toMillis(), id -> tick()
          .onFailure(err -> LOG.warn("Rollout tick failed: {}", err.getMessage())));
    }
  }

  /**
   * Feeds {@link RolloutPlan.Event.Tick} to every running rollout with a group due (held by the maintenance
   * window). The service does so every {@code tickInterval}; tests call it with a moved clock.
   */
  public Future<Void> tick() {
    return serially(() -> store.rollouts(true).compose(active -> {
      Future<Void> chain = Future.succeededFuture();
      for (RolloutStore.Rollout r : active) {
        if (r.phase() == RolloutPlan.Phase.RUNNING && r.groupDue()) {
          chain = chain.compose(x -> load(r.rolloutId())).compose(l -> transition(l, new RolloutPlan.Event.Tick()));
        }
      }
      return chain;
    }));
  }

  /** Stops the tick. */
  public void close() {
    if (tickTimer >= 0) {
      vertx.cancelTimer(tickTimer);
      tickTimer = -1;
    }
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

  /**
   * What an operator sees of a rollout.
   *
   * @param devices its devices; empty in a list
   * @param counts  how many devices of each group are in each status
   */
  public record View(RolloutStore.Rollout rollout, List<RolloutStore.Device> devices,
      List<RolloutPlan.GroupCounts> counts) {
    /** The view of a rollout with its devices. */
    public View(RolloutStore.Rollout rollout, List<RolloutStore.Device> devices) {
      this(rollout, devices, RolloutPlan.GroupCounts.of(RolloutService.state(rollout, devices)));
    }

    /** The rollout's plan. */
    public RolloutPlan plan() {
      return PlanJson.fromStored(rollout.planJson());
    }

    /** The rollout's scope: its target region, national when it has none. */
    public String region() {
      return regionOf(rollout);
    }

    /** As JSON for the REST API; with every device when {@code withDevices}. */
    public JsonObject toJson(boolean withDevices, Instant now) {
      RolloutStore.Rollout r = rollout;
      RolloutPlan plan = plan();
      int[] total = new int[4];
      JsonArray groups = new JsonArray();
      for (RolloutPlan.GroupProgress g : plan.progress(r.phase(), r.currentGroup(), r.groupDue(), counts)) {
        RolloutPlan.GroupCounts c = g.counts();
        total[0] += c.waiting();
        total[1] += c.pending();
        total[2] += c.applied();
        total[3] += c.refused();
        groups.add(new JsonObject().put("group", g.group()).put("size", c.size()).put("status", g.status().name())
            .put("appliedPercent", g.appliedPercent()).put("counts", counts(c.waiting(), c.pending(), c.applied(),
                c.refused())));
      }
      JsonObject j = new JsonObject()
          .put("rolloutId", r.rolloutId())
          .put("version", r.version())
          .put("phase", r.phase().name())
          .put("phaseReason", r.reason().isEmpty() ? null : r.reason())
          .put("region", region())
          .put("currentGroup", r.currentGroup())
          .put("plan", PlanJson.toJson(plan))
          .put("createdBy", r.createdBy().isEmpty() ? null : r.createdBy())
          .put("approvedBy", r.approvedBy().orElse(null))
          .put("approvedAt", r.approvedAt().map(Instant::toString).orElse(null))
          .put("rollbackOf", r.rollbackOf().orElse(null))
          .put("createdAt", r.createdAt().toString())
          .put("updatedAt", r.updatedAt().toString())
          .put("counts", counts(total[0], total[1], total[2], total[3]))
          .put("groups", groups);
      boolean held = r.phase() == RolloutPlan.Phase.RUNNING && r.groupDue();
      j.put("waitingForWindow", held && plan.window().isPresent());
      if (held) {
        plan.window().ifPresent(w -> j.put("nextWindowAt", w.nextOpening(now).toString()));
      }
      if (withDevices) {
        JsonArray ds = new JsonArray();
        for (RolloutStore.Device d : devices) {
          JsonObject dj = new JsonObject().put("deviceId", d.deviceId()).put("group", d.group())
              .put("status", d.status().name());
          if (!d.reason().isEmpty()) {
            dj.put("reason", d.reason()).put("detail", d.detail());
          }
          d.publishedAt().ifPresent(t -> dj.put("publishedAt", t.toString()));
          d.reportedAt().ifPresent(t -> dj.put("reportedAt", t.toString()));
          ds.add(dj);
        }
        j.put("devices", ds);
      }
      return j;
    }

    private static JsonObject counts(int waiting, int pending, int applied, int refused) {
      return new JsonObject().put("WAITING", waiting).put("PENDING", pending).put("APPLIED", applied)
          .put("REFUSED", refused);
    }
  }

  /** The scope of a rollout: its filter's region; national ({@code 86}) without one. */
  public static String regionOf(RolloutStore.Rollout r) {
    return PlanJson.fromStored(r.planJson()).filter().region().orElse(NATIONAL);
  }

  /** The national scope's code (as {@code operators.RegionScope.NATIONAL}). */
  static final String NATIONAL = "86";

  /** Stores {@code document} as the next version and starts rolling it out with {@code plan}. */
  public Future<View> push(JsonNode document, String note, RolloutPlan plan, String createdBy) {
    return addVersion(document, note).compose(v -> startRollout(v, plan, createdBy));
  }

  /**
   * Starts rolling out {@code version}: computes the groups over the registered, unrevoked devices that match
   * the plan's filter and, unless the plan needs approval or the window is closed, publishes the first.
   *
   * @param createdBy the operator who asks (who may not approve it)
   * @return the rollout; fails with {@link RolloutException} NOT_FOUND for an unknown version, INVALID
   *     when no device matches the plan
   */
  public Future<View> startRollout(long version, RolloutPlan plan, String createdBy) {
    RolloutPlan effective = approvalRequired ? plan.withApproval(true) : plan;
    return serially(() -> create(version, effective, createdBy, Optional.empty()));
  }

  private Future<View> create(long version, RolloutPlan plan, String createdBy, Optional<String> rollbackOf) {
    return store.version(version).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new RolloutException(RolloutException.Reason.NOT_FOUND,
            "config version " + version + " does not exist"));
      }
      return registry.list().compose(all -> {
        List<RolloutPlan.Target> targets = all.stream().filter(o -> !o.device().revoked()).map(RolloutService::target)
            .toList();
        RolloutPlan.State initial = plan.initial(targets, createdBy);
        if (initial.groups().isEmpty()) {
          return Future.failedFuture(new RolloutException(RolloutException.Reason.INVALID,
              "no registered device matches the plan" + plan.filter().region().map(r -> " (region " + r + ")").orElse("")));
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<RolloutStore.Device> rows = new ArrayList<>();
        for (int g = 0; g < initial.groups().size(); g++) {
          for (String d : initial.groups().get(g)) {
            rows.add(new RolloutStore.Device(id, d, g, RolloutPlan.DeviceStatus.WAITING, "", "",
                Optional.empty(), Optional.empty()));
          }
        }
        RolloutStore.Rollout r = new RolloutStore.Rollout(id, version, PlanJson.toJson(plan).encode(), initial.phase(),
            initial.group(), "", createdBy, Optional.empty(), Optional.empty(), initial.groupDue(), 0, rollbackOf,
            now, now);
        LOG.info("Rollout {} of config version {} by {}: {} device(s) in {} group(s) {}{}", id, version, createdBy,
            rows.size(), initial.groups().size(), initial.groups().stream().map(List::size).toList(),
            plan.approvalRequired() ? ", waiting for approval" : "");
        return store.createRollout(r, rows)
            .compose(v -> transition(new Loaded(r, found.get(), plan, initial, rows), new RolloutPlan.Event.Start()))
            .compose(v -> view(id));
      });
    });
  }

  /** A registered device as a rollout target: its region, and the kind and agent version of its last state. */
  static RolloutPlan.Target target(DeviceOverview o) {
    Optional<String> kind = Optional.empty();
    Optional<String> agentVersion = Optional.empty();
    if (o.stateJson().isPresent()) {
      try {
        JsonObject s = new JsonObject(o.stateJson().get());
        kind = Optional.ofNullable(s.getValue("terminalKind")).filter(String.class::isInstance).map(String.class::cast);
        agentVersion = Optional.ofNullable(s.getValue("agentVersion")).filter(String.class::isInstance)
            .map(String.class::cast);
      } catch (RuntimeException e) {
        LOG.debug("Stored state of {} is not JSON: {}", o.device().deviceId(), e.getMessage());
      }
    }
    return new RolloutPlan.Target(o.device().deviceId(), o.device().region(), kind, agentVersion);
  }

  /**
   * An operator approves a rollout waiting for approval: it starts (its first group goes out, inside the window).
   *
   * @param operator   the approver's name
   * @param mayApprove whether it holds the approver permission
   * @return fails with {@link RolloutException} SELF_APPROVAL (the creator), NOT_APPROVER, CONFLICT (not waiting)
   */
  public Future<View> approve(String rolloutId, String operator, boolean mayApprove) {
    return act(rolloutId, new RolloutPlan.Event.Approve(operator, mayApprove));
  }

  /** An operator pauses a running rollout: nothing more is published until it resumes; reports are still recorded. */
  public Future<View> pause(String rolloutId, String reason) {
    return act(rolloutId, new RolloutPlan.Event.Pause(reason == null ? "" : truncate(reason.strip(), 200)));
  }

  /** An operator resumes a paused rollout; the refusals so far no longer count against the error threshold. */
  public Future<View> resume(String rolloutId) {
    return act(rolloutId, new RolloutPlan.Event.Resume());
  }

  /** An operator starts the next group now, whatever the success threshold says (the window still holds). */
  public Future<View> nextGroup(String rolloutId) {
    return act(rolloutId, new RolloutPlan.Event.NextGroup());
  }

  /**
   * Rolls a rollout back in one action: its last-known-good config (the newest version below its own that one of
   * the devices it touched applied before, or the built-in defaults, an empty document, when none did) is stored
   * as a new version (an agent refuses a version lower than the one it runs) and rolled out at once to the
   * devices it touched; then it is halted, if it was not finished.
   *
   * @param operator who asks (the new rollout's creator)
   * @return the new rollout; fails with {@link RolloutException} CONFLICT when it touched no device
   */
  public Future<View> rollback(String rolloutId, String operator) {
    return serially(() -> load(rolloutId).compose(l -> {
      RolloutPlan back;
      try {
        back = l.plan.rollbackPlan(l.state);
      } catch (IllegalStateException e) {
        return Future.failedFuture(new RolloutException(RolloutException.Reason.CONFLICT,
            "rollout " + rolloutId + ": " + e.getMessage()));
      }
      return store.lastApplied(l.state.touched(), l.rollout.version()).compose(good -> {
        Future<String> document = good.isEmpty() ? Future.succeededFuture("{}")
            : store.version(good.get()).map(v -> v.orElseThrow().documentJson());
        String note = "rollback of rollout " + rolloutId + " (version " + l.rollout.version() + ") to "
            + good.map(v -> "version " + v).orElse("the built-in defaults");
        return document.compose(doc -> store.addVersion(doc, truncate(note, 200), clock.instant()))
            .compose(version -> {
              LOG.warn("Rollout {} rolled back by {}: {} device(s) get version {} ({})", rolloutId, operator,
                  l.state.touched().size(), version, note);
              return create(version, back, operator, Optional.of(rolloutId));
            })
            .compose(view -> (l.rollout.phase().terminal() ? Future.<Void>succeededFuture()
                : apply(l, l.plan.next(l.state, new RolloutPlan.Event.Halt("rolled back by " + operator
                    + ": rollout " + view.rollout().rolloutId()), clock.instant()), List.of())).map(view));
      });
    }));
  }

  /** An operator halts a rollout for good: no further group is published. */
  public Future<View> halt(String rolloutId, String reason) {
    return act(rolloutId, new RolloutPlan.Event.Halt("halted by operator"
        + (reason == null || reason.isBlank() ? "" : ": " + truncate(reason.strip(), 200))));
  }

  /** Feeds an operator's event to the rollout's machine; a refusal fails with its {@link RolloutException}. */
  private Future<View> act(String rolloutId, RolloutPlan.Event event) {
    return serially(() -> load(rolloutId).compose(l -> {
      RolloutPlan.Step step = l.plan.next(l.state, event, clock.instant());
      Optional<RolloutPlan.Effect.Refused> refused = step.refusal();
      if (refused.isPresent()) {
        return Future.failedFuture(new RolloutException(switch (refused.get().refusal()) {
          case CONFLICT -> RolloutException.Reason.CONFLICT;
          case SELF_APPROVAL -> RolloutException.Reason.SELF_APPROVAL;
          case NOT_APPROVER -> RolloutException.Reason.NOT_APPROVER;
        }, "rollout " + rolloutId + ": " + refused.get().message()));
      }
      return apply(l, step, List.of());
    }).compose(v -> view(rolloutId)));
  }

  /** The rollout's own row (its region, say); empty when unknown. */
  public Future<Optional<RolloutStore.Rollout>> find(String rolloutId) {
    return store.rollout(rolloutId);
  }

  /** The rollout with its devices; fails NOT_FOUND when unknown. */
  public Future<View> view(String rolloutId) {
    return store.rollout(rolloutId).compose(r -> r.isEmpty()
        ? Future.failedFuture(new RolloutException(RolloutException.Reason.NOT_FOUND, "rollout " + rolloutId + " does not exist"))
        : store.devices(rolloutId).map(ds -> new View(r.get(), ds)));
  }

  /** Every rollout, newest first, with its progress per group (without its devices). */
  public Future<List<View>> views() {
    return store.rollouts(false).compose(rs -> store.groupCounts().map(counts -> rs.stream()
        .map(r -> new View(r, List.of(), counts.getOrDefault(r.rolloutId(), List.of()))).toList()));
  }

  /** Every rollout (without devices), newest first. */
  public Future<List<RolloutStore.Rollout>> rollouts() {
    return store.rollouts(false);
  }

  /** One device's rows across rollouts, newest first. */
  public Future<List<RolloutStore.Device>> deviceHistory(String deviceId) {
    return store.deviceHistory(deviceId);
  }

  /** The zone of maintenance windows that name none. */
  public ZoneId zone() {
    return zone;
  }

  /** The fleet clock's now (views show the next window opening from it). */
  public Instant now() {
    return clock.instant();
  }

  // ---------------------------------------------------------------------------------------------
  // reports

  /**
   * A device's signed config report (its signature already verified). Any thread. Reports are applied in batches
   * per rollout ({@link #queue}): one load and one store write for all the reports that arrived meanwhile, not one
   * each (with 9,000 kiosks reporting at once, one each read every device row 9,000 times: 414 s to 100 %).
   */
  public void onReport(String deviceId, ConfigReport report) {
    context.runOnContext(v -> serially(() -> store.rolloutsOfVersion(report.version()).map(rs -> {
      for (RolloutStore.Rollout r : rs) {
        queue(r.rolloutId(), new Report(deviceId, report.isApplied(), report.reason(), report.detail()));
      }
      return (Void) null;
    })).onFailure(err -> LOG.warn("Config report of {} not processed: {}", deviceId, err.getMessage())));
  }

  /** A device's state showing {@code configVersion} in force. Any thread; cheap when nothing is pending. */
  public void onState(String deviceId, long configVersion) {
    Map<Long, String> mine = pending.get(deviceId);
    String rolloutId = mine == null ? null : mine.get(configVersion);
    if (rolloutId == null) {
      return;
    }
    context.runOnContext(v -> queue(rolloutId, new Report(deviceId, true, ConfigReport.APPLIED,
        "state shows version " + configVersion)));
  }

  /** One device's word on a rollout: applied, or refused with its reason. */
  private record Report(String deviceId, boolean applied, String reason, String detail) {}

  /**
   * Queues {@code report} for its rollout's next batch; the first report of a batch schedules it after the work
   * already queued ({@link #serially}). On the service's context.
   */
  private void queue(String rolloutId, Report report) {
    List<Report> batch = waitingReports.get(rolloutId);
    if (batch != null) {
      batch.add(report);
      return;
    }
    batch = new ArrayList<>();
    batch.add(report);
    waitingReports.put(rolloutId, batch);
    serially(() -> {
      List<Report> mine = waitingReports.remove(rolloutId);
      return mine == null ? Future.<Void>succeededFuture() : load(rolloutId).compose(l -> onDeviceReports(l, mine));
    }).onFailure(err -> LOG.warn("Config reports for rollout {} not processed: {}", rolloutId, err.getMessage()));
  }

  /** Applies {@code reports}, in arrival order, to the rollout's state; stores and publishes once. */
  private Future<Void> onDeviceReports(Loaded l, List<Report> reports) {
    Instant now = clock.instant();
    Map<String, RolloutStore.Device> rows = new LinkedHashMap<>();
    l.devices.forEach(d -> rows.put(d.deviceId(), d));
    Map<String, RolloutStore.Device> touched = new LinkedHashMap<>();
    RolloutPlan.State state = l.state;
    List<RolloutPlan.Effect> effects = new ArrayList<>();
    String rolloutId = l.rollout.rolloutId();
    for (Report rep : reports) {
      RolloutStore.Device d = rows.get(rep.deviceId());
      if (d == null) {
        continue;
      }
      if (d.status() != RolloutPlan.DeviceStatus.PENDING) {
        if (rep.applied() || d.status() == RolloutPlan.DeviceStatus.WAITING) {
          continue; // a repeat (config report and state both say so), or not its group yet
        }
        // A refusal after the device settled: keep its status and time, record what it said last.
        RolloutStore.Device said = new RolloutStore.Device(rolloutId, d.deviceId(), d.group(), d.status(),
            rep.reason(), rep.detail(), d.publishedAt(), d.reportedAt());
        rows.put(d.deviceId(), said);
        touched.put(d.deviceId(), said);
        continue;
      }
      if (!rep.applied()) {
        LOG.warn("Device {} refused config version {} of rollout {}: {} {}", d.deviceId(), l.rollout.version(),
            rolloutId, rep.reason(), rep.detail());
      }
      RolloutPlan.Event e = rep.applied() ? new RolloutPlan.Event.Applied(d.deviceId())
          : new RolloutPlan.Event.Refused(d.deviceId(), rep.reason());
      RolloutPlan.Step step = l.plan.next(state, e, now);
      state = step.state();
      effects.addAll(step.effects());
      RolloutStore.Device reported = new RolloutStore.Device(rolloutId, d.deviceId(), d.group(),
          rep.applied() ? RolloutPlan.DeviceStatus.APPLIED : RolloutPlan.DeviceStatus.REFUSED,
          rep.applied() ? "" : rep.reason(), rep.applied() ? "" : rep.detail(), d.publishedAt(), Optional.of(now));
      rows.put(d.deviceId(), reported);
      touched.put(d.deviceId(), reported);
    }
    if (touched.isEmpty() && effects.isEmpty()) {
      return Future.succeededFuture();
    }
    Loaded current = new Loaded(l.rollout, l.version, l.plan, l.state, List.copyOf(rows.values()));
    return apply(current, new RolloutPlan.Step(state, effects), List.copyOf(touched.values()));
  }

  // ---------------------------------------------------------------------------------------------
  // the machine's effects

  private Future<Void> transition(Loaded l, RolloutPlan.Event event) {
    return apply(l, l.plan.next(l.state, event, clock.instant()), List.of());
  }

  /**
   * Performs a step: stores the new state with the {@code touched} device rows and those the effects change,
   * then publishes.
   */
  private Future<Void> apply(Loaded l, RolloutPlan.Step step, List<RolloutStore.Device> touched) {
    RolloutStore.Rollout r = l.rollout;
    Instant now = clock.instant();
    Map<String, RolloutStore.Device> changed = new LinkedHashMap<>();
    touched.forEach(t -> changed.put(t.deviceId(), t));
    if (step.state().equals(l.state) && step.effects().isEmpty() && changed.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, RolloutStore.Device> byId = new HashMap<>();
    l.devices.forEach(d -> byId.put(d.deviceId(), d));
    Optional<Instant> approvedAt = r.approvedAt();
    List<String> toPublish = new ArrayList<>();
    for (RolloutPlan.Effect effect : step.effects()) {
      if (effect instanceof RolloutPlan.Effect.Publish p) {
        LOG.info("Rollout {}: group {} of {} — publishing config version {} to {} device(s)", r.rolloutId(),
            p.group() + 1, step.state().groups().size(), r.version(), p.deviceIds().size());
        for (String id : p.deviceIds()) {
          RolloutStore.Device d = byId.get(id);
          changed.put(id, new RolloutStore.Device(r.rolloutId(), id, d.group(), RolloutPlan.DeviceStatus.PENDING, "", "",
              Optional.of(now), Optional.empty()));
          index(id, r.version(), r.rolloutId());
          toPublish.add(id);
        }
      } else if (effect instanceof RolloutPlan.Effect.Approved a) {
        approvedAt = Optional.of(now);
        LOG.info("Rollout {} of config version {} approved by {}", r.rolloutId(), r.version(), a.by());
      } else if (effect instanceof RolloutPlan.Effect.Paused p) {
        LOG.warn("Rollout {} of config version {} PAUSED: {}", r.rolloutId(), r.version(), p.reason());
      } else if (effect instanceof RolloutPlan.Effect.Resumed) {
        LOG.info("Rollout {} of config version {} resumed", r.rolloutId(), r.version());
      } else if (effect instanceof RolloutPlan.Effect.Halted h) {
        LOG.warn("Rollout {} of config version {} HALTED: {}", r.rolloutId(), r.version(), h.reason());
      } else if (effect instanceof RolloutPlan.Effect.Completed) {
        LOG.info("Rollout {} of config version {} completed", r.rolloutId(), r.version());
      }
    }
    step.state().devices().forEach((id, s) -> {
      if (s != RolloutPlan.DeviceStatus.PENDING) {
        unindex(id, r.version());
      }
    });
    return store.update(r.with(step.state(), approvedAt, now), List.copyOf(changed.values()))
        .compose(v -> publish(l.version, toPublish));
  }

  private Future<Void> publish(RolloutStore.ConfigVersion version, List<String> deviceIds) {
    List<Future<?>> publishes = new ArrayList<>();
    for (String id : deviceIds) {
      publishes.add(publishBundle(id, version).onFailure(err -> LOG.warn(
          "Config version {} not published to {}: {}", version.version(), id, err.getMessage())));
    }
    return Future.join(publishes).otherwiseEmpty().mapEmpty();
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
  /** Reports waiting for their rollout's next batch, by rollout id (on the service's context). */
  private final Map<String, List<Report>> waitingReports = new HashMap<>();

  private record Loaded(RolloutStore.Rollout rollout, RolloutStore.ConfigVersion version, RolloutPlan plan,
      RolloutPlan.State state, List<RolloutStore.Device> devices) {}

  private Future<Loaded> load(String rolloutId) {
    return store.rollout(rolloutId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new RolloutException(RolloutException.Reason.NOT_FOUND,
            "rollout " + rolloutId + " does not exist"));
      }
      RolloutStore.Rollout r = found.get();
      return store.version(r.version()).compose(v -> store.devices(rolloutId).map(devices ->
          new Loaded(r, v.orElseThrow(), PlanJson.fromStored(r.planJson()), state(r, devices), devices)));
    });
  }

  /** The machine's state from the stored rows. */
  static RolloutPlan.State state(RolloutStore.Rollout r, List<RolloutStore.Device> devices) {
    int groupCount = devices.stream().mapToInt(RolloutStore.Device::group).max().orElse(-1) + 1;
    List<List<String>> groups = new ArrayList<>();
    for (int i = 0; i < groupCount; i++) {
      groups.add(new ArrayList<>());
    }
    Map<String, RolloutPlan.DeviceStatus> statuses = new LinkedHashMap<>();
    for (RolloutStore.Device d : devices) {
      groups.get(d.group()).add(d.deviceId());
      statuses.put(d.deviceId(), d.status());
    }
    return new RolloutPlan.State(r.phase(), Math.min(r.currentGroup(), groupCount - 1), groups, statuses, r.reason(),
        r.createdBy(), r.approvedBy(), r.groupDue(), r.refusalsBaseline());
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing

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
