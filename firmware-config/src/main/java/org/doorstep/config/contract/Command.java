package org.doorstep.config.contract;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The body of a {@link MessageType#COMMAND}, signed by the fleet. The nonce and expiry let an agent
 * refuse replays and stale commands.
 *
 * @param commandId unique id, echoed in the {@link CommandResult}
 * @param name      what to do ({@code self-test}, {@code print-test-page}, {@code purge}, {@code restart} …)
 * @param args      string arguments
 * @param nonce     random, never reused
 * @param expiresAt after this instant the agent refuses the command
 * @param deviceId  optional target device (wire member {@code deviceId}, added within v1 as an optional
 *                  member): when present, an agent refuses the command unless it names itself.
 *                  Omitted when empty.
 */
public record Command(String commandId, String name, Map<String, String> args, String nonce, Instant expiresAt,
    Optional<String> deviceId) {
  /** A command for whichever device receives it (no {@code deviceId} member). */
  public Command(String commandId, String name, Map<String, String> args, String nonce, Instant expiresAt) {
    this(commandId, name, args, nonce, expiresAt, Optional.empty());
  }

  /** Validates every member; the message names the member at fault. */
  public Command {
    deviceId = deviceId == null ? Optional.empty() : deviceId;
    deviceId.ifPresent(id -> Checks.deviceId("deviceId", id));
    Checks.notBlank("commandId", commandId);
    Checks.notBlank("name", name);
    args = args == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(args));
    Checks.notBlank("nonce", nonce);
    Checks.notNull("expiresAt", expiresAt);
  }
}
