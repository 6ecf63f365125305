package org.doorstep.agent.device.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PowerCyclePolicyTest {
  private static PowerCyclePolicy policy(int attempts, long firstS, long maxS) {
    return new PowerCyclePolicy(attempts, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(firstS),
        Duration.ofSeconds(maxS), Duration.ofSeconds(3));
  }

  @Test
  void first_attempt_is_immediate_then_backoff_doubles_up_to_the_cap() {
    PowerCyclePolicy p = policy(6, 10, 60);
    assertThat(p.delayBefore(1)).hasValue(Duration.ZERO);
    assertThat(p.delayBefore(2)).hasValue(Duration.ofSeconds(10));
    assertThat(p.delayBefore(3)).hasValue(Duration.ofSeconds(20));
    assertThat(p.delayBefore(4)).hasValue(Duration.ofSeconds(40));
    assertThat(p.delayBefore(5)).hasValue(Duration.ofSeconds(60));
    assertThat(p.delayBefore(6)).hasValue(Duration.ofSeconds(60));
  }

  @Test
  void no_attempt_after_the_last() {
    assertThat(policy(3, 10, 60).delayBefore(4)).isEmpty();
    assertThat(PowerCyclePolicy.defaults().delayBefore(PowerCyclePolicy.defaults().maxAttempts() + 1)).isEmpty();
  }

  @Test
  void huge_attempt_numbers_do_not_overflow() {
    assertThat(policy(Integer.MAX_VALUE, 1, 3600).delayBefore(1_000)).hasValue(Duration.ofHours(1));
  }

  @Test
  void invalid_policies_name_the_field() {
    assertThatThrownBy(() -> policy(0, 10, 60)).hasMessageStartingWith("maxAttempts:");
    assertThatThrownBy(() -> policy(3, 60, 10)).hasMessageStartingWith("maxBackoff:");
    assertThatThrownBy(() -> policy(3, 0, 10)).hasMessageStartingWith("firstBackoff:");
    assertThatThrownBy(() -> policy(3, 10, 60).delayBefore(0)).hasMessageStartingWith("attempt:");
  }
}
