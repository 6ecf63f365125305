package org.doorstep.config.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The body of a retained {@link MessageType#STATE}: how a terminal is. Published on an interval and
 * on change; the MQTT last will carries the same body with {@code online=false}.
 *
 * @param deviceId      the terminal
 * @param online        false only in the last will (or on a clean shutdown)
 * @param agentVersion  agent software version
 * @param configVersion version of the config bundle in force
 * @param peripherals   device name → health word (XFS-style: ONLINE, OFFLINE, HWERROR, NODEVICE …)
 * @param outboxPending records committed but not yet acked
 * @param reportedAt    device clock when this state was taken
 * @param faults        optional (v1 addition): peripheral name → fault code of a peripheral that is not
 *                      fully well ({@code PAPER_LOW}, {@code PAPER_OUT}, {@code TAMPER_OPEN} …); omitted
 *                      when empty. Lets a fleet tell "paper low" from other printer faults.
 * @param outboxOldestAt optional (v1 addition): capture time of the oldest record not yet acked; empty
 *                      (omitted) when the outbox is empty or the agent does not report it
 * @param terminalKind  optional (v1 addition): the terminal's {@code device.kind} ({@code KIOSK},
 *                      {@code BANK_TERMINAL}); a fleet targets rollouts by it. Empty (omitted) when the agent does
 *                      not report it
 */
public record DeviceState(
    String deviceId,
    @JsonProperty(required = true) boolean online,
    String agentVersion,
    @JsonProperty(required = true) long configVersion,
    Map<String, String> peripherals,
    @JsonProperty(required = true) long outboxPending,
    Instant reportedAt,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> faults,
    Optional<Instant> outboxOldestAt,
    Optional<String> terminalKind) {
  private static final java.util.regex.Pattern KIND = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

  public DeviceState {
    if (!Topics.isValidDeviceId(deviceId)) {
      throw new IllegalArgumentException("deviceId: must match [A-Za-z0-9._-]{1,64}");
    }
    Checks.notBlank("agentVersion", agentVersion);
    peripherals = peripherals == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(peripherals));
    if (outboxPending < 0) {
      throw new IllegalArgumentException("outboxPending: must be >= 0");
    }
    Checks.notNull("reportedAt", reportedAt);
    outboxOldestAt = outboxOldestAt == null ? Optional.empty() : outboxOldestAt;
    faults = faults == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(faults));
    terminalKind = terminalKind == null ? Optional.empty() : terminalKind;
    if (terminalKind.isPresent() && !KIND.matcher(terminalKind.get()).matches()) {
      throw new IllegalArgumentException("terminalKind: must match " + KIND.pattern());
    }
  }

  /** A state without the terminal kind (code written before it was reported). */
  public DeviceState(String deviceId, boolean online, String agentVersion, long configVersion,
      Map<String, String> peripherals, long outboxPending, Instant reportedAt, Map<String, String> faults,
      Optional<Instant> outboxOldestAt) {
    this(deviceId, online, agentVersion, configVersion, peripherals, outboxPending, reportedAt, faults, outboxOldestAt,
        Optional.empty());
  }

  /** A state without the optional members (faults, oldest pending record, terminal kind). */
  public DeviceState(String deviceId, boolean online, String agentVersion, long configVersion,
      Map<String, String> peripherals, long outboxPending, Instant reportedAt) {
    this(deviceId, online, agentVersion, configVersion, peripherals, outboxPending, reportedAt, Map.of(), Optional.empty(),
        Optional.empty());
  }
}
