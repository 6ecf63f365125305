package org.doorstep.fleet.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleTest {

  @Test
  void admin_may_everything_and_operator_everything_but_operator_accounts() {
    assertThat(Role.ADMIN.permissions()).containsExactlyInAnyOrder(Permission.values());
    assertThat(Role.FLEET_OPERATOR.allows(Permission.ISSUE_ENROLMENT_TOKENS)).isTrue();
    assertThat(Role.FLEET_OPERATOR.allows(Permission.MANAGE_DEVICES)).isTrue();
    assertThat(Role.FLEET_OPERATOR.allows(Permission.MANAGE_OPERATORS)).isFalse();
  }

  @Test
  void rollouts_need_two_roles_one_creates_the_other_approves() {
    assertThat(Role.FLEET_OPERATOR.allows(Permission.MANAGE_CONFIG)).isTrue();
    assertThat(Role.FLEET_OPERATOR.allows(Permission.APPROVE_ROLLOUTS)).isFalse();
    assertThat(Role.ROLLOUT_APPROVER.permissions()).containsExactlyInAnyOrder(Permission.READ_DEVICES,
        Permission.READ_RECORDS, Permission.READ_ALARMS, Permission.APPROVE_ROLLOUTS);
    assertThat(Role.ADMIN.allows(Permission.APPROVE_ROLLOUTS)).isTrue();
  }

  @Test
  void auditor_and_review_roles_only_read() {
    assertThat(Role.AUDITOR.permissions())
        .containsExactlyInAnyOrder(Permission.READ_DEVICES, Permission.READ_RECORDS, Permission.READ_ALARMS,
            Permission.READ_METRICS);
    for (Role r : new Role[] {Role.HANDLER, Role.REVIEWER, Role.APPROVER}) {
      assertThat(r.permissions()).as(r.name()).containsExactlyInAnyOrder(Permission.READ_DEVICES, Permission.READ_RECORDS);
    }
  }

  @Test
  void roles_parse_case_insensitively_and_unknown_ones_list_the_choices() {
    assertThat(Role.parse("fleet_operator")).isEqualTo(Role.FLEET_OPERATOR);
    assertThatThrownBy(() -> Role.parse("ROOT")).hasMessageContaining("ADMIN").hasMessageContaining("ROOT");
  }
}
