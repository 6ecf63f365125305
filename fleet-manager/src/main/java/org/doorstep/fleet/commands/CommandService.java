package org.doorstep.fleet.commands;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.doorstep.config.bundle.CommandVerifier;
import org.doorstep.config.bundle.ConfigReport;
import org.doorstep.config.contract.CanonicalJson;
import org.doorstep.config.contract.Command;
import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.config.crypto.Signer;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.devices.KnownDevice;
import org.doorstep.fleet.ingest.DeviceFeedback;
import org.doorstep.fleet.ingest.DevicePublisher;
import org.doorstep.fleet.rollout.RolloutService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed commands to devices, and what devices answer.
 *
 * <p><b>Sending</b> ({@link #send}): the command gets a random id and a random 128-bit nonce, an expiry
 * ({@code ttl}, default {@value #DEFAULT_TTL_TEXT}, at most {@link CommandVerifier#DEFAULT_MAX_LIFETIME}),
 * the target {@code deviceId}, and is signed with the fleet config key; it is stored, then published
 * (QoS 1, not retained) on the device's commands topic.
 *
 * <p><b>Results</b> ({@link DeviceFeedback}): a {@code command-result} is accepted only when its signature
 * verifies with the device's registered key; then it is stored (every one: a replayed command is
 * answered again, with REFUSED_REPLAY) and the command takes the status of its first result. A result
 * whose id is {@code config-<version>} is a {@link ConfigReport} and also goes to the
 * {@link RolloutService}; states go there too (their {@code configVersion}).
 *
 * <p>Threads: any thread; results are handled on the caller's thread up to the store's future.
 */
public final class CommandService implements DeviceFeedback {
  private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
  /** Default command lifetime: minutes, so that the agent's replay cache stays small (wire-protocol 8.2). */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
  private static final String DEFAULT_TTL_TEXT = "10 minutes";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CommandStore store;
  private final DeviceRegistry registry;
  private final Signer key;
  private final RolloutService rollouts;
  private final Clock clock;
  private volatile DevicePublisher publisher;

  /**
   * @param key      the fleet config key (the agents' {@code fleet.configKeyFile})
   * @param rollouts where config reports and states go
   */
  public CommandService(CommandStore store, DeviceRegistry registry, Signer key, RolloutService rollouts, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.key = Objects.requireNonNull(key, "key");
    this.rollouts = Objects.requireNonNull(rollouts, "rollouts");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Where commands are published. */
  public void attach(DevicePublisher newPublisher) {
    this.publisher = Objects.requireNonNull(newPublisher, "publisher");
  }

  /**
   * Signs, stores and publishes a command.
   *
   * @param ttl how long the device may still run it; empty for {@link #DEFAULT_TTL}
   * @return the stored command; fails with {@link CommandException} (INVALID, NOT_FOUND)
   */
  public Future<CommandStore.SentCommand> send(String deviceId, String name, Map<String, String> args,
      Optional<Duration> ttl) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Future.failedFuture(new CommandException(CommandException.Reason.INVALID,
          "name: must match [a-z][a-z0-9-]{0,63}, was '" + name + "'"));
    }
    Duration life = ttl.orElse(DEFAULT_TTL);
    if (life.isNegative() || life.isZero() || life.compareTo(CommandVerifier.DEFAULT_MAX_LIFETIME) > 0) {
      return Future.failedFuture(new CommandException(CommandException.Reason.INVALID,
          "ttl: must be positive and at most " + CommandVerifier.DEFAULT_MAX_LIFETIME + ", was " + life));
    }
    if (deviceId == null || !Topics.isValidDeviceId(deviceId)) {
      return Future.failedFuture(new CommandException(CommandException.Reason.INVALID,
          "deviceId: must match [A-Za-z0-9._-]{1,64}"));
    }
    return registry.lookup(deviceId).compose(found -> {
      if (found.isEmpty() || found.get().revoked()) {
        return Future.failedFuture(new CommandException(CommandException.Reason.NOT_FOUND,
            "device " + deviceId + " is not registered" + (found.isPresent() ? " (revoked)" : "")));
      }
      Instant now = clock.instant();
      Command command = new Command(UUID.randomUUID().toString(), name, args == null ? Map.of() : args, nonce(),
          now.plus(life), Optional.of(deviceId));
      byte[] payload = WireCodec.encodeSigned(MessageType.COMMAND, command, key);
      CommandStore.SentCommand row = new CommandStore.SentCommand(command.commandId(), deviceId, name,
          new JsonObject(new TreeMap<String, Object>(command.args())).encode(), command.nonce(), command.expiresAt(),
          now, new String(payload, StandardCharsets.UTF_8), "SENT", "", Optional.empty());
      return store.save(row).compose(v -> publish(deviceId, payload)).map(v -> {
        LOG.info("Command {} ({}) sent to {}, expires {}", command.commandId(), name, deviceId, command.expiresAt());
        return row;
      });
    });
  }

  /** Publishes {@code payload} on the device's commands topic (also used to drill replays). */
  public Future<Void> publish(String deviceId, byte[] payload) {
    DevicePublisher p = publisher;
    if (p == null) {
      return Future.failedFuture(new IllegalStateException("no broker attached"));
    }
    return p.publish(Topics.topic(deviceId, Topics.Channel.COMMANDS), payload, false);
  }

  /**
   * The command with its results; fails NOT_FOUND when unknown. A result's {@code detail} is the whole detail the
   * device signed (a {@code fetch-logs} answer runs to 64 KiB), read from the stored signed body; the command's own
   * {@code detail} column keeps the first 2000 characters for lists.
   */
  public Future<JsonObject> view(String commandId) {
    return store.find(commandId).compose(c -> c.isEmpty()
        ? Future.failedFuture(new CommandException(CommandException.Reason.NOT_FOUND, "command " + commandId + " does not exist"))
        : store.results(commandId).map(rs -> {
          JsonArray results = new JsonArray();
          rs.forEach(r -> results.add(new JsonObject().put("status", r.status()).put("detail", signedDetail(r))
              .put("receivedAt", r.receivedAt().toString())));
          return json(c.get()).put("results", results);
        }));
  }

  private static String signedDetail(CommandStore.ReceivedResult r) {
    try {
      return new JsonObject(r.bodyJson()).getString("detail", r.detail());
    } catch (RuntimeException e) {
      return r.detail();    // a body stored before it was kept whole
    }
  }

  /** Commands (of one device when given), newest first. */
  public Future<List<CommandStore.SentCommand>> list(Optional<String> deviceId, int limit) {
    return store.list(deviceId, limit);
  }

  /** The command as REST JSON (without the payload). */
  public static JsonObject json(CommandStore.SentCommand c) {
    JsonObject j = new JsonObject()
        .put("commandId", c.commandId())
        .put("deviceId", c.deviceId())
        .put("name", c.name())
        .put("args", new JsonObject(c.argsJson()))
        .put("expiresAt", c.expiresAt().toString())
        .put("createdAt", c.createdAt().toString())
        .put("status", c.status());
    if (!c.detail().isEmpty()) {
      j.put("detail", c.detail());
    }
    c.resultAt().ifPresent(t -> j.put("resultAt", t.toString()));
    return j;
  }

  /** The results of a command as stored, oldest first (tests, audits). */
  public Future<List<CommandStore.ReceivedResult>> results(String commandId) {
    return store.results(commandId);
  }

  // ---------------------------------------------------------------------------------------------
  // from ingest

  @Override
  public void commandResult(String deviceId, WireMessage message, CommandResult result) {
    registry.lookup(deviceId).onComplete(ar -> {
      if (ar.failed() || ar.result().isEmpty()) {
        LOG.warn("Command result {} from unregistered device {} ignored", result.commandId(), deviceId);
        return;
      }
      KnownDevice d = ar.result().get();
      if (d.revoked() || !message.verifiedBy(d.publicKey())) {
        LOG.warn("Command result {} from {} ignored: {}", result.commandId(), deviceId,
            d.revoked() ? "device revoked" : message.signature().isEmpty() ? "unsigned" : "signature does not verify");
        return;
      }
      var s = message.signature().get();
      com.fasterxml.jackson.databind.node.ObjectNode sig = WireCodec.mapper().createObjectNode()
          .put("alg", s.algorithm().wireName()).put("kid", s.keyId())
          .put("value", Base64.getEncoder().encodeToString(s.value()));
      CommandStore.ReceivedResult row = new CommandStore.ReceivedResult(UUID.randomUUID().toString(),
          result.commandId(), deviceId, result.status().name(), result.detail(), clock.instant(),
          CanonicalJson.text(message.body()), CanonicalJson.text(sig));
      store.saveResult(row).onComplete(saved -> {
        if (saved.failed()) {
          LOG.warn("Command result {} of {} not stored: {}", result.commandId(), deviceId, saved.cause().getMessage());
        }
      });
      ConfigReport.fromResult(result).ifPresent(r -> {
        rollouts.onReport(deviceId, r);
        for (java.util.function.BiConsumer<String, ConfigReport> l : reportListeners) {
          l.accept(deviceId, r);
        }
      });
    });
  }

  /**
   * Calls {@code listener} with each verified config report (device id, report) after the rollouts
   * saw it (the alarms raise CONFIG_REFUSED from it). Called on the context that verified it; must
   * not block.
   */
  public void onConfigReport(java.util.function.BiConsumer<String, ConfigReport> listener) {
    reportListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private final List<java.util.function.BiConsumer<String, ConfigReport>> reportListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public void state(String deviceId, DeviceState state) {
    if (state.online()) {
      rollouts.onState(deviceId, state.configVersion());
    }
  }

  private static String nonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
