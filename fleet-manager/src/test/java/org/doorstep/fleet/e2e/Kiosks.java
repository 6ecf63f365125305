package org.doorstep.fleet.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.doorstep.agent.AgentOptions;
import org.doorstep.agent.records.RetryBackoff;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DeviceIdentity;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.Policy;
import org.doorstep.config.profile.Uplink;

/** Configs and options for real kiosk agents under test: the built-in defaults with test-sized timings. */
final class Kiosks {
  private Kiosks() {}

  /** A kiosk with this id and data dir, reporting to {@code brokerUrl}, re-sending after {@code ackTimeout}. */
  static DoorstepConfig config(String deviceId, Path dataDir, String brokerUrl, Duration ackTimeout) {
    DoorstepConfig d = ConfigLoader.withoutEnvironment().loadDefaults();
    Policy p = d.policy();
    return new DoorstepConfig(
        new DeviceIdentity(deviceId, "440103", d.device().kind(), dataDir.toString()),
        d.devices(), d.services(),
        new Policy(new Policy.Liveness(List.of("BLINK", "TURN_LEFT"), 2, Duration.ofSeconds(10), 700),
            p.matchThresholdMilli(), p.matchRetries(), Duration.ofSeconds(30), p.retention(), p.uploadBatchSize(),
            ackTimeout, Duration.ofSeconds(30)),
        new Uplink(brokerUrl, "Ed25519"));
  }

  /** Fast polling and reconnects so tests wait milliseconds, not the production seconds. */
  static AgentOptions fast() {
    return AgentOptions.builder()
        .durability(SqliteOutbox.Durability.NORMAL)
        .cardPollInterval(Duration.ofMillis(20))
        .tickInterval(Duration.ofMillis(50))
        .drainInterval(Duration.ofMillis(100))
        .stateCheckInterval(Duration.ofMillis(200))
        .reconnect(new RetryBackoff(Duration.ofMillis(100), Duration.ofMillis(500)))
        .build();
  }
}
