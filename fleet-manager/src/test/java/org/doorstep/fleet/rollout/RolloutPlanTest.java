package org.doorstep.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.doorstep.fleet.rollout.RolloutPlan.DeviceStatus;
import org.doorstep.fleet.rollout.RolloutPlan.Effect;
import org.doorstep.fleet.rollout.RolloutPlan.ErrorThreshold;
import org.doorstep.fleet.rollout.RolloutPlan.Event;
import org.doorstep.fleet.rollout.RolloutPlan.GroupCounts;
import org.doorstep.fleet.rollout.RolloutPlan.GroupProgress;
import org.doorstep.fleet.rollout.RolloutPlan.GroupSize;
import org.doorstep.fleet.rollout.RolloutPlan.GroupStatus;
import org.doorstep.fleet.rollout.RolloutPlan.MaintenanceWindow;
import org.doorstep.fleet.rollout.RolloutPlan.Phase;
import org.doorstep.fleet.rollout.RolloutPlan.Refusal;
import org.doorstep.fleet.rollout.RolloutPlan.State;
import org.doorstep.fleet.rollout.RolloutPlan.Step;
import org.doorstep.fleet.rollout.RolloutPlan.Target;
import org.doorstep.fleet.rollout.RolloutPlan.TargetFilter;
import org.doorstep.fleet.rollout.RolloutPlan.VersionConstraint;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutPlanTest {
  /** Monday 2026-03-02 09:00 in Beijing: hall hours. */
  private static final Instant NOW = Instant.parse("2026-03-02T01:00:00Z");
  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  /** Outside hall hours: 18:00 to 08:00 the next morning. */
  private static final MaintenanceWindow NIGHTS = new MaintenanceWindow(LocalTime.of(18, 0), LocalTime.of(8, 0),
      Set.of(), BEIJING);

  private static List<Target> fleet(int n, String region) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> new Target(String.format("k-%02d", i), region,
        Optional.of("KIOSK"), Optional.of("0.1.0"))).toList();
  }

  private static RolloutPlan plan(List<String> canary, List<GroupSize> groups, int success, ErrorThreshold errors,
      boolean approval, Optional<MaintenanceWindow> window) {
    return new RolloutPlan(TargetFilter.all(), canary, groups, success, errors, approval, window);
  }

  private static RolloutPlan simple(List<String> canary, List<GroupSize> groups, int maxRefusals) {
    return plan(canary, groups, 100, new ErrorThreshold.Count(maxRefusals), false, Optional.empty());
  }

  private static List<GroupSize> percents(int... p) {
    return IntStream.of(p).mapToObj(x -> (GroupSize) new GroupSize.Percent(x)).toList();
  }

  private static State started(RolloutPlan p, List<Target> targets) {
    return p.next(p.initial(targets, "alice"), new Event.Start(), NOW).state();
  }

  private static State apply(RolloutPlan p, State s, Event... events) {
    for (Event e : events) {
      s = p.next(s, e, NOW).state();
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // the transition table: one plan (approval, canary k-01, then the rest), every phase × every event

  /** Canary k-01, then k-02..k-04; approval required; the first refusal pauses. */
  private static final RolloutPlan P = plan(List.of("k-01"), percents(100), 100, new ErrorThreshold.Count(0), true,
      Optional.empty());
  private static final List<Target> FOUR = fleet(4, "440106");

  private static State awaiting() {
    return P.initial(FOUR, "alice");
  }

  private static State running0() {
    return apply(P, awaiting(), new Event.Approve("bob", true));
  }

  private static State running1() {
    return apply(P, running0(), new Event.Applied("k-01"));
  }

  private static State paused() {
    return apply(P, running0(), new Event.Pause("look first"));
  }

  private static State halted() {
    return apply(P, running0(), new Event.Halt("wrong document"));
  }

  private static State completed() {
    return apply(P, running1(), new Event.Applied("k-02"), new Event.Applied("k-03"), new Event.Applied("k-04"));
  }

  private static Arguments row(String from, Supplier<State> state, Event event, Phase phase, Effect... effects) {
    return Arguments.of(Named.of(from + " + " + event, state), event, phase, List.of(effects));
  }

  private static Effect conflict(String message) {
    return new Effect.Refused(Refusal.CONFLICT, message);
  }

  private static final Effect.Publish CANARY = new Effect.Publish(0, List.of("k-01"));
  private static final Effect.Publish REST = new Effect.Publish(1, List.of("k-02", "k-03", "k-04"));

  static Stream<Arguments> transitions() {
    return Stream.of(
        row("awaiting", RolloutPlanTest::awaiting, new Event.Approve("bob", true), Phase.RUNNING,
            new Effect.Approved("bob"), CANARY),
        row("awaiting", RolloutPlanTest::awaiting, new Event.Approve("alice", true), Phase.WAITING_APPROVAL,
            new Effect.Refused(Refusal.SELF_APPROVAL, "alice created this rollout: a second operator must approve it")),
        row("awaiting", RolloutPlanTest::awaiting, new Event.Approve("carol", false), Phase.WAITING_APPROVAL,
            new Effect.Refused(Refusal.NOT_APPROVER, "carol does not hold the approver permission")),
        row("awaiting", RolloutPlanTest::awaiting, new Event.Start(), Phase.WAITING_APPROVAL),
        row("awaiting", RolloutPlanTest::awaiting, new Event.Tick(), Phase.WAITING_APPROVAL),
        row("awaiting", RolloutPlanTest::awaiting, new Event.Applied("k-01"), Phase.WAITING_APPROVAL),
        row("awaiting", RolloutPlanTest::awaiting, new Event.Pause(""), Phase.WAITING_APPROVAL,
            conflict("rollout is WAITING_APPROVAL, not RUNNING: nothing to pause")),
        row("awaiting", RolloutPlanTest::awaiting, new Event.Resume(), Phase.WAITING_APPROVAL,
            conflict("rollout is WAITING_APPROVAL, not PAUSED: nothing to resume")),
        row("awaiting", RolloutPlanTest::awaiting, new Event.NextGroup(), Phase.WAITING_APPROVAL,
            conflict("rollout is WAITING_APPROVAL, not RUNNING")),
        row("awaiting", RolloutPlanTest::awaiting, new Event.Halt("not needed"), Phase.HALTED,
            new Effect.Halted("not needed")),

        row("running", RolloutPlanTest::running0, new Event.Approve("carol", true), Phase.RUNNING,
            conflict("rollout is RUNNING, not waiting for approval")),
        row("running", RolloutPlanTest::running0, new Event.Applied("k-01"), Phase.RUNNING, REST),
        row("running", RolloutPlanTest::running0, new Event.Refused("k-01", "BAD_SIGNATURE"), Phase.PAUSED,
            new Effect.Paused("1 device(s) refused, more than the error threshold of 0 refusal(s) tolerates; "
                + "last: k-01 (BAD_SIGNATURE)")),
        row("running", RolloutPlanTest::running0, new Event.Applied("k-02"), Phase.RUNNING),
        row("running", RolloutPlanTest::running0, new Event.Applied("stranger"), Phase.RUNNING),
        row("running", RolloutPlanTest::running0, new Event.Tick(), Phase.RUNNING),
        row("running", RolloutPlanTest::running0, new Event.Pause("look first"), Phase.PAUSED,
            new Effect.Paused("paused by operator: look first")),
        row("running", RolloutPlanTest::running0, new Event.Resume(), Phase.RUNNING,
            conflict("rollout is RUNNING, not PAUSED: nothing to resume")),
        row("running", RolloutPlanTest::running0, new Event.NextGroup(), Phase.RUNNING, REST),
        row("running", RolloutPlanTest::running0, new Event.Halt(""), Phase.HALTED, new Effect.Halted("halted by operator")),
        row("last group", RolloutPlanTest::running1, new Event.NextGroup(), Phase.RUNNING,
            conflict("every group has been published: no next group")),

        row("paused", RolloutPlanTest::paused, new Event.Resume(), Phase.RUNNING, new Effect.Resumed()),
        row("paused", RolloutPlanTest::paused, new Event.Pause(""), Phase.PAUSED,
            conflict("rollout is PAUSED, not RUNNING: nothing to pause")),
        row("paused", RolloutPlanTest::paused, new Event.Applied("k-01"), Phase.PAUSED),
        row("paused", RolloutPlanTest::paused, new Event.Tick(), Phase.PAUSED),
        row("paused", RolloutPlanTest::paused, new Event.NextGroup(), Phase.PAUSED,
            conflict("rollout is PAUSED, not RUNNING")),
        row("paused", RolloutPlanTest::paused, new Event.Approve("bob", true), Phase.PAUSED,
            conflict("rollout is PAUSED, not waiting for approval")),
        row("paused", RolloutPlanTest::paused, new Event.Halt("give up"), Phase.HALTED, new Effect.Halted("give up")),

        row("halted", RolloutPlanTest::halted, new Event.Resume(), Phase.HALTED,
            conflict("rollout is HALTED, not PAUSED: nothing to resume")),
        row("halted", RolloutPlanTest::halted, new Event.Pause(""), Phase.HALTED,
            conflict("rollout is HALTED, not RUNNING: nothing to pause")),
        row("halted", RolloutPlanTest::halted, new Event.NextGroup(), Phase.HALTED, conflict("rollout is HALTED, not RUNNING")),
        row("halted", RolloutPlanTest::halted, new Event.Halt(""), Phase.HALTED, conflict("rollout is HALTED already")),
        row("halted", RolloutPlanTest::halted, new Event.Applied("k-01"), Phase.HALTED),
        row("halted", RolloutPlanTest::halted, new Event.Tick(), Phase.HALTED),

        row("completed", RolloutPlanTest::completed, new Event.Halt(""), Phase.COMPLETED,
            conflict("rollout is COMPLETED already")),
        row("completed", RolloutPlanTest::completed, new Event.Resume(), Phase.COMPLETED,
            conflict("rollout is COMPLETED, not PAUSED: nothing to resume")),
        row("completed", RolloutPlanTest::completed, new Event.Tick(), Phase.COMPLETED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void every_transition_of_the_table(Supplier<State> from, Event event, Phase phase, List<Effect> effects) {
    State before = from.get();
    Step step = P.next(before, event, NOW);
    assertThat(step.state().phase()).isEqualTo(phase);
    assertThat(step.effects()).containsExactlyElementsOf(effects);
    if (step.refusal().isPresent()) {
      assertThat(step.state()).as("a refused event changes nothing").isEqualTo(before);
    }
  }

  @Test
  void reports_are_recorded_in_every_phase_but_act_only_while_running() {
    State paused = apply(P, paused(), new Event.Applied("k-01"));
    assertThat(paused.devices()).containsEntry("k-01", DeviceStatus.APPLIED);
    assertThat(paused.group()).as("nothing published while paused").isZero();
    State halted = apply(P, halted(), new Event.Refused("k-01", "ROLLBACK"));
    assertThat(halted.devices()).containsEntry("k-01", DeviceStatus.REFUSED);
    assertThat(halted.phase()).isEqualTo(Phase.HALTED);
  }

  @Test
  void approval_records_the_approver_and_the_creator_is_kept() {
    State s = running0();
    assertThat(s.createdBy()).isEqualTo("alice");
    assertThat(s.approvedBy()).contains("bob");
    assertThat(P.initial(FOUR, "alice").approvedBy()).isEmpty();
  }

  @Test
  void a_plan_without_approval_starts_running_and_publishes_on_start() {
    RolloutPlan p = P.withApproval(false);
    State s0 = p.initial(FOUR, "alice");
    assertThat(s0.phase()).isEqualTo(Phase.RUNNING);
    assertThat(s0.group()).isEqualTo(-1);
    Step step = p.next(s0, new Event.Start(), NOW);
    assertThat(step.effects()).containsExactly(CANARY);
    assertThat(step.state().devices()).containsEntry("k-01", DeviceStatus.PENDING)
        .containsEntry("k-02", DeviceStatus.WAITING);
    assertThat(p.next(s0, new Event.Approve("bob", true), NOW).refusal()).get()
        .extracting(Effect.Refused::refusal).isEqualTo(Refusal.CONFLICT);
  }

  // ---------------------------------------------------------------------------------------------
  // groups

  @Test
  void groups_are_the_canary_then_cumulative_percentages_of_the_rest() {
    RolloutPlan p = simple(List.of("k-03"), percents(10, 50, 100), 0);
    assertThat(p.groups(fleet(11, "440103"))).containsExactly(
        List.of("k-03"),
        List.of("k-01"),                                   // ceil(10 % of 10) = 1
        List.of("k-02", "k-04", "k-05", "k-06"),           // up to ceil(50 %) = 5
        List.of("k-07", "k-08", "k-09", "k-10", "k-11"));  // the rest
  }

  @Test
  void groups_by_count_and_percent_mix_and_the_leftover_devices_form_a_last_group() {
    RolloutPlan p = simple(List.of(), List.of(new GroupSize.Count(1), new GroupSize.Count(2), new GroupSize.Percent(50)), 0);
    assertThat(p.groups(fleet(10, "44"))).containsExactly(
        List.of("k-01"), List.of("k-02", "k-03"), List.of("k-04", "k-05"), // up to 5 of 10
        List.of("k-06", "k-07", "k-08", "k-09", "k-10"));                  // the rest
    assertThat(simple(List.of(), List.of(new GroupSize.Count(50)), 0).groups(fleet(3, "44")))
        .as("a count larger than the fleet takes what there is").containsExactly(List.of("k-01", "k-02", "k-03"));
  }

  @Test
  void unknown_canaries_are_dropped_and_no_group_is_empty() {
    List<Target> targets = List.of(new Target("a-1", "110101"), new Target("b-1", "440103"), new Target("b-2", "440103"));
    RolloutPlan p = new RolloutPlan(TargetFilter.region("440103"), List.of("a-1", "ghost"), percents(1, 2, 100), 100,
        new ErrorThreshold.Count(0), false, Optional.empty());
    assertThat(p.groups(targets)).containsExactly(List.of("b-1"), List.of("b-2"));
  }

  @Test
  void invalid_plans_name_the_member() {
    assertThatThrownBy(() -> simple(List.of(), percents(50, 20, 100), 0)).hasMessageStartingWith("groups: percentages");
    assertThatThrownBy(() -> simple(List.of(), percents(100, 100), 0)).hasMessageStartingWith("groups: nothing can follow");
    assertThatThrownBy(() -> new GroupSize.Percent(0)).hasMessageStartingWith("groups: a percentage");
    assertThatThrownBy(() -> new GroupSize.Count(0)).hasMessageStartingWith("groups: a count");
    assertThatThrownBy(() -> simple(List.of("a/b"), percents(100), 0)).hasMessageStartingWith("canary:");
    assertThatThrownBy(() -> simple(List.of("a", "a"), percents(100), 0)).hasMessageStartingWith("canary:");
    assertThatThrownBy(() -> new ErrorThreshold.Count(-1)).hasMessageStartingWith("errorThreshold:");
    assertThatThrownBy(() -> new ErrorThreshold.Percent(101)).hasMessageStartingWith("errorThreshold:");
    assertThatThrownBy(() -> plan(List.of(), percents(100), 0, new ErrorThreshold.Count(0), false, Optional.empty()))
        .hasMessageStartingWith("successThreshold:");
    assertThatThrownBy(() -> new TargetFilter(Optional.empty(), Set.of("ATM"), Optional.empty(), Set.of()))
        .hasMessageStartingWith("filter.kinds:");
    assertThatThrownBy(() -> VersionConstraint.parse(">=")).hasMessageStartingWith("filter.agentVersion:");
    assertThatThrownBy(() -> new TargetFilter(Optional.empty(), Set.of(), Optional.empty(), Set.of("a b")))
        .hasMessageStartingWith("filter.devices:");
    assertThatThrownBy(() -> new MaintenanceWindow(LocalTime.NOON, LocalTime.NOON, Set.of(), BEIJING))
        .hasMessageStartingWith("window:");
  }

  // ---------------------------------------------------------------------------------------------
  // target filter

  @Test
  void the_filter_matches_region_prefix_kind_agent_version_and_device_ids_together() {
    Target gzKiosk = new Target("gz-1", "440106001", Optional.of("KIOSK"), Optional.of("0.2.1"));
    Target gzBank = new Target("gz-2", "440106", Optional.of("BANK_TERMINAL"), Optional.of("0.1.9"));
    Target bj = new Target("bj-1", "110105", Optional.of("KIOSK"), Optional.of("0.2.0"));
    Target silent = new Target("gz-3", "440106");
    Target legacy = new Target("old-1", "Tianhe", Optional.of("KIOSK"), Optional.of("0.1.0"));
    List<Target> all = List.of(gzKiosk, gzBank, bj, silent, legacy);

    assertThat(ids(TargetFilter.region("44"), all)).containsExactly("gz-1", "gz-2", "gz-3");
    assertThat(ids(TargetFilter.region("440000"), all)).as("a padded province code is its prefix")
        .containsExactly("gz-1", "gz-2", "gz-3");
    assertThat(ids(TargetFilter.region("Tianhe"), all)).as("free text matches exactly").containsExactly("old-1");
    assertThat(ids(new TargetFilter(Optional.empty(), Set.of("KIOSK"), Optional.empty(), Set.of()), all))
        .as("a device that never reported its kind is not a KIOSK").containsExactly("bj-1", "gz-1", "old-1");
    assertThat(ids(new TargetFilter(Optional.empty(), Set.of(), Optional.of(VersionConstraint.parse(">=0.2")), Set.of()), all))
        .containsExactly("bj-1", "gz-1");
    assertThat(ids(new TargetFilter(Optional.of("44"), Set.of("KIOSK", "BANK_TERMINAL"),
        Optional.of(VersionConstraint.parse("<0.2.0")), Set.of()), all)).containsExactly("gz-2");
    assertThat(ids(new TargetFilter(Optional.of("44"), Set.of(), Optional.empty(), Set.of("gz-3", "bj-1")), all))
        .containsExactly("gz-3");
    assertThat(TargetFilter.region("440106").regionIsCode()).isTrue();
    assertThat(TargetFilter.region("Tianhe").regionIsCode()).isFalse();
  }

  private static List<String> ids(TargetFilter f, List<Target> targets) {
    RolloutPlan p = new RolloutPlan(f, List.of(), percents(100), 100, new ErrorThreshold.Count(0), false, Optional.empty());
    return p.groups(targets).stream().flatMap(List::stream).toList();
  }

  @Test
  void versions_compare_part_by_part() {
    assertThat(VersionConstraint.compare("0.10.0", "0.9.1")).isPositive();
    assertThat(VersionConstraint.compare("0.2", "0.2.0")).isZero();
    assertThat(VersionConstraint.compare("1.0.0-rc1", "1.0.0-rc2")).isNegative();
    assertThat(VersionConstraint.parse("0.2.0").matches("0.2")).isTrue();
    assertThat(VersionConstraint.parse(">0.2.0").matches("0.2.0")).isFalse();
    assertThat(VersionConstraint.parse("<= 0.2.0").matches("0.1.9")).isTrue();
    assertThat(VersionConstraint.parse(">=0.2.0").toString()).isEqualTo(">=0.2.0");
    assertThat(VersionConstraint.parse("0.2.0").toString()).isEqualTo("0.2.0");
  }

  // ---------------------------------------------------------------------------------------------
  // thresholds

  @Test
  void the_success_threshold_starts_the_next_group_before_every_device_reported() {
    RolloutPlan p = plan(List.of(), percents(50, 100), 50, new ErrorThreshold.Count(0), false, Optional.empty());
    State s = started(p, fleet(8, "r"));
    assertThat(s.groups()).containsExactly(List.of("k-01", "k-02", "k-03", "k-04"), List.of("k-05", "k-06", "k-07", "k-08"));
    Step one = p.next(s, new Event.Applied("k-01"), NOW);
    assertThat(one.effects()).isEmpty();
    Step two = p.next(one.state(), new Event.Applied("k-03"), NOW);
    assertThat(two.effects()).containsExactly(new Effect.Publish(1, List.of("k-05", "k-06", "k-07", "k-08")));

    State late = apply(p, two.state(), new Event.Applied("k-02"));
    assertThat(late.devices()).as("an earlier group's late report still counts").containsEntry("k-02", DeviceStatus.APPLIED);
    Step done = p.next(apply(p, late, new Event.Applied("k-05")), new Event.Applied("k-08"), NOW);
    assertThat(done.effects()).containsExactly(new Effect.Completed());
    assertThat(done.state().phase()).isEqualTo(Phase.COMPLETED);
  }

  @Test
  void tolerated_refusals_settle_the_group_and_the_rollout_goes_on() {
    RolloutPlan p = simple(List.of(), percents(50, 100), 1);
    State s = started(p, fleet(4, "r"));
    s = apply(p, s, new Event.Refused("k-01", "ROLLBACK"));
    Step next = p.next(s, new Event.Applied("k-02"), NOW);
    assertThat(next.state().phase()).isEqualTo(Phase.RUNNING);
    assertThat(next.effects()).containsExactly(new Effect.Publish(1, List.of("k-03", "k-04")));
    Step stop = p.next(next.state(), new Event.Refused("k-03", "BAD_SIGNATURE"), NOW);
    assertThat(stop.state().phase()).isEqualTo(Phase.PAUSED);
    assertThat(stop.state().reason()).startsWith("2 device(s) refused").contains("last: k-03 (BAD_SIGNATURE)");
  }

  @Test
  void the_error_threshold_in_percent_counts_the_devices_given_the_bundle() {
    RolloutPlan p = plan(List.of(), percents(100), 100, new ErrorThreshold.Percent(20), false, Optional.empty());
    State s = started(p, fleet(10, "r"));
    s = apply(p, s, new Event.Refused("k-01", "X"), new Event.Refused("k-02", "X"));
    assertThat(s.phase()).as("2 of 10 is 20 %: tolerated").isEqualTo(Phase.RUNNING);
    s = apply(p, s, new Event.Refused("k-03", "X"));
    assertThat(s.phase()).isEqualTo(Phase.PAUSED);
    assertThat(s.reason()).contains("of 20 %");
    assertThat(new ErrorThreshold.Percent(100).exceeded(10, 10)).as("100 % never pauses").isFalse();
  }

  @Test
  void resuming_forgives_the_refusals_so_far_and_the_next_one_pauses_again() {
    RolloutPlan p = simple(List.of(), percents(50, 100), 0);
    State s = started(p, fleet(4, "r"));
    s = apply(p, s, new Event.Refused("k-01", "SCHEMA_INVALID"));
    assertThat(s.phase()).isEqualTo(Phase.PAUSED);
    Step resumed = p.next(s, new Event.Resume(), NOW);
    assertThat(resumed.state().phase()).isEqualTo(Phase.RUNNING);
    assertThat(resumed.state().refusalsBaseline()).isEqualTo(1);
    assertThat(resumed.state().reason()).isEmpty();
    State again = apply(p, resumed.state(), new Event.Applied("k-02"));
    assertThat(again.group()).as("the group settled: the next one went out").isEqualTo(1);
    again = apply(p, again, new Event.Refused("k-04", "APPLY_FAILED"));
    assertThat(again.phase()).isEqualTo(Phase.PAUSED);
    assertThat(again.reason()).startsWith("1 device(s) refused since the last resume");
  }

  @Test
  void resume_publishes_a_group_that_became_due_while_paused() {
    RolloutPlan p = simple(List.of(), percents(50, 100), 0);
    State s = apply(p, started(p, fleet(4, "r")), new Event.Pause(""), new Event.Applied("k-01"), new Event.Applied("k-02"));
    assertThat(s.group()).isZero();
    Step resumed = p.next(s, new Event.Resume(), NOW);
    assertThat(resumed.effects()).containsExactly(new Effect.Resumed(), new Effect.Publish(1, List.of("k-03", "k-04")));
  }

  @Test
  void the_next_group_by_hand_ignores_the_success_threshold() {
    RolloutPlan p = simple(List.of(), percents(50, 100), 0);
    State s = started(p, fleet(4, "r"));
    Step next = p.next(s, new Event.NextGroup(), NOW);
    assertThat(next.effects()).containsExactly(new Effect.Publish(1, List.of("k-03", "k-04")));
    State done = apply(p, next.state(), new Event.Applied("k-03"), new Event.Applied("k-04"));
    assertThat(done.phase()).as("the last group succeeded").isEqualTo(Phase.COMPLETED);
    assertThat(done.devices()).containsEntry("k-01", DeviceStatus.PENDING);
  }

  // ---------------------------------------------------------------------------------------------
  // maintenance window

  @Test
  void the_window_is_local_time_in_its_zone_and_may_run_past_midnight() {
    assertThat(NIGHTS.contains(Instant.parse("2026-03-02T01:00:00Z"))).as("09:00 Beijing").isFalse();
    assertThat(NIGHTS.contains(Instant.parse("2026-03-02T10:00:00Z"))).as("18:00 Beijing: from is inside").isTrue();
    assertThat(NIGHTS.contains(Instant.parse("2026-03-02T19:30:00Z"))).as("03:30 Beijing").isTrue();
    assertThat(NIGHTS.contains(Instant.parse("2026-03-03T00:00:00Z"))).as("08:00 Beijing: to is outside").isFalse();
    assertThat(NIGHTS.nextOpening(NOW)).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    assertThat(NIGHTS.nextOpening(Instant.parse("2026-03-02T19:30:00Z"))).isEqualTo(Instant.parse("2026-03-02T19:30:00Z"));

    MaintenanceWindow weekendNights = new MaintenanceWindow(LocalTime.of(20, 0), LocalTime.of(6, 0),
        Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), BEIJING);
    assertThat(weekendNights.contains(Instant.parse("2026-03-07T13:00:00Z"))).as("Saturday 21:00").isTrue();
    assertThat(weekendNights.contains(Instant.parse("2026-03-08T21:00:00Z"))).as("Monday 05:00, Sunday's night")
        .isTrue();
    assertThat(weekendNights.contains(Instant.parse("2026-03-06T21:00:00Z"))).as("Saturday 05:00, Friday's night")
        .isFalse();
    assertThat(weekendNights.nextOpening(NOW)).as("Monday → Saturday 20:00").isEqualTo(Instant.parse("2026-03-07T12:00:00Z"));
    MaintenanceWindow lunch = new MaintenanceWindow(LocalTime.of(12, 0), LocalTime.of(13, 30), Set.of(), BEIJING);
    assertThat(lunch.contains(Instant.parse("2026-03-02T04:59:00Z"))).isTrue();
    assertThat(lunch.contains(Instant.parse("2026-03-02T05:30:00Z"))).isFalse();
  }

  @Test
  void outside_the_window_nothing_is_published_until_a_tick_inside_it() {
    RolloutPlan p = plan(List.of("k-01"), percents(100), 100, new ErrorThreshold.Count(0), true, Optional.of(NIGHTS));
    State s = p.initial(fleet(3, "r"), "alice");
    Step approved = p.next(s, new Event.Approve("bob", true), NOW);
    assertThat(approved.effects()).containsExactly(new Effect.Approved("bob"));
    assertThat(approved.state().groupDue()).isTrue();
    assertThat(approved.state().group()).isEqualTo(-1);
    assertThat(p.next(approved.state(), new Event.Tick(), NOW.plusSeconds(3600)).effects()).as("10:00").isEmpty();
    Instant evening = Instant.parse("2026-03-02T10:00:30Z");
    Step canary = p.next(approved.state(), new Event.Tick(), evening);
    assertThat(canary.effects()).containsExactly(new Effect.Publish(0, List.of("k-01")));

    Instant morning = Instant.parse("2026-03-03T00:30:00Z");
    Step held = p.next(canary.state(), new Event.Applied("k-01"), morning);
    assertThat(held.effects()).as("the canary applied after 08:00: the rest waits").isEmpty();
    assertThat(held.state().groupDue()).isTrue();
    assertThat(p.next(held.state(), new Event.NextGroup(), morning).effects()).as("by hand too").isEmpty();
    assertThat(p.next(held.state(), new Event.Tick(), Instant.parse("2026-03-03T10:00:00Z")).effects())
        .containsExactly(new Effect.Publish(1, List.of("k-02", "k-03")));
  }

  // ---------------------------------------------------------------------------------------------
  // progress and rollback

  @Test
  void progress_per_group() {
    RolloutPlan p = plan(List.of("k-01"), percents(50, 100), 50, new ErrorThreshold.Count(1), false, Optional.of(NIGHTS));
    Instant night = Instant.parse("2026-03-02T12:00:00Z");
    State s = p.next(p.initial(fleet(5, "r"), "alice"), new Event.Start(), night).state();
    s = p.next(s, new Event.Applied("k-01"), night).state();
    s = p.next(s, new Event.Refused("k-02", "X"), night).state();
    s = p.next(s, new Event.Applied("k-03"), NOW.plus(java.time.Duration.ofDays(1))).state(); // next morning
    List<GroupProgress> progress = p.progress(s);
    assertThat(progress).containsExactly(
        new GroupProgress(0, new GroupCounts(0, 0, 1, 0), 100, GroupStatus.FINISHED),
        new GroupProgress(1, new GroupCounts(0, 0, 1, 1), 50, GroupStatus.FINISHED),
        new GroupProgress(2, new GroupCounts(2, 0, 0, 0), 0, GroupStatus.DUE));
    State halted = p.next(s, new Event.Halt(""), NOW).state();
    assertThat(p.progress(halted).get(2).status()).isEqualTo(GroupStatus.SCHEDULED);
    assertThat(p.progress(p.initial(fleet(5, "r"), "a")).get(1).status()).isEqualTo(GroupStatus.SCHEDULED);
  }

  @Test
  void rollback_plan_takes_the_touched_devices_back_at_once() {
    RolloutPlan p = new RolloutPlan(new TargetFilter(Optional.of("4401"), Set.of("KIOSK"), Optional.empty(), Set.of()),
        List.of("k-01"), percents(50, 100), 100, new ErrorThreshold.Count(0), true, Optional.of(NIGHTS));
    State s = apply(p, p.initial(fleet(5, "440106"), "alice"), new Event.Approve("bob", true));
    s = p.next(s, new Event.Tick(), Instant.parse("2026-03-02T12:00:00Z")).state();
    s = p.next(s, new Event.Applied("k-01"), Instant.parse("2026-03-02T12:00:00Z")).state();
    assertThat(s.touched()).containsExactly("k-01", "k-02", "k-03");

    RolloutPlan back = p.rollbackPlan(s);
    assertThat(back.filter().region()).contains("4401");
    assertThat(back.filter().devices()).containsExactly("k-01", "k-02", "k-03");
    assertThat(back.filter().kinds()).isEmpty();
    assertThat(back.approvalRequired()).isFalse();
    assertThat(back.window()).isEmpty();
    assertThat(back.groups(fleet(5, "440106"))).containsExactly(List.of("k-01", "k-02", "k-03"));
    State b = started(back, fleet(5, "440106"));
    b = apply(back, b, new Event.Refused("k-01", "X"), new Event.Refused("k-02", "X"));
    assertThat(b.phase()).as("a rollback never pauses").isEqualTo(Phase.RUNNING);

    assertThatThrownBy(() -> p.rollbackPlan(p.initial(fleet(5, "440106"), "alice")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing to roll back");
  }

  @Test
  void a_rollout_over_no_group_completes_on_start() {
    RolloutPlan p = simple(List.of(), percents(100), 0);
    Step step = p.next(p.initial(List.of(), "alice"), new Event.Start(), NOW);
    assertThat(step.state().phase()).isEqualTo(Phase.COMPLETED);
    assertThat(step.effects()).containsExactly(new Effect.Completed());
  }

  @Test
  void reports_of_devices_not_pending_change_nothing() {
    RolloutPlan p = simple(List.of(), percents(50, 100), 0);
    State s = started(p, fleet(4, "r"));
    assertThat(p.next(s, new Event.Applied("k-04"), NOW)).isEqualTo(new Step(s, List.of()));   // group not published
    assertThat(p.next(s, new Event.Applied("stranger"), NOW)).isEqualTo(new Step(s, List.of()));
    State once = p.next(s, new Event.Applied("k-01"), NOW).state();
    assertThat(p.next(once, new Event.Refused("k-01", "X"), NOW).state()).isEqualTo(once);
  }
}
