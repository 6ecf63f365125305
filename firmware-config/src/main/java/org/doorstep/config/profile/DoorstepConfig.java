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
 * @param fleet    how the terminal trusts its fleet (the config/command signing key); local only
 */
public record DoorstepConfig(
    DeviceIdentity device,
    DeviceProfile devices,
    List<ServiceEntry> services,
    Policy policy,
    Uplink uplink,
    LocalServices local,
    FleetLink fleet) {

  public DoorstepConfig {
    services = services == null ? List.of() : List.copyOf(services);
  }

  /** A config with the default {@code fleet} section ({@link FleetLink#DEFAULT}). */
  public DoorstepConfig(DeviceIdentity device, DeviceProfile devices, List<ServiceEntry> services, Policy policy,
      Uplink uplink, LocalServices local) {
    this(device, devices, services, policy, uplink, local, FleetLink.DEFAULT);
  }

  /** This config with {@code fleet} replaced. */
  public DoorstepConfig withFleet(FleetLink newFleet) {
    return new DoorstepConfig(device, devices, services, policy, uplink, local, newFleet);
  }

  /**
   * A config without local servers ({@link LocalServices#NONE}): code written before the {@code local}
   * section existed, and tests that run several agents in one JVM.
   */
  public DoorstepConfig(DeviceIdentity device, DeviceProfile devices, List<ServiceEntry> services, Policy policy,
      Uplink uplink) {
    this(device, devices, services, policy, uplink, LocalServices.NONE, FleetLink.DEFAULT);
  }
}
