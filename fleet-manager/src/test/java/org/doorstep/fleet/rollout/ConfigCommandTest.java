package org.doorstep.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan the {@code config push} options describe is the plan the API parses. */
class ConfigCommandTest {
  @Test
  void every_plan_option_becomes_its_member() {
    JsonObject body = ConfigCommand.planBody(List.of("k-1"), List.of("5", "50%"), 90, "10%", "4401", List.of("kiosk"),
        ">=0.2.0", true, "18:00-08:00");
    RolloutPlan p = PlanJson.fromJson(body, ZoneId.of("Asia/Shanghai"));
    assertThat(p.canary()).containsExactly("k-1");
    assertThat(p.groups()).containsExactly(new RolloutPlan.GroupSize.Count(5), new RolloutPlan.GroupSize.Percent(50));
    assertThat(p.successThreshold()).isEqualTo(90);
    assertThat(p.errorThreshold()).isEqualTo(new RolloutPlan.ErrorThreshold.Percent(10));
    assertThat(p.filter().region()).contains("4401");
    assertThat(p.filter().kinds()).containsExactly("KIOSK");
    assertThat(p.filter().agentVersion()).map(Object::toString).contains(">=0.2.0");
    assertThat(p.approvalRequired()).isTrue();
    assertThat(p.window()).hasValueSatisfying(w -> assertThat(w.to().toString()).isEqualTo("08:00"));
    RolloutPlan defaults = PlanJson.fromJson(ConfigCommand.planBody(List.of(), List.of("100%"), 100, "0", null,
        List.of(), null, false, null), ZoneId.of("Asia/Shanghai"));
    assertThat(defaults).isEqualTo(RolloutPlan.allAtOnce());
  }

  @Test
  void bad_sizes_and_windows_name_the_option() {
    assertThatThrownBy(() -> ConfigCommand.planBody(List.of(), List.of("half"), 100, "0", null, List.of(), null, false,
        null)).hasMessageStartingWith("--groups: 'half'");
    assertThatThrownBy(() -> ConfigCommand.planBody(List.of(), List.of("100%"), 100, "0", null, List.of(), null, false,
        "tonight")).hasMessageStartingWith("--window:");
  }
}
