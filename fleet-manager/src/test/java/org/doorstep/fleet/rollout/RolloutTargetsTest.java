package org.doorstep.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.doorstep.config.contract.CanonicalJson;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.fleet.store.DeviceOverview;
import org.doorstep.fleet.store.RegisteredDevice;
import org.junit.jupiter.api.Test;

/** Where a rollout target's kind and agent version come from: the device's last stored state. */
class RolloutTargetsTest {
  private static final Instant AT = Instant.parse("2026-03-02T01:00:00Z");
  private static final RegisteredDevice DEVICE = new RegisteredDevice("kiosk-1", "pem", "Ed25519", "kid", "440106", AT,
      false);

  @Test
  void kind_and_agent_version_are_read_from_the_last_state() {
    DeviceState s = new DeviceState("kiosk-1", true, "0.2.1", 3, Map.of(), 0, AT, Map.of(), Optional.empty(),
        Optional.of("BANK_TERMINAL"));
    String json = CanonicalJson.text(WireCodec.mapper().valueToTree(s));
    RolloutPlan.Target t = RolloutService.target(new DeviceOverview(DEVICE, Optional.of(true), Optional.of(json),
        Optional.of(AT), Optional.empty()));
    assertThat(t).isEqualTo(new RolloutPlan.Target("kiosk-1", "440106", Optional.of("BANK_TERMINAL"), Optional.of("0.2.1")));
  }

  @Test
  void a_device_that_never_reported_has_neither() {
    RolloutPlan.Target t = RolloutService.target(new DeviceOverview(DEVICE, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty()));
    assertThat(t).isEqualTo(new RolloutPlan.Target("kiosk-1", "440106"));
    RolloutPlan.Target old = RolloutService.target(new DeviceOverview(DEVICE, Optional.of(true),
        Optional.of("{\"agentVersion\":\"0.1.0\"}"), Optional.of(AT), Optional.empty()));
    assertThat(old.kind()).as("an agent from before terminalKind").isEmpty();
    assertThat(old.agentVersion()).contains("0.1.0");
  }
}
