package org.doorstep.fleet.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockoutTest {
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private final SignInPolicy policy = SignInPolicy.DEFAULT;

  @Test
  void the_fifth_failure_in_a_row_locks_for_fifteen_minutes_and_the_count_starts_again() {
    Lockout l = Lockout.CLEAR;
    for (int i = 1; i <= 4; i++) {
      l = l.failed(T0.plusSeconds(i), policy);
      assertThat(l.failures()).isEqualTo(i);
      assertThat(l.locked(T0.plusSeconds(i))).isFalse();
    }
    l = l.failed(T0.plusSeconds(5), policy);
    assertThat(l).isEqualTo(new Lockout(0, Optional.of(T0.plusSeconds(5).plus(policy.lockout()))));
    assertThat(l.locked(T0.plusSeconds(6))).isTrue();
    assertThat(l.locked(T0.plusSeconds(5).plus(policy.lockout()))).as("the lock ends at its instant").isFalse();
  }

  @Test
  void a_success_clears_failures_and_an_expired_lock_is_forgotten_by_the_next_failure() {
    Lockout l = new Lockout(3, Optional.empty());
    assertThat(l.succeeded()).isEqualTo(Lockout.CLEAR);
    Lockout expired = new Lockout(0, Optional.of(T0));
    assertThat(expired.failed(T0.plusSeconds(1), policy)).isEqualTo(new Lockout(1, Optional.empty()));
  }
}
