package org.doorstep.fleet.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.doorstep.config.contract.Topics;

/**
 * How one config version reaches the fleet, and the pure state machine that runs it: no I/O, no
 * clock of its own, no Vert.x. {@link RolloutService} stores the state, feeds it the devices' reports
 * and performs the effects.
 *
 * <h2>Waves</h2>
 * The targets are the registered, unrevoked devices, filtered by {@code region} when given, in device-id
 * order. Wave 0 holds the {@code canary} devices (those among the targets); then one wave per entry of
 * {@code wavePercents}, each bringing the share of the remaining devices up to that percentage (rounded
 * up, so a small fleet still gets at least one device per wave); the last percentage must be 100. Empty
 * waves are dropped. Example: canary {@code [k-1]}, percents {@code [50, 100]}, 5 devices → waves
 * {@code [k-1]}, {@code [k-2, k-3]}, {@code [k-4, k-5]}.
 *
 * <h2>Transitions</h2>
 * <pre>
 * RUNNING(w) + Applied/Refused(d) ── refusals &gt; maxRefusals ──► HALTED      effect: Halt(reason)
 * RUNNING(w) + … ── every device of wave w settled, w is last ──► COMPLETED   effect: Complete
 * RUNNING(w) + … ── every device of wave w settled ─────────────► RUNNING(w+1) effect: Publish(w+1, devices)
 * RUNNING(w) + Halt(reason) (operator) ─────────────────────────► HALTED      effect: Halt(reason)
 * Start ─────────────────────────────────────────────────────────► RUNNING(0)  effect: Publish(0, devices)
 * </pre>
 * A device is settled when it reported APPLIED or REFUSED; only a PENDING device (bundle published, no
 * report yet) changes on a report. Reports for devices outside the rollout or of a wave not reached, a
 * second report, and any event once HALTED or COMPLETED, change nothing (the service still records them).
 *
 * @param canary       devices of the first wave, in this order
 * @param wavePercents cumulative share of the other devices per later wave, ascending, each 1–100, last 100
 * @param region       only devices of this region; empty for all
 * @param maxRefusals  refusals tolerated before the rollout halts (0: the first refusal halts it)
 */
public record RolloutPlan(List<String> canary, List<Integer> wavePercents, Optional<String> region, int maxRefusals) {

  /** A plan that sends everything at once (one wave of 100 %). */
  public static RolloutPlan allAtOnce() {
    return new RolloutPlan(List.of(), List.of(100), Optional.empty(), 0);
  }

  /** Validates; the message names the member at fault. */
  public RolloutPlan {
    canary = canary == null ? List.of() : List.copyOf(canary);
    wavePercents = wavePercents == null || wavePercents.isEmpty() ? List.of(100) : List.copyOf(wavePercents);
    region = region == null ? Optional.empty() : region.filter(r -> !r.isBlank());
    for (String id : canary) {
      if (!Topics.isValidDeviceId(id)) {
        throw new IllegalArgumentException("canary: '" + id + "' is not a valid device id");
      }
    }
    if (new LinkedHashSet<>(canary).size() != canary.size()) {
      throw new IllegalArgumentException("canary: lists a device twice");
    }
    int previous = 0;
    for (int p : wavePercents) {
      if (p < 1 || p > 100 || p <= previous) {
        throw new IllegalArgumentException("waves: percentages must ascend within 1..100, was " + wavePercents);
      }
      previous = p;
    }
    if (previous != 100) {
      throw new IllegalArgumentException("waves: the last wave must be 100 (every device), was " + wavePercents);
    }
    if (maxRefusals < 0) {
      throw new IllegalArgumentException("maxRefusals: must be >= 0, was " + maxRefusals);
    }
  }

  /** A device a rollout may target. */
  public record Target(String deviceId, String region) {
    public Target {
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(region, "region");
    }
  }

  /** The waves over {@code targets} (see the class comment); never an empty wave. */
  public List<List<String>> waves(Collection<Target> targets) {
    Map<String, Target> eligible = new TreeMap<>();
    for (Target t : targets) {
      if (region.isEmpty() || region.get().equals(t.region())) {
        eligible.put(t.deviceId(), t);
      }
    }
    List<List<String>> waves = new ArrayList<>();
    List<String> first = canary.stream().filter(eligible::containsKey).toList();
    if (!first.isEmpty()) {
      waves.add(first);
    }
    List<String> rest = eligible.keySet().stream().filter(id -> !first.contains(id)).toList();
    int done = 0;
    for (int p : wavePercents) {
      int upTo = (int) Math.ceil(rest.size() * p / 100.0);
      if (upTo > done) {
        waves.add(List.copyOf(rest.subList(done, upTo)));
        done = upTo;
      }
    }
    return List.copyOf(waves);
  }

  // ---------------------------------------------------------------------------------------------
  // state machine

  /** Where a rollout is. */
  public enum Phase { RUNNING, HALTED, COMPLETED }

  /** What is known of one device of a rollout. */
  public enum DeviceStatus {
    /** Its wave has not been reached. */
    WAITING,
    /** Its bundle is published; no report yet. */
    PENDING,
    /** It runs the version. */
    APPLIED,
    /** It refused the bundle or could not apply it. */
    REFUSED
  }

  /**
   * The state of a rollout.
   *
   * @param phase   where it is
   * @param wave    index of the current wave
   * @param waves   the devices of each wave
   * @param devices status per device
   * @param haltedReason why it halted (empty unless HALTED)
   */
  public record State(Phase phase, int wave, List<List<String>> waves, Map<String, DeviceStatus> devices,
      String haltedReason) {
    public State {
      Objects.requireNonNull(phase, "phase");
      waves = waves.stream().map(List::copyOf).toList();
      devices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(devices));
      haltedReason = haltedReason == null ? "" : haltedReason;
    }

    /** A new rollout over {@code waves}: every device WAITING, wave 0, RUNNING (not yet started). */
    public static State initial(List<List<String>> waves) {
      Map<String, DeviceStatus> d = new LinkedHashMap<>();
      waves.forEach(w -> w.forEach(id -> d.put(id, DeviceStatus.WAITING)));
      return new State(Phase.RUNNING, 0, waves, d, "");
    }

    /** How many devices refused. */
    public long refusals() {
      return devices.values().stream().filter(s -> s == DeviceStatus.REFUSED).count();
    }

    private State with(Phase p, int w, Map<String, DeviceStatus> d, String why) {
      return new State(p, w, waves, d, why);
    }
  }

  /** What happens to a rollout. */
  public sealed interface Event permits Event.Start, Event.Applied, Event.Refused, Event.Halt {
    /** Begin: publish the first wave. */
    record Start() implements Event {}

    /** A device runs the version. */
    record Applied(String deviceId) implements Event {}

    /** A device refused the bundle (or failed to apply it). */
    record Refused(String deviceId, String reason) implements Event {}

    /** An operator stops the rollout. */
    record Halt(String reason) implements Event {}
  }

  /** What the service must do. */
  public sealed interface Effect permits Effect.Publish, Effect.Halted, Effect.Completed {
    /** Publish the bundle to these devices (wave {@code wave}). */
    record Publish(int wave, List<String> deviceIds) implements Effect {}

    /** The rollout halted; tell the operator. */
    record Halted(String reason) implements Effect {}

    /** Every wave is done. */
    record Completed() implements Effect {}
  }

  /** A transition: the new state and what to do. */
  public record Step(State state, List<Effect> effects) {
    public Step {
      Objects.requireNonNull(state, "state");
      effects = List.copyOf(effects);
    }
  }

  /**
   * The transition of {@code state} on {@code event} (see the class comment).
   *
   * @param now when the event happened (kept for symmetry with the other machines; the plan has no timers)
   */
  public Step next(State state, Event event, Instant now) {
    if (state.phase() != Phase.RUNNING) {
      return new Step(state, List.of());
    }
    Map<String, DeviceStatus> devices = new LinkedHashMap<>(state.devices());
    if (event instanceof Event.Start) {
      if (state.waves().isEmpty()) {
        return new Step(state.with(Phase.COMPLETED, 0, devices, ""), List.of(new Effect.Completed()));
      }
      return publish(state, 0, devices);
    }
    if (event instanceof Event.Halt h) {
      return new Step(state.with(Phase.HALTED, state.wave(), devices, h.reason()), List.of(new Effect.Halted(h.reason())));
    }
    String deviceId;
    DeviceStatus status;
    if (event instanceof Event.Applied a) {
      deviceId = a.deviceId();
      status = DeviceStatus.APPLIED;
    } else {
      deviceId = ((Event.Refused) event).deviceId();
      status = DeviceStatus.REFUSED;
    }
    DeviceStatus was = devices.get(deviceId);
    if (was != DeviceStatus.PENDING) {
      // Not in the rollout, its wave not reached yet, or it already reported: nothing changes.
      return new Step(state, List.of());
    }
    devices.put(deviceId, status);
    State updated = state.with(Phase.RUNNING, state.wave(), devices, "");
    long refusals = updated.refusals();
    if (refusals > maxRefusals) {
      String why = refusals + " device(s) refused, more than the " + maxRefusals + " tolerated; last: " + deviceId
          + (event instanceof Event.Refused r ? " (" + r.reason() + ")" : "");
      return new Step(updated.with(Phase.HALTED, state.wave(), devices, why), List.of(new Effect.Halted(why)));
    }
    return advance(updated, devices);
  }

  /** Moves on while the current wave is settled. */
  private Step advance(State state, Map<String, DeviceStatus> devices) {
    List<String> current = state.waves().get(state.wave());
    boolean settled = current.stream().allMatch(id -> {
      DeviceStatus s = devices.get(id);
      return s == DeviceStatus.APPLIED || s == DeviceStatus.REFUSED;
    });
    if (!settled) {
      return new Step(state, List.of());
    }
    int nextWave = state.wave() + 1;
    if (nextWave >= state.waves().size()) {
      return new Step(state.with(Phase.COMPLETED, state.wave(), devices, ""), List.of(new Effect.Completed()));
    }
    return publish(state, nextWave, devices);
  }

  private static Step publish(State state, int wave, Map<String, DeviceStatus> devices) {
    List<String> ids = state.waves().get(wave);
    ids.forEach(id -> devices.put(id, DeviceStatus.PENDING));
    return new Step(state.with(Phase.RUNNING, wave, devices, ""), List.of(new Effect.Publish(wave, ids)));
  }
}
