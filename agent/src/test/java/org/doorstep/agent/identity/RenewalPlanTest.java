package org.doorstep.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.doorstep.agent.records.RetryBackoff;
import org.junit.jupiter.api.Test;

class RenewalPlanTest {
  static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant TO = FROM.plus(Duration.ofDays(30));
  final RenewalPlan plan = new RenewalPlan(33, new RetryBackoff(Duration.ofMinutes(1), Duration.ofHours(1)));

  @Test
  void renewal_is_due_when_a_third_of_the_lifetime_is_left() {
    assertThat(plan.dueAt(FROM, TO)).isEqualTo(TO.minus(Duration.ofDays(30).multipliedBy(33).dividedBy(100)));
    assertThat(plan.next(FROM, TO, FROM.plus(Duration.ofDays(1)), Optional.empty(), 0))
        .isEqualTo(new RenewalPlan.Decision.RenewAt(plan.dueAt(FROM, TO)));
  }

  @Test
  void overdue_renewal_is_attempted_now() {
    Instant late = FROM.plus(Duration.ofDays(25));
    assertThat(plan.next(FROM, TO, late, Optional.empty(), 0)).isEqualTo(new RenewalPlan.Decision.RenewAt(late));
  }

  @Test
  void unreachable_fleet_is_retried_with_backoff_but_never_past_expiry() {
    Instant now = FROM.plus(Duration.ofDays(25));
    var unreachable = Optional.of(IdentityException.Reason.FLEET_UNREACHABLE);

    assertThat(plan.next(FROM, TO, now, unreachable, 1)).isEqualTo(new RenewalPlan.Decision.RenewAt(now.plusSeconds(60)));
    assertThat(plan.next(FROM, TO, now, unreachable, 3)).isEqualTo(new RenewalPlan.Decision.RenewAt(now.plusSeconds(240)));
    assertThat(plan.next(FROM, TO, now, unreachable, 30)).isEqualTo(new RenewalPlan.Decision.RenewAt(now.plusSeconds(3600)));
    Instant lastMinutes = TO.minus(Duration.ofMinutes(10));
    assertThat(plan.next(FROM, TO, lastMinutes, unreachable, 30))
        .isEqualTo(new RenewalPlan.Decision.RenewAt(lastMinutes.plus(Duration.ofMinutes(5))));
  }

  @Test
  void revoked_device_or_expired_certificate_stops_renewal() {
    Instant now = FROM.plus(Duration.ofDays(25));

    assertThat(plan.next(FROM, TO, now, Optional.of(IdentityException.Reason.DEVICE_REVOKED), 1))
        .isInstanceOfSatisfying(RenewalPlan.Decision.Stop.class,
            s -> assertThat(s.reason()).isEqualTo(IdentityException.Reason.DEVICE_REVOKED));
    assertThat(plan.next(FROM, TO, TO, Optional.empty(), 0))
        .isInstanceOfSatisfying(RenewalPlan.Decision.Stop.class,
            s -> assertThat(s.reason()).isEqualTo(IdentityException.Reason.CERTIFICATE_EXPIRED));
  }

  @Test
  void fresh_certificate_already_due_is_not_renewed_in_a_loop() {
    // A 6-minute certificate back-dated 5 minutes is "due" the moment it is installed.
    Instant now = FROM.plus(Duration.ofMinutes(5));
    Instant shortTo = FROM.plus(Duration.ofMinutes(6));

    assertThat(plan.afterInstall(FROM, shortTo, now)).isEqualTo(new RenewalPlan.Decision.RenewAt(now.plusSeconds(60)));
    assertThat(plan.afterInstall(FROM, TO, FROM)).isEqualTo(new RenewalPlan.Decision.RenewAt(plan.dueAt(FROM, TO)));
  }

  @Test
  void threshold_outside_1_to_90_is_refused() {
    assertThatThrownBy(() -> new RenewalPlan(0, RenewalPlan.DEFAULT_RETRY)).hasMessageContaining("renewWhenLeftPercent");
    assertThatThrownBy(() -> new RenewalPlan(91, RenewalPlan.DEFAULT_RETRY)).hasMessageContaining("renewWhenLeftPercent");
  }
}
