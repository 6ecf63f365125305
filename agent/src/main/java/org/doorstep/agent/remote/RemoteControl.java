package org.doorstep.agent.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.doorstep.agent.uplink.InboundMessage;
import org.doorstep.agent.uplink.Uplink;
import org.doorstep.config.bundle.CommandVerifier;
import org.doorstep.config.bundle.ConfigBundleVerifier;
import org.doorstep.config.bundle.ConfigReport;
import org.doorstep.config.contract.Command;
import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireException;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.profile.ConfigException;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.ConfigViolation;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.FleetLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's hand on the kiosk: signed config bundles and signed commands, received on the device's
 * {@code config} (retained) and {@code commands} topics, verified, acted on, and answered with a
 * {@code command-result} signed by the device key (docs/wire-protocol.md section 8).
 *
 * <h2>Config bundles</h2>
 * {@link ConfigBundleVerifier} decides (signature with the fleet config key, target device, version,
 * schema), against a rollback floor that survives restarts: the highest version that ever verified here
 * ({@link ControlStore}) or the one in force, whichever is higher. An accepted bundle is merged over the
 * local config ({@link EffectiveConfig}), written to the {@link ConfigSlots} (the previous one kept as
 * last known good), and put into force by the {@link Applier} (the agent restarts its services with
 * it). If that fails, the last known good goes back into force and the version is remembered as
 * failed: a re-delivery of it is refused ({@code FAILED_BEFORE}), a newer bundle is needed. Every
 * outcome but a retained re-delivery of the version in force ({@code ALREADY_APPLIED}) is logged and
 * reported as a {@link ConfigReport} ({@code commandId = config-<version>}).
 *
 * <h2>Commands</h2>
 * {@link CommandVerifier} (signature, target device, expiry, in-memory nonce cache), then the nonce is
 * stored in the {@link ControlStore} (so a replay stays refused after a restart), then the
 * {@link CommandHandlers handler} of the command's name runs, bounded by {@link #HANDLER_TIMEOUT}.
 * Every refusal is logged at WARN with its reason and reported.
 *
 * <p><b>No fleet key.</b> Until the fleet's config key file exists (enrolment writes it), every bundle
 * and command is refused with {@code NO_FLEET_KEY}. The file is read again on each message, so a key
 * written later takes effect without a restart.
 *
 * <p>Threads: confined to the agent's context (messages arrive there from {@link Uplink}). Results that
 * cannot be published (no connection) wait, at most {@link #MAX_PENDING_RESULTS}, and go out on the next
 * connect.
 */
public final class RemoteControl {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteControl.class);
  /** Longest a command handler may take before the command is reported FAILED. */
  public static final Duration HANDLER_TIMEOUT = Duration.ofMinutes(2);
  /** Results kept for the next connection while offline; older ones are dropped (and were logged). */
  public static final int MAX_PENDING_RESULTS = 64;
  /** Refusal word when the fleet config key file is missing or unreadable. */
  public static final String NO_FLEET_KEY = "NO_FLEET_KEY";

  /**
   * Puts a configuration into force (the agent restarts its services with it).
   *
   * <p>Called on the agent's context; the future fails when the agent cannot run with it.
   */
  @FunctionalInterface
  public interface Applier {
    Future<Void> apply(InForce next);
  }

  private final Vertx vertx;
  private final DoorstepConfig local;
  private final String deviceId;
  private final Path keyFile;
  private final Signer deviceSigner;
  private final Clock clock;
  private final ControlStore store;
  private final ConfigSlots slots;
  private final CommandHandlers handlers = new CommandHandlers();
  private final Deque<CommandResult> pending = new ArrayDeque<>();

  private Applier applier = next -> Future.failedFuture(new RemoteException(RemoteException.Reason.APPLY_FAILED,
      "no applier"));
  private InForce inForce;
  private Uplink uplink;
  private PublicKey fleetKey;
  private CommandVerifier commandVerifier;
  private Future<?> configChain = Future.succeededFuture();
  private Future<?> commandChain = Future.succeededFuture();

  private RemoteControl(Vertx vertx, DoorstepConfig local, Signer deviceSigner, Clock clock, ControlStore store,
      ConfigSlots slots, InForce inForce) {
    this.vertx = vertx;
    this.local = local;
    this.deviceId = local.device().id();
    this.keyFile = keyFile(local);
    this.deviceSigner = deviceSigner;
    this.clock = clock;
    this.store = store;
    this.slots = slots;
    this.inForce = inForce;
  }

  /**
   * Opens the control store and the config slots in the local config's data directory and works out
   * the configuration in force: the current bundle, verified again, over the local config; if it does
   * not verify (altered at rest, or the key changed), the last known good; else the local config alone.
   *
   * @param local        the local config (file and environment)
   * @param deviceSigner the device key, which signs the results
   * @param clock        command expiry and store times
   */
  public static Future<RemoteControl> open(Vertx vertx, DoorstepConfig local, Signer deviceSigner, Clock clock) {
    Objects.requireNonNull(local, "local");
    Path dataDir = Path.of(local.device().dataDir());
    return ControlStore.open(vertx, dataDir).compose(store -> vertx.executeBlocking(() -> {
      ConfigSlots slots = ConfigSlots.open(dataDir);
      Optional<PublicKey> key = readKey(keyFile(local));
      return new RemoteControl(vertx, local, deviceSigner, clock, store, slots, resolve(local, key, slots));
    }).recover(err -> store.close().transform(x -> Future.failedFuture(err))));
  }

  /** Sets how a new configuration is put into force. Call before {@link #attach}. */
  public RemoteControl applier(Applier newApplier) {
    this.applier = Objects.requireNonNull(newApplier, "applier");
    return this;
  }

  /** The configuration in force and its bundle version. */
  public InForce inForce() {
    return inForce;
  }

  /** The command handlers: register yours here. */
  public CommandHandlers handlers() {
    return handlers;
  }

  /** The control store (nonces, config versions). */
  public ControlStore store() {
    return store;
  }

  /** The config slots on disk. */
  public ConfigSlots slots() {
    return slots;
  }

  /**
   * Listens on {@code link}: subscribes to this device's config and commands topics (again after every
   * reconnect) and sends waiting results on connect. Call with each new uplink (after a restart of the
   * agent's services); the previous one is forgotten.
   */
  public void attach(Uplink link) {
    this.uplink = Objects.requireNonNull(link, "link");
    link.addStatusHandler(s -> {
      if (link == uplink && s.connected()) {
        flushPending();
      }
    });
    link.subscribe(Topics.topic(deviceId, Topics.Channel.CONFIG), m -> {
      if (link == uplink) {
        onConfig(m);
      }
    });
    link.subscribe(Topics.topic(deviceId, Topics.Channel.COMMANDS), m -> {
      if (link == uplink) {
        onCommand(m);
      }
    });
  }

  /** Closes the control store. */
  public Future<Void> close() {
    return store.close();
  }

  // ---------------------------------------------------------------------------------------------
  // config bundles

  private void onConfig(InboundMessage m) {
    // One bundle at a time: the next waits until the previous one is in force (or refused).
    configChain = configChain.transform(ignored -> handleConfig(m.payload())
        .onFailure(err -> LOG.error("config bundle handling failed: {}", err.getMessage(), err)));
  }

  /**
   * Handles one payload from the config topic.
   *
   * @return the report sent; empty for a retained re-delivery of the version in force
   */
  public Future<Optional<ConfigReport>> handleConfig(byte[] payload) {
    WireMessage msg;
    try {
      msg = WireCodec.decode(payload);
    } catch (WireException e) {
      return report(refusedConfig(0, e.reason().name(), e.getMessage()));
    }
    long version = versionOf(msg);
    Optional<PublicKey> key = fleetKey();
    if (key.isEmpty()) {
      return report(refusedConfig(version, NO_FLEET_KEY, "no fleet config key at " + keyFile));
    }
    ConfigBundleVerifier verifier = new ConfigBundleVerifier(key.get(), deviceId, ConfigLoader.withoutEnvironment());
    return store.highestVersion().compose(highest -> {
      long floor = Math.max(highest, inForce.version());
      ConfigBundleVerifier.Outcome outcome = verifier.verify(msg, floor);
      if (outcome instanceof ConfigBundleVerifier.Refused r) {
        return onRefused(version, r);
      }
      ConfigBundleVerifier.Accepted a = (ConfigBundleVerifier.Accepted) outcome;
      DoorstepConfig effective;
      try {
        effective = EffectiveConfig.of(local, a.bundle().config());
      } catch (ConfigException e) {
        return report(refusedConfig(version, ConfigBundleVerifier.Reason.SCHEMA_INVALID.name(),
            violations(e.violations())));
      }
      return apply(payload, new InForce(effective, a.bundle().version()));
    });
  }

  private Future<Optional<ConfigReport>> onRefused(long version, ConfigBundleVerifier.Refused r) {
    if (r.reason() == ConfigBundleVerifier.Reason.ALREADY_APPLIED) {
      return store.outcomeOf(version).compose(o -> {
        if (o.isPresent() && o.get() == ControlStore.VersionOutcome.APPLY_FAILED) {
          return report(refusedConfig(version, ConfigReport.FAILED_BEFORE,
              "version " + version + " failed to apply here before; send a newer version"));
        }
        LOG.debug("config version {} is already in force (retained re-delivery)", version);
        return Future.succeededFuture(Optional.empty());
      });
    }
    String detail = r.reason() == ConfigBundleVerifier.Reason.SCHEMA_INVALID ? violations(r.violations()) : r.detail();
    return report(refusedConfig(version, r.reason().name(), detail));
  }

  private Future<Optional<ConfigReport>> apply(byte[] payload, InForce next) {
    InForce previous = inForce;
    LOG.info("config version {} verified; putting it into force (was version {})", next.version(), previous.version());
    return vertx.executeBlocking(() -> {
      slots.install(payload);
      return null;
    }).compose(v -> applier.apply(next)).compose(v -> {
      inForce = next;
      LOG.info("config version {} in force", next.version());
      return store.recordVersion(next.version(), ControlStore.VersionOutcome.APPLIED, "", clock.instant())
          .compose(x -> report(ConfigReport.applied(next.version())));
    }, err -> rollBack(next.version(), err));
  }

  /** The new config could not be put into force: back to the last known good. */
  private Future<Optional<ConfigReport>> rollBack(long failedVersion, Throwable cause) {
    String why = String.valueOf(cause.getMessage());
    LOG.error("config version {} could not be put into force ({}); going back to the last known good",
        failedVersion, why);
    return vertx.executeBlocking(() -> {
      slots.rollback();
      return resolve(local, fleetKey(), slots);
    }).compose(lkg -> applier.apply(lkg).map(lkg)).transform(ar -> {
      String back;
      if (ar.succeeded()) {
        inForce = ar.result();
        back = "back on version " + ar.result().version();
        LOG.warn("config: {}", back);
      } else {
        back = "the last known good failed too: " + ar.cause().getMessage();
        LOG.error("config: {}; the agent needs attention", back);
      }
      return store.recordVersion(failedVersion, ControlStore.VersionOutcome.APPLY_FAILED, why, clock.instant())
          .compose(x -> report(refusedConfig(failedVersion, ConfigReport.APPLY_FAILED, why + " (" + back + ")")));
    });
  }

  /**
   * Puts the configuration on disk into force again (the {@code reload-config} command): the current
   * bundle over the local config, verified again.
   */
  public Future<InForce> reload() {
    Future<InForce> mine = configChain.transform(ignored -> vertx.executeBlocking(() -> resolve(local, fleetKey(), slots))
        .compose(next -> applier.apply(next).map(v -> {
          inForce = next;
          return next;
        })));
    configChain = mine;
    return mine;
  }

  private ConfigReport refusedConfig(long version, String reason, String detail) {
    LOG.warn("config bundle{} refused: {} ({})", version > 0 ? " version " + version : "", reason, detail);
    return new ConfigReport(version, reason, detail);
  }

  private Future<Optional<ConfigReport>> report(ConfigReport r) {
    publish(r.toResult());
    return Future.succeededFuture(Optional.of(r));
  }

  private static String violations(List<ConfigViolation> violations) {
    return violations.stream().map(v -> v.path() + ": " + v.message()).collect(Collectors.joining("; "));
  }

  private static long versionOf(WireMessage msg) {
    JsonNode v = msg.body().get("version");
    return v != null && v.canConvertToLong() && v.asLong() > 0 ? v.asLong() : 0;
  }

  /**
   * The configuration in force according to the disk: the current bundle (verified again) over
   * {@code local}, else the last known good (made current again), else {@code local} alone. Blocking.
   */
  static InForce resolve(DoorstepConfig local, Optional<PublicKey> key, ConfigSlots slots) {
    Optional<byte[]> current = slots.current();
    if (current.isEmpty()) {
      return new InForce(local, 0);
    }
    if (key.isEmpty()) {
      LOG.error("config: a bundle is stored in {} but there is no fleet config key to verify it; running on the "
          + "local config", slots.dir());
      return new InForce(local, 0);
    }
    Function<byte[], Optional<InForce>> check = bytes -> {
      try {
        WireMessage msg = WireCodec.decode(bytes);
        ConfigBundleVerifier.Outcome o = new ConfigBundleVerifier(key.get(), local.device().id(),
            ConfigLoader.withoutEnvironment()).verify(msg, 0);
        if (o instanceof ConfigBundleVerifier.Accepted a) {
          return Optional.of(new InForce(EffectiveConfig.of(local, a.bundle().config()), a.bundle().version()));
        }
        LOG.error("config: stored bundle refused: {} ({})", ((ConfigBundleVerifier.Refused) o).reason(),
            ((ConfigBundleVerifier.Refused) o).detail());
      } catch (WireException | ConfigException e) {
        LOG.error("config: stored bundle unusable: {}", e.getMessage());
      }
      return Optional.empty();
    };
    Optional<InForce> fromCurrent = check.apply(current.get());
    if (fromCurrent.isPresent()) {
      return fromCurrent.get();
    }
    Optional<byte[]> lkg = slots.lastKnownGood();
    Optional<InForce> fromLkg = lkg.flatMap(check);
    if (fromLkg.isPresent()) {
      slots.rollback();
      LOG.warn("config: running on the last known good, version {}", fromLkg.get().version());
      return fromLkg.get();
    }
    LOG.error("config: no stored bundle verifies; running on the local config");
    return new InForce(local, 0);
  }

  // ---------------------------------------------------------------------------------------------
  // commands

  private void onCommand(InboundMessage m) {
    commandChain = commandChain.transform(ignored -> handleCommand(m.payload())
        .onFailure(err -> LOG.error("command handling failed: {}", err.getMessage(), err)));
  }

  /**
   * Handles one payload from the commands topic.
   *
   * @return the result sent; empty when there was no command id to answer
   */
  public Future<Optional<CommandResult>> handleCommand(byte[] payload) {
    WireMessage msg;
    try {
      msg = WireCodec.decode(payload);
    } catch (WireException e) {
      LOG.warn("command refused: {} ({}); no command id to answer", e.reason(), e.getMessage());
      return Future.succeededFuture(Optional.empty());
    }
    Optional<PublicKey> key = fleetKey();
    if (key.isEmpty()) {
      return refuseCommand(commandIdOf(msg), CommandResult.Status.REFUSED_SIGNATURE, NO_FLEET_KEY,
          "no fleet config key at " + keyFile);
    }
    if (commandVerifier == null) {
      commandVerifier = new CommandVerifier(key.get(), deviceId, clock);
    }
    CommandVerifier.Outcome outcome = commandVerifier.verify(msg);
    if (outcome instanceof CommandVerifier.Refused r) {
      return refuseCommand(r.commandId(), r.reason().resultStatus(), r.reason().name(), r.detail());
    }
    Command command = ((CommandVerifier.Accepted) outcome).command();
    return store.rememberNonce(command.nonce(), command.commandId(),
        command.expiresAt().plus(CommandVerifier.DEFAULT_ALLOWED_SKEW), clock.instant()).compose(fresh -> {
          if (!fresh) {
            return refuseCommand(Optional.of(command.commandId()), CommandResult.Status.REFUSED_REPLAY,
                CommandVerifier.Reason.REPLAYED.name(), "nonce already used (remembered across restarts)");
          }
          return execute(command);
        });
  }

  private Future<Optional<CommandResult>> execute(Command command) {
    Optional<CommandHandler> handler = handlers.find(command.name());
    if (handler.isEmpty()) {
      return refuseCommand(Optional.of(command.commandId()), CommandResult.Status.UNKNOWN_COMMAND, "UNKNOWN_COMMAND",
          "no handler for '" + command.name() + "' (known: " + String.join(", ", handlers.names()) + ")");
    }
    LOG.info("command {} ({}) accepted", command.commandId(), command.name());
    Future<CommandHandler.Outcome> run;
    try {
      run = handler.get().handle(command);
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    return run.timeout(HANDLER_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .otherwise(err -> CommandHandler.Outcome.failed(String.valueOf(err.getMessage())))
        .map(o -> {
          CommandResult result = new CommandResult(command.commandId(), o.status(), o.detail());
          LOG.info("command {} ({}): {} {}", command.commandId(), command.name(), o.status(), o.detail());
          publish(result);
          return Optional.of(result);
        });
  }

  private Future<Optional<CommandResult>> refuseCommand(Optional<String> commandId, CommandResult.Status status,
      String reason, String detail) {
    LOG.warn("command {} refused: {} ({})", commandId.orElse("(no id)"), reason, detail);
    if (commandId.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    CommandResult result = new CommandResult(commandId.get(), status, reason + ": " + detail);
    publish(result);
    return Future.succeededFuture(Optional.of(result));
  }

  private static Optional<String> commandIdOf(WireMessage msg) {
    JsonNode n = msg.body().get("commandId");
    return n != null && n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
  }

  // ---------------------------------------------------------------------------------------------
  // results and keys

  private void publish(CommandResult result) {
    pending.addLast(result);
    while (pending.size() > MAX_PENDING_RESULTS) {
      CommandResult dropped = pending.removeFirst();
      LOG.warn("result of {} dropped: offline with {} results waiting", dropped.commandId(), MAX_PENDING_RESULTS);
    }
    flushPending();
  }

  private void flushPending() {
    Uplink link = uplink;
    if (link == null || !link.status().connected()) {
      return;
    }
    while (!pending.isEmpty()) {
      CommandResult r = pending.removeFirst();
      link.publish(Topics.topic(deviceId, Topics.Channel.COMMAND_RESULTS),
          WireCodec.encodeSigned(MessageType.COMMAND_RESULT, r, deviceSigner), false)
          .onFailure(err -> {
            LOG.debug("result of {} not published ({}); kept for the next connection", r.commandId(), err.getMessage());
            if (pending.size() < MAX_PENDING_RESULTS) {
              pending.addFirst(r);
            }
          });
    }
  }

  /** Results waiting for a connection. */
  public int pendingResults() {
    return pending.size();
  }

  private Optional<PublicKey> fleetKey() {
    if (fleetKey == null) {
      readKey(keyFile).ifPresent(k -> {
        fleetKey = k;
        LOG.info("fleet config key loaded from {}", keyFile);
      });
    }
    return Optional.ofNullable(fleetKey);
  }

  private static Optional<PublicKey> readKey(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Keys.readPublicKey(file));
    } catch (CryptoException e) {
      LOG.error("fleet config key {} unreadable: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** The fleet config key file named by {@code fleet.configKeyFile} (default: in the data directory). */
  public static Path keyFile(DoorstepConfig config) {
    FleetLink f = config.fleet() == null ? FleetLink.DEFAULT : config.fleet();
    return f.configKeyPath(Path.of(config.device().dataDir()));
  }
}
