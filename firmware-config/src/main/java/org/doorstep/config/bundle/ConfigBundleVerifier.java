package org.doorstep.config.bundle;

import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import org.doorstep.config.contract.ConfigBundle;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.WireException;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.ConfigViolation;
import org.doorstep.config.profile.DoorstepConfig;

/**
 * Decides whether an agent may apply a received {@code config} message: signed by the fleet config
 * key, meant for this device, newer than the version in force, and a valid configuration. Pure and
 * thread-safe; the caller applies an {@link Accepted} bundle atomically and keeps the last known good.
 *
 * <p>Checks run in this order, and the first failure decides the reason: type, signature (nothing
 * of an unverified body is looked at), body, target device, version, schema.
 */
public final class ConfigBundleVerifier {

  /** Why a bundle was refused. */
  public enum Reason {
    /** The message is not of type {@code config}. */
    WRONG_TYPE,
    /** The message carries no signature. */
    UNSIGNED,
    /** The signature does not verify with the fleet config key (or is of another algorithm). */
    BAD_SIGNATURE,
    /** The signed body is not a valid {@code config} body (wire-protocol 4.4). */
    INVALID_BODY,
    /** The bundle names another device in its optional {@code deviceId}. */
    WRONG_DEVICE,
    /** The bundle's version is lower than the one in force: a rollback. */
    ROLLBACK,
    /**
     * The bundle's version equals the one in force: a re-delivery (the config topic is retained, so
     * every reconnect delivers it again) or a replay. Nothing to apply; not an alarm.
     */
    ALREADY_APPLIED,
    /** The embedded document does not load as a configuration; see {@link Refused#violations()}. */
    SCHEMA_INVALID
  }

  /** The outcome of {@link #verify}. */
  public sealed interface Outcome permits Accepted, Refused {}

  /**
   * The bundle may be applied.
   *
   * @param bundle the verified bundle
   * @param config the configuration it yields (merged over defaults and validated)
   */
  public record Accepted(ConfigBundle bundle, DoorstepConfig config) implements Outcome {
    /** Validates that both are present. */
    public Accepted {
      Objects.requireNonNull(bundle, "bundle");
      Objects.requireNonNull(config, "config");
    }
  }

  /**
   * The bundle must not be applied.
   *
   * @param reason     why
   * @param detail     human-readable detail without personal data
   * @param violations every schema violation, for {@link Reason#SCHEMA_INVALID}; empty otherwise
   */
  public record Refused(Reason reason, String detail, List<ConfigViolation> violations) implements Outcome {
    /** Validates and copies. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      detail = detail == null ? "" : detail;
      violations = violations == null ? List.of() : List.copyOf(violations);
    }
  }

  private final PublicKey fleetConfigKey;
  private final String deviceId;
  private final ConfigLoader loader;

  /**
   * A verifier for one device.
   *
   * @param fleetConfigKey the fleet's config signing key, received at enrolment
   * @param deviceId       this device's id, compared with a bundle's optional {@code deviceId}
   * @param loader         loads the embedded document (use {@link ConfigLoader#withoutEnvironment()}
   *                       so the local environment cannot mask a bad document)
   */
  public ConfigBundleVerifier(PublicKey fleetConfigKey, String deviceId, ConfigLoader loader) {
    this.fleetConfigKey = Objects.requireNonNull(fleetConfigKey, "fleetConfigKey");
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /**
   * Verifies a decoded {@code config} message against the version in force.
   *
   * @param message        from {@link org.doorstep.config.contract.WireCodec#decode}
   * @param currentVersion version in force (0: built-in defaults)
   * @return {@link Accepted} or {@link Refused}; never throws for bad input
   */
  public Outcome verify(WireMessage message, long currentVersion) {
    if (message.type() != MessageType.CONFIG) {
      return new Refused(Reason.WRONG_TYPE, "expected a config message, got " + message.type(), List.of());
    }
    if (message.signature().isEmpty()) {
      return new Refused(Reason.UNSIGNED, "config bundle carries no signature", List.of());
    }
    if (!message.verifiedBy(fleetConfigKey)) {
      return new Refused(Reason.BAD_SIGNATURE, "signature does not verify with the fleet config key", List.of());
    }
    ConfigBundle bundle;
    try {
      bundle = message.bodyAs(ConfigBundle.class);
    } catch (WireException | IllegalArgumentException e) {
      return new Refused(Reason.INVALID_BODY, e.getMessage(), List.of());
    }
    if (bundle.deviceId().isPresent() && !bundle.deviceId().get().equals(deviceId)) {
      return new Refused(Reason.WRONG_DEVICE, "bundle is for another device", List.of());
    }
    if (bundle.version() < currentVersion) {
      return new Refused(Reason.ROLLBACK,
          "version " + bundle.version() + " is older than " + currentVersion + " in force", List.of());
    }
    if (bundle.version() == currentVersion) {
      return new Refused(Reason.ALREADY_APPLIED, "version " + currentVersion + " is already in force", List.of());
    }
    List<ConfigViolation> violations = loader.check(bundle.config());
    if (!violations.isEmpty()) {
      return new Refused(Reason.SCHEMA_INVALID, violations.size() + " violation(s)", violations);
    }
    return new Accepted(bundle, loader.load(bundle.config()));
  }
}
