package org.doorstep.config.profile;

import java.util.List;

/**
 * The whole configuration of one terminal: who it is, which devices it drives, which services it
 * offers, the policy it applies and where it reports. Loaded by {@link ConfigLoader} from YAML or
 * JSON with environment overrides, checked by {@link ConfigValidator}; a config bundle from the fleet
 * carries the same document.
 *
 * @param device   identity of the terminal
 * @param devices  the device profile: peripherals and their drivers
 * @param services the service catalog: what this terminal offers
 * @param policy   thresholds, liveness, retention, upload and heartbeat
 * @param uplink   how to reach the fleet
 * @param local    what the agent serves on the kiosk (local HTTP API, OPC UA health server)
 */
public record DoorstepConfig(
    DeviceIdentity device,
    DeviceProfile devices,
    List<ServiceEntry> services,
    Policy policy,
    Uplink uplink,
    LocalServices local) {

  public DoorstepConfig {
    services = services == null ? List.of() : List.copyOf(services);
  }

  /**
   * A config without local servers ({@link LocalServices#NONE}): code written before the {@code local}
   * section existed, and tests that run several agents in one JVM.
   */
  public DoorstepConfig(DeviceIdentity device, DeviceProfile devices, List<ServiceEntry> services, Policy policy,
      Uplink uplink) {
    this(device, devices, services, policy, uplink, LocalServices.NONE);
  }
}
