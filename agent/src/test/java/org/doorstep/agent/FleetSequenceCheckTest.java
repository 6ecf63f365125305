package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.doorstep.agent.FleetSequenceCheck.Verdict;
import org.junit.jupiter.api.Test;

/** The comparison of the outbox's sequence with the fleet's mark (issue 10, part 5). */
class FleetSequenceCheckTest {
  @Test
  void outbox_at_or_above_the_fleets_mark_is_in_step() {
    assertThat(FleetSequenceCheck.judge(0, 0, false)).isEqualTo(Verdict.IN_STEP);
    assertThat(FleetSequenceCheck.judge(5, 5, false)).isEqualTo(Verdict.IN_STEP);
    // Records not delivered yet: the fleet is behind the kiosk, which is normal.
    assertThat(FleetSequenceCheck.judge(9, 5, false)).isEqualTo(Verdict.IN_STEP);
    assertThat(FleetSequenceCheck.judge(9, 5, true)).isEqualTo(Verdict.IN_STEP);
  }

  @Test
  void outbox_below_the_fleets_mark_is_behind_unless_the_loss_is_accepted() {
    assertThat(FleetSequenceCheck.judge(0, 2, false)).isEqualTo(Verdict.BEHIND);
    assertThat(FleetSequenceCheck.judge(4, 5, false)).isEqualTo(Verdict.BEHIND);
    assertThat(FleetSequenceCheck.judge(0, 2, true)).isEqualTo(Verdict.ADVANCE);
  }
}
