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
 */
public record DoorstepConfig(
    DeviceIdentity device,
    DeviceProfile devices,
    List<ServiceEntry> services,
    Policy policy,
    Uplink uplink) {

  public DoorstepConfig {
    services = services == null ? List.of() : List.copyOf(services);
  }
}
