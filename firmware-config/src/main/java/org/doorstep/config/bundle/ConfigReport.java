package org.doorstep.config.bundle;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorstep.config.contract.CommandResult;

/**
 * What an agent did with a config bundle, as it reports it to the fleet: a {@code command-result}
 * (signed by the device) whose {@code commandId} is {@code config-<version>} and whose {@code detail}
 * starts with the reason word (docs/wire-protocol.md section 8.3):
 *
 * <pre>
 * {"commandId": "config-7", "status": "DONE",              "detail": "APPLIED"}
 * {"commandId": "config-3", "status": "REFUSED_REPLAY",    "detail": "ROLLBACK: version 3 is older than 7 in force"}
 * {"commandId": "config-8", "status": "FAILED",            "detail": "SCHEMA_INVALID: policy.matchRetries: must be between 0 and 10"}
 * {"commandId": "config-9", "status": "FAILED",            "detail": "APPLY_FAILED: devices: … (back on version 8)"}
 * </pre>
 *
 * The reason words are those of {@link ConfigBundleVerifier.Reason} plus the agent's own
 * {@link #APPLIED}, {@link #APPLY_FAILED} and {@link #FAILED_BEFORE}. Value; validated on construction.
 *
 * @param version the bundle's version; 0 when the payload was unreadable and named none
 * @param reason  {@link #APPLIED} or the refusal reason word ({@code [A-Z_]+})
 * @param detail  human-readable detail without personal data (may be empty)
 */
public record ConfigReport(long version, String reason, String detail) {
  /** The bundle is in force. */
  public static final String APPLIED = "APPLIED";
  /** The bundle verified but the agent could not run with it; it went back to the last known good. */
  public static final String APPLY_FAILED = "APPLY_FAILED";
  /** The bundle verified, but this version already failed to apply on this agent: it is not tried again. */
  public static final String FAILED_BEFORE = "FAILED_BEFORE";
  /** Prefix of the {@code commandId} of a config report. */
  public static final String COMMAND_ID_PREFIX = "config-";

  private static final Pattern WORD = Pattern.compile("[A-Z][A-Z_]*");
  private static final Pattern ID = Pattern.compile(Pattern.quote(COMMAND_ID_PREFIX) + "(0|[1-9][0-9]{0,17})");
  private static final Pattern DETAIL = Pattern.compile("([A-Z][A-Z_]*)(?:: (.*))?", Pattern.DOTALL);
  private static final Set<String> SIGNATURE_REASONS = Set.of(ConfigBundleVerifier.Reason.WRONG_TYPE.name(),
      ConfigBundleVerifier.Reason.UNSIGNED.name(), ConfigBundleVerifier.Reason.BAD_SIGNATURE.name(),
      ConfigBundleVerifier.Reason.WRONG_DEVICE.name());

  /** Validates. */
  public ConfigReport {
    if (version < 0) {
      throw new IllegalArgumentException("version: must be >= 0, was " + version);
    }
    Objects.requireNonNull(reason, "reason");
    if (!WORD.matcher(reason).matches()) {
      throw new IllegalArgumentException("reason: must be an upper-case word, was '" + reason + "'");
    }
    detail = detail == null ? "" : detail;
  }

  /** The bundle of {@code version} is in force. */
  public static ConfigReport applied(long version) {
    return new ConfigReport(version, APPLIED, "");
  }

  /** A refusal by the verifier. */
  public static ConfigReport refused(long version, ConfigBundleVerifier.Refused refused) {
    return new ConfigReport(version, refused.reason().name(), refused.detail());
  }

  /** Whether the bundle is in force. */
  public boolean isApplied() {
    return APPLIED.equals(reason);
  }

  /** The {@code commandId} of this report: {@code config-<version>}. */
  public String commandId() {
    return COMMAND_ID_PREFIX + version;
  }

  /** The {@code command-result} status: DONE, REFUSED_SIGNATURE, REFUSED_REPLAY (rollback) or FAILED. */
  public CommandResult.Status status() {
    if (isApplied()) {
      return CommandResult.Status.DONE;
    }
    if (SIGNATURE_REASONS.contains(reason)) {
      return CommandResult.Status.REFUSED_SIGNATURE;
    }
    if (ConfigBundleVerifier.Reason.ROLLBACK.name().equals(reason)) {
      return CommandResult.Status.REFUSED_REPLAY;
    }
    return CommandResult.Status.FAILED;
  }

  /** As the body of a {@code command-result}. */
  public CommandResult toResult() {
    return new CommandResult(commandId(), status(), detail.isEmpty() ? reason : reason + ": " + detail);
  }

  /**
   * Reads a config report from a {@code command-result}; empty when the result answers an ordinary
   * command (its id is not {@code config-<version>}) or its detail does not start with a reason word.
   */
  public static Optional<ConfigReport> fromResult(CommandResult result) {
    Matcher id = ID.matcher(result.commandId());
    Matcher d = DETAIL.matcher(result.detail());
    if (!id.matches() || !d.matches()) {
      return Optional.empty();
    }
    return Optional.of(new ConfigReport(Long.parseLong(id.group(1)), d.group(1), d.group(2)));
  }
}
