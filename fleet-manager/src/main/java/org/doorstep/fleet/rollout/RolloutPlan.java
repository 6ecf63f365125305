package org.doorstep.fleet.rollout;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.profile.DeviceIdentity;

/**
 * How one config version reaches the fleet — hawkBit's rollout model on Doorstep's canary and cumulative
 * waves — and the pure state machine that runs it: no I/O, no clock of its own ("now" is an argument), no
 * Vert.x. {@link RolloutService} stores the state, feeds it the devices' reports, the operators' actions and
 * the passing of time, and performs the effects.
 *
 * <h2>Targets and groups</h2>
 * The targets are the registered, unrevoked devices that match the {@link TargetFilter} (region prefix,
 * terminal kind, agent version, device ids: all given criteria at once), in device-id order. Group 0 holds the
 * {@code canary} devices (those among the targets, in the canary's order); then one group per entry of
 * {@code groups}: a {@link GroupSize.Count} takes the next n devices, a {@link GroupSize.Percent} brings the
 * share of the non-canary targets up to that cumulative percentage (rounded up, so that a small fleet still
 * gets a device per group). Devices left over after the last entry form one more group. Empty groups are
 * dropped. Example: canary {@code [k-1]}, groups {@code [50 %, 100 %]}, 5 devices → {@code [k-1]},
 * {@code [k-2, k-3]}, {@code [k-4, k-5]}.
 *
 * <h2>Thresholds</h2>
 * A group <em>succeeds</em> when at least {@code successThreshold} % of its devices (rounded up) APPLIED,
 * or when every one of its devices settled (APPLIED or REFUSED: the tolerated refusals are tolerated). When
 * the newest group published succeeds, the next one is <em>due</em>; when the last succeeds, the rollout is
 * COMPLETED. The {@link ErrorThreshold} is the emergency stop: once more devices refused than it tolerates
 * (counted since the last resume), the rollout is PAUSED and publishes nothing until an operator resumes it.
 *
 * <h2>Approval and maintenance window</h2>
 * With {@code approvalRequired}, a new rollout waits in WAITING_APPROVAL until an operator who holds the
 * approver permission and is not its creator approves it. With a {@link MaintenanceWindow}, a due group is
 * published only while "now" lies inside the window (in the window's zone, the fleet's); outside it the group
 * stays due ({@link State#groupDue()}) and goes out on the first {@link Event.Tick} inside.
 *
 * <h2>Transitions</h2>
 * <pre>
 * phase             event                        guard                                → phase, effects
 * WAITING_APPROVAL  Approve(op, may)             may, op ≠ creator                    → RUNNING, Approved + publish if due
 * WAITING_APPROVAL  Approve                      !may / op = creator                  → (same), Refused(NOT_APPROVER / SELF_APPROVAL)
 * RUNNING           Start / Tick                 a group due, inside the window       → RUNNING, Publish(g+1)
 * RUNNING           Applied / Refused (pending)  refusals since resume &gt; threshold    → PAUSED, Paused(reason)
 * RUNNING           Applied / Refused (pending)  newest group succeeded, not the last → RUNNING, due (+ Publish inside window)
 * RUNNING           Applied / Refused (pending)  the last group succeeded             → COMPLETED, Completed
 * RUNNING           Pause(reason)                                                     → PAUSED, Paused(reason)
 * RUNNING           NextGroup                    a group is left                      → RUNNING, due (+ Publish inside window)
 * PAUSED            Resume                                                            → RUNNING, Resumed (+ as a report)
 * not terminal      Halt(reason)                                                      → HALTED, Halted(reason)
 * not RUNNING       Applied / Refused (pending)                                       → (same), the device's status only
 * </pre>
 * </pre>
 * Any other operator event is answered {@link Effect.Refused} ({@link Refusal#CONFLICT}) and changes
 * nothing: approving what needs no approval, pausing a paused rollout, resuming a running one, a next group
 * when none is left, halting a finished one. A device is settled when it reported APPLIED or REFUSED; only a
 * PENDING device changes on a report. Reports of devices outside the rollout, of a group not published, and
 * second reports change nothing. HALTED and COMPLETED are terminal for operator events.
 *
 * <h2>Rollback</h2>
 * {@link #rollbackPlan(State)}: the plan of a new rollout that takes the devices this one touched (those
 * that got its bundle) back, in one group, at once, without approval or window, never pausing.
 *
 * @param filter           which devices are targets
 * @param canary           devices of the first group, in this order
 * @param groups           the sizes of the later groups
 * @param successThreshold % (1–100) of a group APPLIED that lets the next group start
 * @param errorThreshold   refusals tolerated before the rollout pauses
 * @param approvalRequired whether a second operator must approve before anything is published
 * @param window           when groups may be published; empty: any time
 */
public record RolloutPlan(TargetFilter filter, List<String> canary, List<GroupSize> groups, int successThreshold,
    ErrorThreshold errorThreshold, boolean approvalRequired, Optional<MaintenanceWindow> window) {

  /** The most groups a plan may list. */
  public static final int MAX_GROUPS = 100;

  /** A plan that sends everything at once (one group of 100 %), to every device, now. */
  public static RolloutPlan allAtOnce() {
    return new RolloutPlan(TargetFilter.all(), List.of(), List.of(new GroupSize.Percent(100)), 100,
        new ErrorThreshold.Count(0), false, Optional.empty());
  }

  /** Validates; the message names the member at fault. */
  public RolloutPlan {
    filter = filter == null ? TargetFilter.all() : filter;
    canary = canary == null ? List.of() : List.copyOf(canary);
    groups = groups == null || groups.isEmpty() ? List.of(new GroupSize.Percent(100)) : List.copyOf(groups);
    errorThreshold = errorThreshold == null ? new ErrorThreshold.Count(0) : errorThreshold;
    window = window == null ? Optional.empty() : window;
    for (String id : canary) {
      if (id == null || !Topics.isValidDeviceId(id)) {
        throw new IllegalArgumentException("canary: '" + id + "' is not a valid device id");
      }
    }
    if (new LinkedHashSet<>(canary).size() != canary.size()) {
      throw new IllegalArgumentException("canary: lists a device twice");
    }
    if (groups.size() > MAX_GROUPS) {
      throw new IllegalArgumentException("groups: at most " + MAX_GROUPS + ", was " + groups.size());
    }
    int previousPercent = 0;
    for (GroupSize g : groups) {
      Objects.requireNonNull(g, "groups: null entry");
      if (previousPercent == 100) {
        throw new IllegalArgumentException("groups: nothing can follow a 100 % group (it takes every device left)");
      }
      if (g instanceof GroupSize.Percent p) {
        if (p.percent() <= previousPercent) {
          throw new IllegalArgumentException("groups: percentages are cumulative and must ascend, was " + groups);
        }
        previousPercent = p.percent();
      }
    }
    if (successThreshold < 1 || successThreshold > 100) {
      throw new IllegalArgumentException("successThreshold: must be a percentage in 1..100, was " + successThreshold);
    }
  }

  /** This plan with approval required (or not). */
  public RolloutPlan withApproval(boolean required) {
    return new RolloutPlan(filter, canary, groups, successThreshold, errorThreshold, required, window);
  }

  // ---------------------------------------------------------------------------------------------
  // targets

  /**
   * A device a rollout may target, with what it last reported.
   *
   * @param region       its registered region (a GB/T 2260 code, or legacy free text)
   * @param kind         its terminal kind ({@code KIOSK}, {@code BANK_TERMINAL}) from its state; empty when
   *                     it never reported one
   * @param agentVersion its agent version from its state; empty before its first state
   */
  public record Target(String deviceId, String region, Optional<String> kind, Optional<String> agentVersion) {
    public Target {
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(region, "region");
      kind = kind == null ? Optional.empty() : kind;
      agentVersion = agentVersion == null ? Optional.empty() : agentVersion;
    }

    /** A device that has not reported its kind or version. */
    public Target(String deviceId, String region) {
      this(deviceId, region, Optional.empty(), Optional.empty());
    }
  }

  /**
   * Which devices a rollout targets; every given criterion must hold.
   *
   * @param region       a GB/T 2260 code: devices whose region starts with it ({@code 44} covers
   *                     {@code 440106}; a six-digit code padded with zeros is its prefix, {@code 440000} =
   *                     {@code 44}); any other text matches that region exactly. Empty: every region. It is
   *                     also the rollout's scope: only an operator whose region covers it sees and acts on the
   *                     rollout (empty = national)
   * @param kinds        terminal kinds ({@code KIOSK}, {@code BANK_TERMINAL}); empty: any. A device that never
   *                     reported its kind does not match a kind filter
   * @param agentVersion a version constraint; empty: any
   * @param devices      only these device ids; empty: any
   */
  public record TargetFilter(Optional<String> region, Set<String> kinds, Optional<VersionConstraint> agentVersion,
      Set<String> devices) {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{2,12}");
    private static final Set<String> KINDS = Arrays.stream(DeviceIdentity.TerminalKind.values()).map(Enum::name)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Every device. */
    public static TargetFilter all() {
      return new TargetFilter(Optional.empty(), Set.of(), Optional.empty(), Set.of());
    }

    /** Only devices of {@code region}. */
    public static TargetFilter region(String region) {
      return new TargetFilter(Optional.ofNullable(region), Set.of(), Optional.empty(), Set.of());
    }

    public TargetFilter {
      region = region == null ? Optional.empty() : region.map(String::strip).filter(r -> !r.isEmpty())
          .map(TargetFilter::normalise);
      region.ifPresent(r -> {
        if (r.length() > 64) {
          throw new IllegalArgumentException("filter.region: at most 64 characters");
        }
      });
      kinds = kinds == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(kinds));
      for (String k : kinds) {
        if (!KINDS.contains(k)) {
          throw new IllegalArgumentException("filter.kinds: must be among " + new TreeSet<>(KINDS) + ", was '" + k + "'");
        }
      }
      agentVersion = agentVersion == null ? Optional.empty() : agentVersion;
      devices = devices == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(devices));
      for (String id : devices) {
        if (id == null || !Topics.isValidDeviceId(id)) {
          throw new IllegalArgumentException("filter.devices: '" + id + "' is not a valid device id");
        }
      }
    }

    private static String normalise(String code) {
      if (code.length() == 6 && DIGITS.matcher(code).matches()) {
        if (code.endsWith("0000")) {
          return code.substring(0, 2);
        }
        if (code.endsWith("00")) {
          return code.substring(0, 4);
        }
      }
      return code;
    }

    /** Whether the region is a GB/T 2260 code (prefix match) rather than free text (exact match). */
    public boolean regionIsCode() {
      return region.isPresent() && DIGITS.matcher(region.get()).matches();
    }

    /** Whether {@code t} is a target. */
    public boolean matches(Target t) {
      if (region.isPresent()) {
        boolean in = regionIsCode() ? t.region().startsWith(region.get()) : t.region().equals(region.get());
        if (!in) {
          return false;
        }
      }
      if (!kinds.isEmpty() && (t.kind().isEmpty() || !kinds.contains(t.kind().get()))) {
        return false;
      }
      if (agentVersion.isPresent() && (t.agentVersion().isEmpty() || !agentVersion.get().matches(t.agentVersion().get()))) {
        return false;
      }
      return devices.isEmpty() || devices.contains(t.deviceId());
    }
  }

  /**
   * A constraint on the agent version: {@code 0.2.0} (exactly), {@code >=0.2.0}, {@code >0.2}, {@code <=0.3},
   * {@code <0.3.0}. Versions compare part by part (split at {@code .} and {@code -}): numerically when both
   * parts are numbers, else as text; a missing part counts as 0 ({@code 0.2} = {@code 0.2.0}).
   *
   * @param operator {@code =}, {@code >=}, {@code >}, {@code <=} or {@code <}
   * @param version  the version compared with
   */
  public record VersionConstraint(String operator, String version) {
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");
    private static final List<String> OPERATORS = List.of(">=", "<=", ">", "<", "=");

    public VersionConstraint {
      if (!OPERATORS.contains(operator)) {
        throw new IllegalArgumentException("filter.agentVersion: operator must be one of " + OPERATORS);
      }
      if (version == null || !VERSION.matcher(version).matches()) {
        throw new IllegalArgumentException("filter.agentVersion: '" + version + "' is not a version (0.2.0)");
      }
    }

    /**
     * Parses {@code [op]version}.
     *
     * @throws IllegalArgumentException naming {@code filter.agentVersion}
     */
    public static VersionConstraint parse(String text) {
      String t = text == null ? "" : text.strip();
      for (String op : OPERATORS) {
        if (t.startsWith(op)) {
          return new VersionConstraint(op, t.substring(op.length()).strip());
        }
      }
      return new VersionConstraint("=", t);
    }

    /** Whether {@code candidate} satisfies the constraint. */
    public boolean matches(String candidate) {
      int c = compare(candidate, version);
      return switch (operator) {
        case ">=" -> c >= 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        case "<" -> c < 0;
        default -> c == 0;
      };
    }

    /** Compares two versions part by part (see the class comment). */
    static int compare(String a, String b) {
      String[] x = a.strip().split("[.-]");
      String[] y = b.strip().split("[.-]");
      for (int i = 0; i < Math.max(x.length, y.length); i++) {
        String p = i < x.length ? x[i] : "0";
        String q = i < y.length ? y[i] : "0";
        int c;
        if (p.matches("[0-9]{1,18}") && q.matches("[0-9]{1,18}")) {
          c = Long.compare(Long.parseLong(p), Long.parseLong(q));
        } else {
          c = p.compareTo(q);
        }
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }

    @Override
    public String toString() {
      return ("=".equals(operator) ? "" : operator) + version;
    }
  }

  /** How many devices a group after the canary takes. */
  public sealed interface GroupSize permits GroupSize.Count, GroupSize.Percent {
    /** The next {@code devices} devices. */
    record Count(int devices) implements GroupSize {
      public Count {
        if (devices < 1) {
          throw new IllegalArgumentException("groups: a count must be >= 1, was " + devices);
        }
      }
    }

    /** Up to {@code percent} % of the non-canary targets, cumulative. */
    record Percent(int percent) implements GroupSize {
      public Percent {
        if (percent < 1 || percent > 100) {
          throw new IllegalArgumentException("groups: a percentage must be in 1..100, was " + percent);
        }
      }
    }
  }

  /** How many refusals the rollout tolerates before it pauses (counted since it last resumed). */
  public sealed interface ErrorThreshold permits ErrorThreshold.Count, ErrorThreshold.Percent {
    /** Whether {@code refused} refusals, of {@code published} devices given the bundle, exceed the threshold. */
    boolean exceeded(int refused, int published);

    /** More than {@code refusals} devices refused (0: the first refusal pauses). */
    record Count(int refusals) implements ErrorThreshold {
      public Count {
        if (refusals < 0) {
          throw new IllegalArgumentException("errorThreshold: a count must be >= 0, was " + refusals);
        }
      }

      @Override
      public boolean exceeded(int refused, int published) {
        return refused > refusals;
      }
    }

    /** The refusals are more than {@code percent} % of the devices given the bundle (100: never pauses). */
    record Percent(int percent) implements ErrorThreshold {
      public Percent {
        if (percent < 0 || percent > 100) {
          throw new IllegalArgumentException("errorThreshold: a percentage must be in 0..100, was " + percent);
        }
      }

      @Override
      public boolean exceeded(int refused, int published) {
        return refused > 0 && (long) refused * 100 > (long) percent * published;
      }
    }
  }

  /**
   * When groups may be published: from {@code from} to {@code to} local time in {@code zone} (a window that
   * ends before it starts runs past midnight: 18:00–08:00 is "outside hall hours"), on {@code days} (the day
   * the window opens; empty = every day). {@code from} is inside, {@code to} outside.
   */
  public record MaintenanceWindow(LocalTime from, LocalTime to, Set<DayOfWeek> days, ZoneId zone) {
    public MaintenanceWindow {
      Objects.requireNonNull(from, "window.from");
      Objects.requireNonNull(to, "window.to");
      Objects.requireNonNull(zone, "window.zone");
      if (from.equals(to)) {
        throw new IllegalArgumentException("window: from and to must differ (a window of no time, or of all day)");
      }
      days = days == null || days.isEmpty() ? Collections.unmodifiableSet(EnumSet.allOf(DayOfWeek.class))
          : Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /** Whether {@code now} is inside the window. */
    public boolean contains(Instant now) {
      ZonedDateTime local = now.atZone(zone);
      LocalTime t = local.toLocalTime();
      DayOfWeek day = local.getDayOfWeek();
      if (from.isBefore(to)) {
        return days.contains(day) && !t.isBefore(from) && t.isBefore(to);
      }
      return (days.contains(day) && !t.isBefore(from)) || (days.contains(day.minus(1)) && t.isBefore(to));
    }

    /** {@code now} when inside, else when the window next opens. */
    public Instant nextOpening(Instant now) {
      if (contains(now)) {
        return now;
      }
      LocalDate date = now.atZone(zone).toLocalDate();
      for (int d = 0; d <= 7; d++) {
        LocalDate day = date.plusDays(d);
        if (days.contains(day.getDayOfWeek())) {
          Instant opening = day.atTime(from).atZone(zone).toInstant();
          if (opening.isAfter(now)) {
            return opening;
          }
        }
      }
      throw new IllegalStateException("unreachable: a window opens within a week");
    }
  }

  /**
   * The groups over {@code targets} (see the class comment); never an empty group.
   */
  public List<List<String>> groups(Collection<Target> targets) {
    Map<String, Target> eligible = new TreeMap<>();
    for (Target t : targets) {
      if (filter.matches(t)) {
        eligible.put(t.deviceId(), t);
      }
    }
    List<List<String>> out = new ArrayList<>();
    List<String> first = canary.stream().filter(eligible::containsKey).toList();
    if (!first.isEmpty()) {
      out.add(first);
    }
    Set<String> inCanary = Set.copyOf(first);
    List<String> rest = eligible.keySet().stream().filter(id -> !inCanary.contains(id)).toList();
    int done = 0;
    for (GroupSize g : groups) {
      int upTo = g instanceof GroupSize.Count c ? Math.min(rest.size(), done + c.devices())
          : (int) Math.ceil(rest.size() * ((GroupSize.Percent) g).percent() / 100.0);
      if (upTo > done) {
        out.add(List.copyOf(rest.subList(done, upTo)));
        done = upTo;
      }
    }
    if (done < rest.size()) {
      out.add(List.copyOf(rest.subList(done, rest.size())));
    }
    return List.copyOf(out);
  }

  /**
   * A new rollout over {@code targets}, created by {@code createdBy}: every device WAITING, no group
   * published, the first group due; WAITING_APPROVAL when the plan requires approval, else RUNNING (not
   * yet started: {@link Event.Start} publishes).
   */
  public State initial(Collection<Target> targets, String createdBy) {
    return State.of(groups(targets), approvalRequired ? Phase.WAITING_APPROVAL : Phase.RUNNING, createdBy);
  }

  /**
   * The plan of the rollback of a rollout in {@code state} under this plan: the devices it touched (its bundle
   * published to them), in one group, at once; no approval, no window, never pausing (a rollback stops for
   * nothing); the same region, so that the same operators see it.
   *
   * @throws IllegalStateException when it touched no device
   */
  public RolloutPlan rollbackPlan(State state) {
    Set<String> touched = state.touched();
    if (touched.isEmpty()) {
      throw new IllegalStateException("the rollout published to no device: nothing to roll back");
    }
    return new RolloutPlan(new TargetFilter(filter.region(), Set.of(), Optional.empty(), touched), List.of(),
        List.of(new GroupSize.Percent(100)), 100, new ErrorThreshold.Percent(100), false, Optional.empty());
  }

  // ---------------------------------------------------------------------------------------------
  // state machine

  /** Where a rollout is. */
  public enum Phase {
    /** Created with approval required; nothing published until a second operator approves. */
    WAITING_APPROVAL,
    /** Publishing group after group. */
    RUNNING,
    /** Stopped by an operator or by the error threshold; resumable. Reports are still recorded. */
    PAUSED,
    /** Stopped for good by an operator (or rolled back). Terminal. */
    HALTED,
    /** The last group succeeded. Terminal. */
    COMPLETED;

    /** Whether no operator event changes it any more. */
    public boolean terminal() {
      return this == HALTED || this == COMPLETED;
    }
  }

  /** What is known of one device of a rollout. */
  public enum DeviceStatus {
    /** Its group has not been published. */
    WAITING,
    /** Its bundle is published; no report yet. */
    PENDING,
    /** It runs the version. */
    APPLIED,
    /** It refused the bundle or could not apply it. */
    REFUSED;

    /** APPLIED or REFUSED. */
    public boolean settled() {
      return this == APPLIED || this == REFUSED;
    }
  }

  /**
   * The state of a rollout.
   *
   * @param phase            where it is
   * @param group            index of the newest group published; -1 before the first
   * @param groups           the devices of each group
   * @param devices          status per device
   * @param reason           why it is PAUSED or HALTED; empty otherwise
   * @param createdBy        the operator who created it (who may not approve it)
   * @param approvedBy       who approved it; empty when not (yet) approved
   * @param groupDue         the next group (group + 1) may go out and waits for the window (or a resume)
   * @param refusalsBaseline refusals already counted when the rollout last resumed (the error threshold counts
   *                         those after it)
   */
  public record State(Phase phase, int group, List<List<String>> groups, Map<String, DeviceStatus> devices,
      String reason, String createdBy, Optional<String> approvedBy, boolean groupDue, int refusalsBaseline) {
    public State {
      Objects.requireNonNull(phase, "phase");
      groups = groups.stream().map(List::copyOf).toList();
      devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
      reason = reason == null ? "" : reason;
      createdBy = createdBy == null ? "" : createdBy;
      approvedBy = approvedBy == null ? Optional.empty() : approvedBy;
      if (group < -1 || group >= Math.max(groups.size(), 1)) {
        throw new IllegalArgumentException("group: must be in -1.." + (groups.size() - 1) + ", was " + group);
      }
    }

    /** Every device of {@code groups} WAITING, no group published, the first due. */
    static State of(List<List<String>> groups, Phase phase, String createdBy) {
      Map<String, DeviceStatus> d = new LinkedHashMap<>();
      groups.forEach(g -> g.forEach(id -> d.put(id, DeviceStatus.WAITING)));
      return new State(phase, -1, groups, d, "", createdBy, Optional.empty(), true, 0);
    }

    /** How many devices refused. */
    public int refusals() {
      return count(DeviceStatus.REFUSED);
    }

    /** How many devices got the bundle (not WAITING). */
    public int published() {
      return devices.size() - count(DeviceStatus.WAITING);
    }

    private int count(DeviceStatus s) {
      return (int) devices.values().stream().filter(x -> x == s).count();
    }

    /** The devices that got the bundle (PENDING, APPLIED or REFUSED), in id order. */
    public Set<String> touched() {
      Set<String> out = new TreeSet<>();
      devices.forEach((id, s) -> {
        if (s != DeviceStatus.WAITING) {
          out.add(id);
        }
      });
      return Collections.unmodifiableSet(out);
    }

    State withPhase(Phase p, String why) {
      return new State(p, group, groups, devices, why, createdBy, approvedBy, groupDue, refusalsBaseline);
    }

    State withDevices(Map<String, DeviceStatus> d) {
      return new State(phase, group, groups, d, reason, createdBy, approvedBy, groupDue, refusalsBaseline);
    }

    State withDue(boolean due) {
      return new State(phase, group, groups, devices, reason, createdBy, approvedBy, due, refusalsBaseline);
    }
  }

  /** How far one group is. */
  public enum GroupStatus {
    /** Not yet due. */
    SCHEDULED,
    /** Due, held back by the maintenance window, the pause or the approval. */
    DUE,
    /** Published; its success threshold not reached. */
    RUNNING,
    /** Published; its success threshold reached (or every device settled). */
    FINISHED
  }

  /** How many devices of one group are in each status. */
  public record GroupCounts(int waiting, int pending, int applied, int refused) {
    /** The group's size. */
    public int size() {
      return waiting + pending + applied + refused;
    }

    /** The counts of every group of {@code state}. */
    public static List<GroupCounts> of(State state) {
      List<GroupCounts> out = new ArrayList<>();
      for (List<String> ids : state.groups()) {
        int[] n = new int[DeviceStatus.values().length];
        ids.forEach(id -> n[state.devices().get(id).ordinal()]++);
        out.add(new GroupCounts(n[0], n[1], n[2], n[3]));
      }
      return List.copyOf(out);
    }
  }

  /**
   * The progress of one group.
   *
   * @param appliedPercent APPLIED devices as a whole percentage of the group (rounded down)
   */
  public record GroupProgress(int group, GroupCounts counts, int appliedPercent, GroupStatus status) {}

  /** The progress of every group of {@code state}. */
  public List<GroupProgress> progress(State state) {
    return progress(state.phase(), state.group(), state.groupDue(), GroupCounts.of(state));
  }

  /**
   * The progress of every group of a rollout from its phase, newest group published, whether the next is due,
   * and the counts per group (what a list of rollouts reads without loading every device).
   */
  public List<GroupProgress> progress(Phase phase, int group, boolean groupDue, List<GroupCounts> counts) {
    List<GroupProgress> out = new ArrayList<>();
    for (int g = 0; g < counts.size(); g++) {
      GroupCounts c = counts.get(g);
      GroupStatus status;
      if (g <= group) {
        status = succeeded(c) ? GroupStatus.FINISHED : GroupStatus.RUNNING;
      } else if (g == group + 1 && groupDue && !phase.terminal()) {
        status = GroupStatus.DUE;
      } else {
        status = GroupStatus.SCHEDULED;
      }
      out.add(new GroupProgress(g, c, c.size() == 0 ? 0 : c.applied() * 100 / c.size(), status));
    }
    return List.copyOf(out);
  }

  /** Whether a published group reached the success threshold or settled entirely. */
  private boolean succeeded(GroupCounts c) {
    boolean settled = c.waiting() == 0 && c.pending() == 0;
    return settled || c.applied() >= (int) Math.ceil(c.size() * successThreshold / 100.0);
  }

  private boolean succeeded(State state, int g) {
    return succeeded(GroupCounts.of(state).get(g));
  }

  /** What happens to a rollout. */
  public sealed interface Event permits Event.Start, Event.Tick, Event.Applied, Event.Refused, Event.Approve,
      Event.Pause, Event.Resume, Event.NextGroup, Event.Halt {
    /** The rollout was created: publish the first group when it may. */
    record Start() implements Event {}

    /** Time passed (the service ticks): publish a due group once the window is open. */
    record Tick() implements Event {}

    /** A device runs the version. */
    record Applied(String deviceId) implements Event {}

    /** A device refused the bundle (or failed to apply it). */
    record Refused(String deviceId, String reason) implements Event {}

    /**
     * An operator approves.
     *
     * @param operator   its name
     * @param mayApprove whether it holds the approver permission
     */
    record Approve(String operator, boolean mayApprove) implements Event {}

    /** An operator pauses the rollout. */
    record Pause(String reason) implements Event {}

    /** An operator resumes a paused rollout; refusals so far no longer count against the error threshold. */
    record Resume() implements Event {}

    /** An operator starts the next group now, whatever the success threshold says (the window still holds). */
    record NextGroup() implements Event {}

    /** An operator stops the rollout for good. */
    record Halt(String reason) implements Event {}
  }

  /** Why an operator event was refused. */
  public enum Refusal {
    /** The event does not fit the phase (or no group is left). */
    CONFLICT,
    /** The approver created the rollout: a second operator must approve. */
    SELF_APPROVAL,
    /** The approver lacks the approver permission. */
    NOT_APPROVER
  }

  /** What the service must do. */
  public sealed interface Effect permits Effect.Publish, Effect.Approved, Effect.Paused, Effect.Resumed,
      Effect.Halted, Effect.Completed, Effect.Refused {
    /** Publish the bundle to these devices (group {@code group}). */
    record Publish(int group, List<String> deviceIds) implements Effect {}

    /** The rollout was approved by {@code by}. */
    record Approved(String by) implements Effect {}

    /** The rollout paused (operator or error threshold); tell the operators. */
    record Paused(String reason) implements Effect {}

    /** The rollout resumed. */
    record Resumed() implements Effect {}

    /** The rollout halted for good. */
    record Halted(String reason) implements Effect {}

    /** The last group succeeded. */
    record Completed() implements Effect {}

    /** The operator event was refused; the state is unchanged. */
    record Refused(Refusal refusal, String message) implements Effect {}
  }

  /** A transition: the new state and what to do. */
  public record Step(State state, List<Effect> effects) {
    public Step {
      Objects.requireNonNull(state, "state");
      effects = List.copyOf(effects);
    }

    /** The refusal, when the event was refused. */
    public Optional<Effect.Refused> refusal() {
      return effects.stream().filter(e -> e instanceof Effect.Refused).map(e -> (Effect.Refused) e).findFirst();
    }
  }

  /**
   * The transition of {@code state} on {@code event} at {@code now} (see the class comment).
   */
  public Step next(State state, Event event, Instant now) {
    Objects.requireNonNull(now, "now");
    if (event instanceof Event.Applied a) {
      return report(state, a.deviceId(), DeviceStatus.APPLIED, "", now);
    }
    if (event instanceof Event.Refused r) {
      return report(state, r.deviceId(), DeviceStatus.REFUSED, r.reason(), now);
    }
    if (event instanceof Event.Start || event instanceof Event.Tick) {
      return state.phase() == Phase.RUNNING ? evaluate(state, List.of(), now, "") : unchanged(state);
    }
    if (event instanceof Event.Approve ap) {
      if (state.phase() != Phase.WAITING_APPROVAL) {
        return refuse(state, Refusal.CONFLICT, "rollout is " + state.phase() + ", not waiting for approval");
      }
      if (!ap.mayApprove()) {
        return refuse(state, Refusal.NOT_APPROVER, ap.operator() + " does not hold the approver permission");
      }
      if (ap.operator().equals(state.createdBy())) {
        return refuse(state, Refusal.SELF_APPROVAL, ap.operator()
            + " created this rollout: a second operator must approve it");
      }
      State approved = new State(Phase.RUNNING, state.group(), state.groups(), state.devices(), "", state.createdBy(),
          Optional.of(ap.operator()), state.groupDue(), state.refusalsBaseline());
      return evaluate(approved, List.of(new Effect.Approved(ap.operator())), now, "");
    }
    if (event instanceof Event.Pause p) {
      if (state.phase() != Phase.RUNNING) {
        return refuse(state, Refusal.CONFLICT, "rollout is " + state.phase() + ", not RUNNING: nothing to pause");
      }
      String why = "paused by operator" + (p.reason() == null || p.reason().isBlank() ? "" : ": " + p.reason());
      return new Step(state.withPhase(Phase.PAUSED, why), List.of(new Effect.Paused(why)));
    }
    if (event instanceof Event.Resume) {
      if (state.phase() != Phase.PAUSED) {
        return refuse(state, Refusal.CONFLICT, "rollout is " + state.phase() + ", not PAUSED: nothing to resume");
      }
      State resumed = new State(Phase.RUNNING, state.group(), state.groups(), state.devices(), "", state.createdBy(),
          state.approvedBy(), state.groupDue(), state.refusals());
      return evaluate(resumed, List.of(new Effect.Resumed()), now, "");
    }
    if (event instanceof Event.NextGroup) {
      if (state.phase() != Phase.RUNNING) {
        return refuse(state, Refusal.CONFLICT, "rollout is " + state.phase() + ", not RUNNING");
      }
      if (state.group() + 1 >= state.groups().size()) {
        return refuse(state, Refusal.CONFLICT, "every group has been published: no next group");
      }
      return evaluate(state.withDue(true), List.of(), now, "");
    }
    Event.Halt h = (Event.Halt) event;
    if (state.phase().terminal()) {
      return refuse(state, Refusal.CONFLICT, "rollout is " + state.phase() + " already");
    }
    String why = h.reason() == null || h.reason().isBlank() ? "halted by operator" : h.reason();
    return new Step(state.withPhase(Phase.HALTED, why), List.of(new Effect.Halted(why)));
  }

  private Step report(State state, String deviceId, DeviceStatus status, String reason, Instant now) {
    if (state.devices().get(deviceId) != DeviceStatus.PENDING) {
      // Not in the rollout, its group not published yet, or it already reported: nothing changes.
      return unchanged(state);
    }
    Map<String, DeviceStatus> devices = new LinkedHashMap<>(state.devices());
    devices.put(deviceId, status);
    State updated = state.withDevices(devices);
    if (state.phase() != Phase.RUNNING) {
      return new Step(updated, List.of()); // recorded; a paused or finished rollout does nothing more
    }
    String last = status == DeviceStatus.REFUSED ? deviceId + (reason.isEmpty() ? "" : " (" + reason + ")") : "";
    return evaluate(updated, List.of(), now, last);
  }

  /** In RUNNING: the emergency stop, then success of the newest group, then publishing a due group. */
  private Step evaluate(State state, List<Effect> before, Instant now, String lastRefusal) {
    List<Effect> effects = new ArrayList<>(before);
    int since = state.refusals() - state.refusalsBaseline();
    if (errorThreshold.exceeded(since, state.published())) {
      String why = since + " device(s) refused" + (state.refusalsBaseline() > 0 ? " since the last resume" : "")
          + ", more than the error threshold " + describe(errorThreshold) + " tolerates"
          + (lastRefusal.isEmpty() ? "" : "; last: " + lastRefusal);
      effects.add(new Effect.Paused(why));
      return new Step(state.withPhase(Phase.PAUSED, why), effects);
    }
    State s = state;
    if (s.groups().isEmpty()) {
      effects.add(new Effect.Completed());
      return new Step(s.withPhase(Phase.COMPLETED, ""), effects);
    }
    if (s.group() >= 0 && !s.groupDue() && succeeded(s, s.group())) {
      if (s.group() == s.groups().size() - 1) {
        effects.add(new Effect.Completed());
        return new Step(s.withPhase(Phase.COMPLETED, ""), effects);
      }
      s = s.withDue(true);
    }
    if (s.groupDue() && window.map(w -> w.contains(now)).orElse(true)) {
      int g = s.group() + 1;
      List<String> ids = s.groups().get(g);
      Map<String, DeviceStatus> devices = new LinkedHashMap<>(s.devices());
      ids.forEach(id -> devices.put(id, DeviceStatus.PENDING));
      s = new State(Phase.RUNNING, g, s.groups(), devices, "", s.createdBy(), s.approvedBy(), false,
          s.refusalsBaseline());
      effects.add(new Effect.Publish(g, ids));
    }
    return new Step(s, effects);
  }

  private static String describe(ErrorThreshold t) {
    return t instanceof ErrorThreshold.Count c ? "of " + c.refusals() + " refusal(s)"
        : "of " + ((ErrorThreshold.Percent) t).percent() + " %";
  }

  private static Step unchanged(State state) {
    return new Step(state, List.of());
  }

  private static Step refuse(State state, Refusal why, String message) {
    return new Step(state, List.of(new Effect.Refused(why, message)));
  }
}
