package org.doorstep.config.bundle;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.config.contract.Command;
import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.WireException;
import org.doorstep.config.contract.WireMessage;

/**
 * Decides whether an agent may execute a received {@code command}: signed by the fleet key, meant
 * for this device, not expired, and its nonce never seen before. Pure (time from the injected
 * {@link Clock}); thread-safe ({@link #verify} is synchronized: commands are rare).
 *
 * <p><b>Replay cache.</b> Accepted nonces are remembered until their command's expiry plus the
 * allowed skew; after that the command would be refused as expired anyway, so forgetting the nonce
 * is safe. The cache holds at most {@code capacity} live nonces. When it is full of unexpired
 * nonces, a new command is refused ({@link Reason#REPLAY_CACHE_FULL}) rather than forgetting a live
 * nonce, which would reopen a replay window: safe first. Commands may not live longer than
 * {@code maxLifetime}, which bounds how long an entry can occupy the cache. The cache is in memory:
 * after an agent restart, a replay of a command accepted before the restart is possible until that
 * command expires; keep command lifetimes short (minutes).
 */
public final class CommandVerifier {
  /** Default allowed clock skew between fleet and device: 30 s, tolerant of NTP-less kiosks drifting a little. */
  public static final Duration DEFAULT_ALLOWED_SKEW = Duration.ofSeconds(30);
  /** Default longest command lifetime: 24 h, so that an offline kiosk can still run a command on return. */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
  /** Default replay cache capacity: far more live commands than a fleet sends a device in a day. */
  public static final int DEFAULT_CAPACITY = 10_000;

  /** Why a command was refused. */
  public enum Reason {
    /** The message is not of type {@code command}. */
    WRONG_TYPE(CommandResult.Status.REFUSED_SIGNATURE),
    /** The message carries no signature. */
    UNSIGNED(CommandResult.Status.REFUSED_SIGNATURE),
    /** The signature does not verify with the fleet key. */
    BAD_SIGNATURE(CommandResult.Status.REFUSED_SIGNATURE),
    /** The signed body is not a valid {@code command} body. */
    INVALID_BODY(CommandResult.Status.FAILED),
    /** The command names another device in its optional {@code deviceId}. */
    WRONG_DEVICE(CommandResult.Status.REFUSED_SIGNATURE),
    /** {@code expiresAt} plus the allowed skew is in the past. */
    EXPIRED(CommandResult.Status.REFUSED_EXPIRED),
    /** {@code expiresAt} is farther in the future than the maximum lifetime (plus skew). */
    EXPIRY_TOO_FAR(CommandResult.Status.REFUSED_EXPIRED),
    /** The nonce was already accepted. */
    REPLAYED(CommandResult.Status.REFUSED_REPLAY),
    /** Too many live nonces to remember another one safely. */
    REPLAY_CACHE_FULL(CommandResult.Status.FAILED);

    private final CommandResult.Status status;

    Reason(CommandResult.Status status) {
      this.status = status;
    }

    /** The {@code command-result} status the agent reports for this refusal (wire-protocol 4.6). */
    public CommandResult.Status resultStatus() {
      return status;
    }
  }

  /** The outcome of {@link #verify}. */
  public sealed interface Outcome permits Accepted, Refused {}

  /**
   * The command may be executed; its nonce is now remembered.
   *
   * @param command the verified command
   */
  public record Accepted(Command command) implements Outcome {
    /** Validates that the command is present. */
    public Accepted {
      Objects.requireNonNull(command, "command");
    }
  }

  /**
   * The command must not be executed.
   *
   * @param reason    why
   * @param commandId the command's id when the body could be read (for the {@code command-result})
   * @param detail    human-readable detail
   */
  public record Refused(Reason reason, Optional<String> commandId, String detail) implements Outcome {
    /** Validates. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      commandId = commandId == null ? Optional.empty() : commandId;
      detail = detail == null ? "" : detail;
    }
  }

  private final PublicKey fleetKey;
  private final String deviceId;
  private final Clock clock;
  private final Duration allowedSkew;
  private final Duration maxLifetime;
  private final int capacity;
  /** nonce → the instant after which it may be forgotten; insertion order. */
  private final Map<String, Instant> seen = new LinkedHashMap<>();

  /** A verifier with the default skew, lifetime and capacity. */
  public CommandVerifier(PublicKey fleetKey, String deviceId, Clock clock) {
    this(fleetKey, deviceId, clock, DEFAULT_ALLOWED_SKEW, DEFAULT_MAX_LIFETIME, DEFAULT_CAPACITY);
  }

  /**
   * A verifier for one device.
   *
   * @param fleetKey    the fleet's command signing key
   * @param deviceId    this device's id
   * @param clock       the device clock
   * @param allowedSkew tolerance on expiry in both directions (≥ 0)
   * @param maxLifetime longest accepted distance from now to {@code expiresAt} (> 0)
   * @param capacity    most live nonces remembered (≥ 1)
   */
  public CommandVerifier(PublicKey fleetKey, String deviceId, Clock clock, Duration allowedSkew,
      Duration maxLifetime, int capacity) {
    this.fleetKey = Objects.requireNonNull(fleetKey, "fleetKey");
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (allowedSkew == null || allowedSkew.isNegative()) {
      throw new IllegalArgumentException("allowedSkew: must be >= 0");
    }
    if (maxLifetime == null || maxLifetime.isNegative() || maxLifetime.isZero()) {
      throw new IllegalArgumentException("maxLifetime: must be > 0");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: must be >= 1, was " + capacity);
    }
    this.allowedSkew = allowedSkew;
    this.maxLifetime = maxLifetime;
    this.capacity = capacity;
  }

  /**
   * Verifies a decoded {@code command} message and, when accepted, remembers its nonce.
   *
   * @return {@link Accepted} or {@link Refused}; never throws for bad input
   */
  public synchronized Outcome verify(WireMessage message) {
    if (message.type() != MessageType.COMMAND) {
      return new Refused(Reason.WRONG_TYPE, Optional.empty(), "expected a command, got " + message.type());
    }
    if (message.signature().isEmpty()) {
      return new Refused(Reason.UNSIGNED, commandIdOf(message), "command carries no signature");
    }
    if (!message.verifiedBy(fleetKey)) {
      return new Refused(Reason.BAD_SIGNATURE, commandIdOf(message), "signature does not verify with the fleet key");
    }
    Command command;
    try {
      command = message.bodyAs(Command.class);
    } catch (WireException | IllegalArgumentException e) {
      return new Refused(Reason.INVALID_BODY, commandIdOf(message), e.getMessage());
    }
    Optional<String> id = Optional.of(command.commandId());
    if (command.deviceId().isPresent() && !command.deviceId().get().equals(deviceId)) {
      return new Refused(Reason.WRONG_DEVICE, id, "command is for another device");
    }
    Instant now = clock.instant();
    if (command.expiresAt().plus(allowedSkew).isBefore(now)) {
      return new Refused(Reason.EXPIRED, id, "expired at " + command.expiresAt() + ", now " + now);
    }
    if (command.expiresAt().isAfter(now.plus(maxLifetime).plus(allowedSkew))) {
      return new Refused(Reason.EXPIRY_TOO_FAR, id, "expires more than " + maxLifetime + " from now");
    }
    forgetExpired(now);
    if (seen.containsKey(command.nonce())) {
      return new Refused(Reason.REPLAYED, id, "nonce already used");
    }
    if (seen.size() >= capacity) {
      return new Refused(Reason.REPLAY_CACHE_FULL, id, capacity + " live nonces remembered");
    }
    seen.put(command.nonce(), command.expiresAt().plus(allowedSkew));
    return new Accepted(command);
  }

  /** How many nonces are remembered now (for health reporting and tests). */
  public synchronized int rememberedNonces() {
    forgetExpired(clock.instant());
    return seen.size();
  }

  private void forgetExpired(Instant now) {
    for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
      if (it.next().isBefore(now)) {
        it.remove();
      }
    }
  }

  private static Optional<String> commandIdOf(WireMessage message) {
    var node = message.body().get("commandId");
    return node != null && node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
  }
}
