package org.doorstep.agent.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.doorstep.agent.AgentOptions;
import org.doorstep.agent.records.RetryBackoff;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.config.profile.DeviceIdentity;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.LocalServices;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.Policy;
import org.doorstep.config.profile.Uplink;

/** Configs and options for agents under test: the built-in defaults with test-sized timings. */
public final class TestAgents {
  private TestAgents() {}

  /**
   * The default config with this device id, data dir and broker, and the given ack timeout and
   * upload batch size.
   */
  public static DoorstepConfig config(String deviceId, Path dataDir, String brokerUrl, Duration ackTimeout,
      int uploadBatchSize) {
    DoorstepConfig d = ConfigLoader.withoutEnvironment().loadDefaults();
    Policy p = d.policy();
    return new DoorstepConfig(
        new DeviceIdentity(deviceId, d.device().region(), d.device().kind(), dataDir.toString()),
        d.devices(), d.services(),
        new Policy(new Policy.Liveness(List.of("BLINK", "TURN_LEFT", "NOD"), 2, Duration.ofSeconds(10), 700),
            p.matchThresholdMilli(), p.matchRetries(), Duration.ofSeconds(30), p.retention(), uploadBatchSize,
            ackTimeout, Duration.ofSeconds(30)),
        new Uplink(brokerUrl, ""));
  }

  /** {@code base} enrolling over HTTPS with {@code enrolment} on first boot. */
  public static DoorstepConfig withEnrolment(DoorstepConfig base, Uplink.Enrolment enrolment) {
    return new DoorstepConfig(base.device(), base.devices(), base.services(), base.policy(),
        new Uplink(base.uplink().brokerUrl(), base.uplink().signatureAlgorithm(), enrolment), base.local(),
        base.fleet(), base.security());
  }

  /** {@code base} with another device profile and local services (ports 0 in tests). */
  public static DoorstepConfig with(DoorstepConfig base, DeviceProfile devices, LocalServices local) {
    return new DoorstepConfig(base.device(), devices, base.services(), base.policy(), base.uplink(), local,
        base.fleet(), base.security());
  }

  /**
   * The default profile with the reader and printer on PTY_SIMULATOR (real drivers against the protocol
   * simulators on ptys), 58 mm paper and {@code verificationUrl} in the QR code.
   */
  public static DeviceProfile ptyDevices(DeviceProfile defaults, String verificationUrl) {
    DeviceProfile.SerialDevice r = defaults.idCardReader();
    DeviceProfile.Printer p = defaults.printer();
    return new DeviceProfile(new DeviceProfile.SerialDevice(DeviceProfile.Driver.PTY_SIMULATOR, r.port(), r.baud(), ""),
        new DeviceProfile.Printer(DeviceProfile.Driver.PTY_SIMULATOR, p.port(), p.baud(), 58, verificationUrl),
        defaults.camera(), defaults.gpio());
  }

  /**
   * {@code base} with the browser screen ({@code local.screen.kind: BROWSER}) on a free loopback port, idle timeout
   * {@code idleTimeout}; its other local services as they were.
   */
  public static DoorstepConfig withBrowserScreen(DoorstepConfig base, Duration idleTimeout) {
    LocalServices local = base.local() == null ? LocalServices.NONE : base.local();
    return new DoorstepConfig(base.device(), base.devices(), base.services(), base.policy(), base.uplink(),
        local.withScreen(new LocalServices.Screen(LocalServices.Screen.Kind.BROWSER, 0, idleTimeout)), base.fleet(),
        base.security());
  }

  /** {@code base} with the browser screen on a free loopback port and the default idle timeout (60 s). */
  public static DoorstepConfig withBrowserScreen(DoorstepConfig base) {
    return withBrowserScreen(base, LocalServices.Screen.DEFAULT_IDLE_TIMEOUT);
  }

  /** Local HTTP API on a free loopback port; OPC UA as given (port 0). */
  public static LocalServices localOnFreePorts(boolean opcUa) {
    return new LocalServices(0, LocalServices.LOOPBACK, new LocalServices.OpcUa(opcUa, 0, LocalServices.LOOPBACK));
  }

  /** Fast polling and reconnects so tests wait milliseconds, not seconds. */
  public static AgentOptions fastOptions() {
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
