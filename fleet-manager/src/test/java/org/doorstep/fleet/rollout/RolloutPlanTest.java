package org.doorstep.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.doorstep.fleet.rollout.RolloutPlan.DeviceStatus;
import org.doorstep.fleet.rollout.RolloutPlan.Effect;
import org.doorstep.fleet.rollout.RolloutPlan.Event;
import org.doorstep.fleet.rollout.RolloutPlan.Phase;
import org.doorstep.fleet.rollout.RolloutPlan.State;
import org.doorstep.fleet.rollout.RolloutPlan.Step;
import org.doorstep.fleet.rollout.RolloutPlan.Target;
import org.junit.jupiter.api.Test;

class RolloutPlanTest {
  private static final Instant NOW = Instant.parse("2026-03-02T01:00:00Z");

  private static List<Target> fleet(int n, String region) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> new Target(String.format("k-%02d", i), region)).toList();
  }

  private static RolloutPlan plan(List<String> canary, List<Integer> waves, int maxRefusals) {
    return new RolloutPlan(canary, waves, Optional.empty(), maxRefusals);
  }

  @Test
  void waves_are_canary_then_cumulative_percentages_of_the_rest() {
    RolloutPlan p = plan(List.of("k-03"), List.of(10, 50, 100), 0);
    List<List<String>> waves = p.waves(fleet(11, "440103"));
    assertThat(waves).containsExactly(
        List.of("k-03"),
        List.of("k-01"),                                   // ceil(10 % of 10) = 1
        List.of("k-02", "k-04", "k-05", "k-06"),           // up to ceil(50 %) = 5
        List.of("k-07", "k-08", "k-09", "k-10", "k-11"));  // the rest
  }

  @Test
  void region_filter_and_unknown_canaries_are_dropped_and_no_wave_is_empty() {
    List<Target> targets = List.of(new Target("a-1", "110101"), new Target("b-1", "440103"), new Target("b-2", "440103"));
    RolloutPlan p = new RolloutPlan(List.of("a-1", "ghost"), List.of(1, 2, 100), Optional.of("440103"), 0);
    assertThat(p.waves(targets)).containsExactly(List.of("b-1"), List.of("b-2"));
  }

  @Test
  void invalid_plans_name_the_member() {
    assertThatThrownBy(() -> plan(List.of(), List.of(50), 0)).hasMessageStartingWith("waves: the last wave must be 100");
    assertThatThrownBy(() -> plan(List.of(), List.of(50, 20, 100), 0)).hasMessageStartingWith("waves:");
    assertThatThrownBy(() -> plan(List.of("a/b"), List.of(100), 0)).hasMessageStartingWith("canary:");
    assertThatThrownBy(() -> plan(List.of("a", "a"), List.of(100), 0)).hasMessageStartingWith("canary:");
    assertThatThrownBy(() -> plan(List.of(), List.of(100), -1)).hasMessageStartingWith("maxRefusals:");
  }

  @Test
  void start_publishes_the_first_wave_only() {
    RolloutPlan p = plan(List.of("k-01"), List.of(100), 0);
    State s0 = State.initial(p.waves(fleet(3, "r")));
    Step step = p.next(s0, new Event.Start(), NOW);
    assertThat(step.effects()).containsExactly(new Effect.Publish(0, List.of("k-01")));
    assertThat(step.state().devices()).containsEntry("k-01", DeviceStatus.PENDING)
        .containsEntry("k-02", DeviceStatus.WAITING).containsEntry("k-03", DeviceStatus.WAITING);
  }

  @Test
  void next_wave_goes_out_only_when_the_current_one_has_applied() {
    RolloutPlan p = plan(List.of(), List.of(50, 100), 0);
    State s = p.next(State.initial(p.waves(fleet(4, "r"))), new Event.Start(), NOW).state();
    assertThat(s.waves()).containsExactly(List.of("k-01", "k-02"), List.of("k-03", "k-04"));

    Step one = p.next(s, new Event.Applied("k-01"), NOW);
    assertThat(one.effects()).isEmpty();
    Step two = p.next(one.state(), new Event.Applied("k-02"), NOW);
    assertThat(two.effects()).containsExactly(new Effect.Publish(1, List.of("k-03", "k-04")));
    assertThat(two.state().wave()).isEqualTo(1);

    State last = p.next(p.next(two.state(), new Event.Applied("k-04"), NOW).state(), new Event.Applied("k-03"), NOW).state();
    assertThat(last.phase()).isEqualTo(Phase.COMPLETED);
  }

  @Test
  void completing_the_last_wave_emits_completed() {
    RolloutPlan p = plan(List.of(), List.of(100), 0);
    State s = p.next(State.initial(p.waves(fleet(1, "r"))), new Event.Start(), NOW).state();
    assertThat(p.next(s, new Event.Applied("k-01"), NOW).effects()).containsExactly(new Effect.Completed());
  }

  @Test
  void a_refusal_beyond_the_threshold_halts_and_nothing_more_is_published() {
    RolloutPlan p = plan(List.of("k-01"), List.of(100), 0);
    State s = p.next(State.initial(p.waves(fleet(3, "r"))), new Event.Start(), NOW).state();
    Step halted = p.next(s, new Event.Refused("k-01", "SCHEMA_INVALID"), NOW);
    assertThat(halted.state().phase()).isEqualTo(Phase.HALTED);
    assertThat(halted.state().haltedReason()).contains("k-01").contains("SCHEMA_INVALID");
    assertThat(halted.effects()).singleElement().isInstanceOf(Effect.Halted.class);
    assertThat(p.next(halted.state(), new Event.Applied("k-01"), NOW).effects()).isEmpty();
  }

  @Test
  void refusals_within_the_threshold_settle_the_wave_and_the_rollout_goes_on() {
    RolloutPlan p = plan(List.of(), List.of(50, 100), 1);
    State s = p.next(State.initial(p.waves(fleet(4, "r"))), new Event.Start(), NOW).state();
    s = p.next(s, new Event.Refused("k-01", "ROLLBACK"), NOW).state();
    Step next = p.next(s, new Event.Applied("k-02"), NOW);
    assertThat(next.state().phase()).isEqualTo(Phase.RUNNING);
    assertThat(next.effects()).containsExactly(new Effect.Publish(1, List.of("k-03", "k-04")));
    assertThat(p.next(next.state(), new Event.Refused("k-03", "BAD_SIGNATURE"), NOW).state().phase())
        .isEqualTo(Phase.HALTED);
  }

  @Test
  void reports_of_devices_not_pending_change_nothing() {
    RolloutPlan p = plan(List.of(), List.of(50, 100), 0);
    State s = p.next(State.initial(p.waves(fleet(4, "r"))), new Event.Start(), NOW).state();
    assertThat(p.next(s, new Event.Applied("k-04"), NOW)).isEqualTo(new Step(s, List.of()));   // wave not reached
    assertThat(p.next(s, new Event.Applied("stranger"), NOW)).isEqualTo(new Step(s, List.of()));
    State once = p.next(s, new Event.Applied("k-01"), NOW).state();
    assertThat(p.next(once, new Event.Refused("k-01", "X"), NOW).state()).isEqualTo(once);
  }

  @Test
  void operator_halt_stops_a_running_rollout() {
    RolloutPlan p = plan(List.of(), List.of(100), 0);
    State s = p.next(State.initial(p.waves(fleet(2, "r"))), new Event.Start(), NOW).state();
    Step h = p.next(s, new Event.Halt("wrong config"), NOW);
    assertThat(h.state().phase()).isEqualTo(Phase.HALTED);
    assertThat(h.effects()).containsExactly(new Effect.Halted("wrong config"));
  }
}
