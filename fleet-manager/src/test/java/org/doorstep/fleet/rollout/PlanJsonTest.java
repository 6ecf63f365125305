package org.doorstep.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.doorstep.fleet.rollout.RolloutPlan.ErrorThreshold;
import org.doorstep.fleet.rollout.RolloutPlan.GroupSize;
import org.junit.jupiter.api.Test;

class PlanJsonTest {
  private static final ZoneId FLEET = ZoneId.of("Asia/Shanghai");

  @Test
  void every_member_round_trips_and_the_window_takes_the_fleet_zone() {
    JsonObject in = new JsonObject("""
        {"filter": {"region": "440100", "kinds": ["KIOSK"], "agentVersion": ">=0.1.0", "devices": ["k-2", "k-1"]},
         "canary": ["k-1"], "groups": [{"count": 2}, {"percent": 50}], "successThreshold": 80,
         "errorThreshold": {"percent": 10}, "approval": true,
         "window": {"from": "18:00", "to": "08:00", "days": ["mon", "Friday"]}}""");
    RolloutPlan p = PlanJson.fromJson(in, FLEET);
    assertThat(p.filter().region()).contains("4401");
    assertThat(p.filter().kinds()).containsExactly("KIOSK");
    assertThat(p.filter().agentVersion()).map(Object::toString).contains(">=0.1.0");
    assertThat(p.filter().devices()).containsExactly("k-1", "k-2");
    assertThat(p.groups()).containsExactly(new GroupSize.Count(2), new GroupSize.Percent(50));
    assertThat(p.successThreshold()).isEqualTo(80);
    assertThat(p.errorThreshold()).isEqualTo(new ErrorThreshold.Percent(10));
    assertThat(p.approvalRequired()).isTrue();
    assertThat(p.window()).hasValueSatisfying(w -> {
      assertThat(w.from()).isEqualTo(LocalTime.of(18, 0));
      assertThat(w.days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
      assertThat(w.zone()).isEqualTo(FLEET);
    });
    JsonObject out = PlanJson.toJson(p);
    assertThat(out.getJsonObject("window").getString("zone")).isEqualTo("Asia/Shanghai");
    assertThat(out.getJsonObject("window").getJsonArray("days").getList()).containsExactly("MON", "FRI");
    assertThat(PlanJson.fromStored(out.encode())).isEqualTo(p);
    assertThat(PlanJson.fromJson(new JsonObject(), FLEET)).isEqualTo(RolloutPlan.allAtOnce());
  }

  @Test
  void plans_stored_before_version_9_are_read_as_groups_and_an_error_count() {
    RolloutPlan old = PlanJson.fromStored("{\"canary\":[\"k-1\"],\"waves\":[10,100],\"maxRefusals\":2,\"region\":\"440103\"}");
    assertThat(old).isEqualTo(new RolloutPlan(RolloutPlan.TargetFilter.region("440103"), List.of("k-1"),
        List.of(new GroupSize.Percent(10), new GroupSize.Percent(100)), 100, new ErrorThreshold.Count(2), false,
        Optional.empty()));
  }

  @Test
  void the_api_refuses_the_old_members_and_names_what_replaced_them() {
    assertThatThrownBy(() -> PlanJson.fromJson(new JsonObject().put("waves", List.of(100)), FLEET))
        .hasMessageStartingWith("waves: no longer part of a rollout plan; use groups:");
    assertThatThrownBy(() -> PlanJson.fromJson(new JsonObject().put("region", "44"), FLEET))
        .hasMessageContaining("filter: {\"region\"");
  }

  @Test
  void malformed_members_are_named() {
    assertThatThrownBy(() -> PlanJson.fromJson(new JsonObject("{\"groups\": [{\"size\": 2}]}"), FLEET))
        .hasMessageStartingWith("groups[0]:");
    assertThatThrownBy(() -> PlanJson.fromJson(new JsonObject("{\"groups\": [{\"count\": 1.5}]}"), FLEET))
        .hasMessageStartingWith("groups[0].count: must be an integer");
    assertThatThrownBy(() -> PlanJson.fromJson(new JsonObject("{\"errorThreshold\": 3}"), FLEET))
        .hasMessageStartingWith("errorThreshold: must be an object");
    assertThatThrownBy(() -> PlanJson.fromJson(new JsonObject("{\"approval\": \"yes\"}"), FLEET))
        .hasMessageStartingWith("approval:");
    assertThatThrownBy(() -> PlanJson.fromJson(new JsonObject("{\"window\": {\"from\": \"6pm\", \"to\": \"08:00\"}}"),
        FLEET)).hasMessageStartingWith("window.from:");
    assertThatThrownBy(() -> PlanJson.fromJson(new JsonObject("{\"window\": {\"from\": \"18:00\", \"to\": \"08:00\", "
        + "\"zone\": \"Mars/Olympus\"}}"), FLEET)).hasMessageStartingWith("window.zone:");
    assertThatThrownBy(() -> PlanJson.fromJson(new JsonObject("{\"window\": {\"from\": \"18:00\", \"to\": \"08:00\", "
        + "\"days\": [\"someday\"]}}"), FLEET)).hasMessageStartingWith("window.days:");
    assertThatThrownBy(() -> PlanJson.fromJson(new JsonObject("{\"filter\": {\"kinds\": [\"KIOSK\", \"KIOSK\"]}}"), FLEET))
        .hasMessageStartingWith("filter.kinds: lists an entry twice");
    assertThat(PlanJson.fromJson(new JsonObject("{\"filter\": {\"kinds\": []}}"), FLEET).filter().kinds()).isEmpty();
  }
}
