package org.doorstep.config.profile;

import java.util.List;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.SignatureAlgorithm;

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
 * @param security the crypto suite (signatures, certificates, encryption at rest); may be null in a
 *                 config built in code, see {@link #suite()}
 */
public record DoorstepConfig(
    DeviceIdentity device,
    DeviceProfile devices,
    List<ServiceEntry> services,
    Policy policy,
    Uplink uplink,
    LocalServices local,
    FleetLink fleet,
    Security security) {

  public DoorstepConfig {
    services = services == null ? List.of() : List.copyOf(services);
    fleet = fleet == null ? FleetLink.DEFAULT : fleet;
  }

  /**
   * A config with the default {@code fleet} section ({@link FleetLink#DEFAULT}) and without a
   * {@code security} section (code written before they existed): the suite follows
   * {@code uplink.signatureAlgorithm}, see {@link #suite()}.
   */
  public DoorstepConfig(DeviceIdentity device, DeviceProfile devices, List<ServiceEntry> services, Policy policy,
      Uplink uplink, LocalServices local) {
    this(device, devices, services, policy, uplink, local, FleetLink.DEFAULT, null);
  }

  /** This config with {@code fleet} replaced. */
  public DoorstepConfig withFleet(FleetLink newFleet) {
    return new DoorstepConfig(device, devices, services, policy, uplink, local, newFleet, security);
  }

  /** This config with {@code security} (e.g. {@link Security#SM}). */
  public DoorstepConfig withSecurity(Security newSecurity) {
    return new DoorstepConfig(device, devices, services, policy, uplink, local, fleet, newSecurity);
  }

  /**
   * The crypto suite in force: {@code security.suite}; in a config built in code without that section,
   * the suite of {@code uplink.signatureAlgorithm} when it is set; else {@link CryptoSuite#STANDARD}.
   * (A loaded config always has the section: {@link ConfigValidator} refuses an
   * {@code uplink.signatureAlgorithm} that contradicts it.)
   */
  public CryptoSuite suite() {
    if (security != null && security.suite() != null) {
      return security.suite();
    }
    if (uplink != null && uplink.signatureAlgorithm() != null && !uplink.signatureAlgorithm().isBlank()) {
      return CryptoSuite.of(SignatureAlgorithm.fromWireName(uplink.signatureAlgorithm()));
    }
    return CryptoSuite.STANDARD;
  }

  /**
   * A config without local servers ({@link LocalServices#NONE}): code written before the {@code local}
   * section existed, and tests that run several agents in one JVM.
   */
  public DoorstepConfig(DeviceIdentity device, DeviceProfile devices, List<ServiceEntry> services, Policy policy,
      Uplink uplink) {
    this(device, devices, services, policy, uplink, LocalServices.NONE, FleetLink.DEFAULT, null);
  }
}
