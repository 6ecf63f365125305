package org.doorstep.agent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.gpio.TamperGuard;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.local.AgentMetrics;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
import org.doorstep.agent.device.wiring.KioskDevices;
import org.doorstep.agent.device.wiring.Simulators;
import org.doorstep.agent.identity.DeviceIdentityService;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.privacy.EvidenceStore;
import org.doorstep.agent.privacy.PurgeJob;
import org.doorstep.agent.privacy.PurgeReport;
import org.doorstep.agent.readiness.Readiness;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.Outbox;
import org.doorstep.agent.remote.BuiltInCommands;
import org.doorstep.agent.remote.CommandHandler;
import org.doorstep.agent.remote.InForce;
import org.doorstep.agent.remote.RemoteControl;
import org.doorstep.agent.screen.BrowserScreen;
import org.doorstep.agent.session.Event;
import org.doorstep.agent.session.Session;
import org.doorstep.agent.uplink.UplinkStatus;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.config.profile.DoorstepConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kiosk agent: wires the devices, the certification runner, the outbox and the uplink. Wiring
 * only; the logic lives in the feature packages.
 *
 * <pre>{@code
 * AgentVerticle agent = new AgentVerticle(config, AgentOptions.builder().clock(clock).build());
 * vertx.deployVerticle(agent).await();                       // key + outbox in config.device().dataDir()
 * SessionSummary s = agent.certify(SampleResidents.ZHANG_SAN).await();
 * long pending = agent.outboxPending().await();
 * }</pre>
 *
 * Start-up: remote control (control store, the config bundle in force), then the services for that config,
 * built by {@link ServiceStartup} as one immutable {@link RunningServices} value: device key (generated on first
 * boot, of {@code security.suite}), data key (same), outbox and evidence store (migrated, personal data sealed
 * with the data key), devices, identity (installed certificates; with {@code uplink.enrolment} set and none
 * installed, enrolment over HTTPS in the background), uplink (connecting in the background once enrolled: the
 * kiosk works without its fleet), then the runner shows the idle screen and the local servers open. Stop closes
 * them in the reverse order (servers, runner, {@code online=false} published, uplink disconnected, devices,
 * evidence store, outbox). A new config from the fleet is a swap: wait until no resident is served, close the
 * running services, start new ones.
 *
 * <p>Devices ({@link KioskDevices}): per the device profile, the in-process simulators (SIMULATED, the
 * default: fast, no ports), the real serial drivers against the protocol simulators on ptys (PTY_SIMULATOR,
 * the demo), or the real drivers on serial ports (SERIAL). Every driver feeds one {@link HealthRegistry};
 * the retained state shows its status words and is republished on every change, the local HTTP API
 * ({@code local.httpPort}) serves it at {@code /api/health}, the OPC UA server ({@code local.opcUa}, off by
 * default) exposes it. With GPIO enabled the tamper switch ends the session and wipes its personal data
 * ({@link CertificationRunner#abortAndWipe()}, FRAUDATTEMPT until {@link #acknowledgeTamper()}), the status
 * light follows sessions and health, and the presence sensor wakes the screen.
 *
 * <p>The public methods may be called from any thread once deployed.
 */
public final class AgentVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AgentVerticle.class);

  /** The config the agent was started with (file and environment); a bundle's document goes over it. */
  private final DoorstepConfig localConfig;
  /** The effective config of the running services (the local one, or a bundle's over it). */
  private DoorstepConfig config;
  private long configVersion;
  private RemoteControl remote;
  private final AgentOptions options;
  private final Consumer<SessionSummary> sessionListener;
  private final Simulators simulators;
  private final HealthRegistry health;
  /** Why the terminal cannot take certifications now (disk full, enrolment refused); survives reconfigurations. */
  private final Readiness readiness;
  private final AgentMetrics metrics;

  private Context ctx;
  /** The services for the config in force; null while they (re)start or after stop. Swapped, never mutated. */
  private volatile RunningServices services;
  private Future<?> certifications = Future.succeededFuture();

  /** An agent with production options. */
  public AgentVerticle(DoorstepConfig config) {
    this(config, AgentOptions.defaults(), s -> { });
  }

  /** An agent with {@code options} (clock, intervals). */
  public AgentVerticle(DoorstepConfig config, AgentOptions options) {
    this(config, options, s -> { });
  }

  /**
   * @param sessionListener called on the agent's context with every finished session (the CLI prints it)
   */
  public AgentVerticle(DoorstepConfig config, AgentOptions options, Consumer<SessionSummary> sessionListener) {
    this.config = Objects.requireNonNull(config, "config");
    this.localConfig = config;
    this.configVersion = options.configVersion();
    this.options = Objects.requireNonNull(options, "options");
    this.sessionListener = Objects.requireNonNull(sessionListener, "sessionListener");
    Objects.requireNonNull(config.device(), "config.device");
    Objects.requireNonNull(config.policy(), "config.policy");
    Objects.requireNonNull(config.uplink(), "config.uplink");
    this.simulators = new Simulators(new SimulatedIdCardReader(), new SimulatedFaceCheck(options.simulatedFace()),
        new SimulatedReceiptPrinter(options.zone()), new AutoScreen());
    this.health = new HealthRegistry(options.clock());
    this.readiness = new Readiness(options.clock());
    this.metrics = new AgentMetrics(health);
  }

  /**
   * Opens remote control (the control store, the stored config bundle, verified again), then starts the
   * services with the configuration in force. See {@link RemoteControl}.
   */
  @Override
  public Future<?> start() {
    ctx = context;
    Path dataDir = dataDir();
    return vertx.executeBlocking(() -> DeviceKeys.loadOrCreate(dataDir, localConfig.suite().signatureAlgorithm()))
        .compose(signer -> RemoteControl.open(vertx, localConfig, signer, options.clock()))
        .compose(r -> {
          remote = r.applier(this::reconfigure);
          BuiltInCommands.register(r.handlers(), new BuiltInCommands.Hooks(options.agentVersion(),
              () -> configVersion, () -> config,
              () -> {
                RunningServices s = services;
                if (s != null) {
                  s.reporter().report();
                }
              }, () -> {
                RunningServices s = services;
                return s == null ? null : s.devices();
              }, health::snapshot, r::reload, this::restartServices, options.clock()));
          r.handlers().register(PURGE_COMMAND, this::purgeCommand);
          inForce(r.inForce());
          return startServices();
        });
  }

  /** Fleet command that purges acked records and their evidence now: {@link #purgeCommand}. */
  public static final String PURGE_COMMAND = "purge";

  /**
   * The {@value #PURGE_COMMAND} command: argument {@code retention} (ISO-8601 duration, at least
   * {@code PT0S}; default {@code policy.retention}) — acked records and evidence older than that go.
   */
  private Future<CommandHandler.Outcome> purgeCommand(org.doorstep.config.contract.Command command) {
    Optional<java.time.Duration> retention;
    try {
      retention = Optional.ofNullable(command.args().get("retention")).map(java.time.Duration::parse);
    } catch (java.time.format.DateTimeParseException e) {
      return Future.succeededFuture(CommandHandler.Outcome.failed("retention: not an ISO-8601 duration"));
    }
    if (retention.isPresent() && retention.get().isNegative()) {
      return Future.succeededFuture(CommandHandler.Outcome.failed("retention: must be PT0S or more"));
    }
    if (services == null) {
      return Future.succeededFuture(CommandHandler.Outcome.failed("services are not running"));
    }
    return purgeNow(retention).map(r -> CommandHandler.Outcome.done("purged " + r.records() + " records, "
        + r.evidenceItems() + " evidence items, " + r.orphanItems() + " orphans (retention " + r.retention() + ")"));
  }

  private void inForce(InForce f) {
    config = f.config();
    configVersion = f.version() > 0 ? f.version() : options.configVersion();
  }

  /**
   * Puts a new configuration into force (called by {@link RemoteControl}): waits until no resident is
   * being served, stops the services and starts them again with it. Fails (services stopped) when they do
   * not start; remote control then does the same with the last known good.
   */
  private Future<Void> reconfigure(InForce next) {
    RunningServices running = services;
    Future<Void> idle = running == null ? Future.succeededFuture()
        : running.runner().whenIdle()
            .timeout(RECONFIGURE_IDLE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).otherwiseEmpty();
    LOG.info("agent {} restarting its services for config version {}", deviceId(), next.version());
    return idle.compose(v -> stopServices())
        .compose(v -> {
          inForce(next);
          return startServices().<Void>mapEmpty();
        });
  }

  /**
   * The {@code restart} command: stops and starts the services with the configuration in force (devices
   * reopened, uplink reconnected). Refused while a resident is being served: a restart must not end a session.
   */
  private Future<Void> restartServices() {
    RunningServices running = services;
    if (running != null && !running.runner().idle()) {
      return Future.failedFuture(new IllegalStateException(
          "a resident is being served; restart refused, send it again later"));
    }
    LOG.info("agent {} restarting its services (restart command)", deviceId());
    return stopServices().compose(v -> startServices()).mapEmpty();
  }

  /** Longest wait for a resident's session to end before a new config restarts the services anyway. */
  private static final java.time.Duration RECONFIGURE_IDLE_WAIT = java.time.Duration.ofMinutes(5);

  /** The remote control (config bundles, commands): register command handlers on {@code remote().handlers()}. */
  public RemoteControl remote() {
    return remote;
  }

  /** The config bundle version in force (0: the local config alone). */
  public Future<Long> configVersion() {
    return onContext(() -> Future.succeededFuture(configVersion));
  }

  /** The effective configuration in force. */
  public Future<DoorstepConfig> effectiveConfig() {
    return onContext(() -> Future.succeededFuture(config));
  }

  /**
   * Starts the services for the config in force ({@link ServiceStartup}: one flat chain of steps) and keeps them
   * as the running value. On failure nothing of them stays open.
   */
  private Future<RunningServices> startServices() {
    return new ServiceStartup(vertx, ctx, config, configVersion, options, health, readiness, metrics, simulators, remote,
        sessionListener).start().map(s -> services = s);
  }

  @Override
  public Future<?> stop() {
    return stopServices().eventually(() -> remote == null ? Future.succeededFuture() : remote.close());
  }

  /** Closes the running services, if any (the last started first), and forgets them. */
  private Future<Void> stopServices() {
    RunningServices s = services;
    services = null;
    if (s == null) {
      return Future.succeededFuture();
    }
    return s.close().onComplete(r -> LOG.info("agent {} stopped", config.device().id()));
  }

  // ---- API for the CLI, the demo and end-to-end tests (callable from any thread once deployed) ----

  /** The device id. */
  public String deviceId() {
    return config.device().id();
  }

  /**
   * The uplink's TLS identity: always the current device (or, in the SM suite, TLS) certificate and
   * key, trusting the fleet TLS CA; renewals replace it in place. This is the
   * {@code Supplier<TlsIdentity>} the MQTT uplink consults at every connect to an {@code ssl://} broker.
   */
  public Supplier<TlsIdentity> tlsIdentity() {
    return running().identity().tlsIdentity();
  }

  /** Enrolment and renewal of this kiosk's certificates (after deploy). */
  public DeviceIdentityService identity() {
    return running().identity();
  }

  /** The data directory (device key, outbox). */
  public Path dataDir() {
    return ServiceStartup.dataDirOf(config);
  }

  /**
   * The in-process simulators (insert cards, run out of paper, script face outcomes): the devices of a
   * SIMULATED profile, and of a PTY_SIMULATOR one where no pty could be made. The face check is always this one;
   * the screen too unless {@code local.screen.kind} is BROWSER.
   */
  public Simulators simulators() {
    return simulators;
  }

  /** The kiosk's devices as the profile chose them (pty simulators, GPIO mock, power cycler); after deploy. */
  public KioskDevices kioskDevices() {
    return running().devices();
  }

  /** The kiosk's device health (status words, paper, last errors); the state message shows it. */
  public HealthRegistry health() {
    return health;
  }

  /** The agent's metrics, served at {@code GET /metrics} on the local HTTP API (tests read meters from it). */
  public AgentMetrics metrics() {
    return metrics;
  }

  /** The port of the local HTTP API ({@code GET /api/health}, {@code GET /metrics}); -1 when off or not bound. */
  public int localHttpPort() {
    RunningServices s = services;
    return s == null ? -1 : s.http().port();
  }

  /** The XFS4IoT service publisher ({@code ws://127.0.0.1:PORT/xfs4iot/v1.0}) when {@code local.xfs4iot} runs. */
  public Optional<String> localApiUri() {
    RunningServices s = services;
    return s == null ? Optional.empty() : s.xfs().map(x -> x.publisherUri());
  }

  /** The file with the local API's bearer token (masked scope), when the API runs. */
  public Optional<Path> localApiTokenFile() {
    RunningServices s = services;
    return s == null ? Optional.empty() : s.xfs().map(x -> x.tokenFile());
  }

  /**
   * The resident's page, {@code http://127.0.0.1:PORT/}, when {@code local.screen.kind} is BROWSER
   * (agent/docs/kiosk-screen.md).
   */
  public Optional<String> screenUrl() {
    RunningServices s = services;
    return s == null ? Optional.empty() : s.screen().map(BrowserScreen::url);
  }

  /** The browser screen when {@code local.screen.kind} is BROWSER (tests read its view). */
  public Optional<BrowserScreen> browserScreen() {
    RunningServices s = services;
    return s == null ? Optional.empty() : s.screen();
  }

  /** The OPC UA endpoint ({@code opc.tcp://127.0.0.1:4840/doorstep}) when {@code local.opcUa.enabled}. */
  public Optional<String> opcUaEndpoint() {
    RunningServices s = services;
    return s == null || s.opcUa().port() < 0 ? Optional.empty() : Optional.of(s.opcUa().endpointUrl());
  }

  /** See {@link CertificationRunner#awaitingCardRemoval()}; false while the services (re)start. */
  public boolean awaitingCardRemoval() {
    RunningServices s = services;
    return s != null && s.runner().awaitingCardRemoval();
  }

  /** The certification session as it is now (no personal data once it is wiped). */
  public Future<Session> session() {
    return onContext(() -> Future.succeededFuture(running().runner().session()));
  }

  /**
   * Prints again the receipt of {@code recordId} whose first print failed (paper out …): staff load paper,
   * then reprint. The record was committed regardless.
   */
  public Future<Void> reprint(String recordId) {
    return running().runner().reprint(recordId);
  }

  /** Ids of records whose receipt did not print and can be {@link #reprint reprinted}. */
  public Future<List<String>> unprintedReceipts() {
    return onContext(() -> Future.succeededFuture(running().runner().unprintedRecords()));
  }

  /**
   * Staff inspected the kiosk after a tamper alarm: clears FRAUDATTEMPT and accepts cards again. Refused while
   * the switch is still open.
   *
   * @return true when cleared (or there was no alarm)
   */
  public Future<Boolean> acknowledgeTamper() {
    return onContext(() -> {
      RunningServices s = running();
      boolean cleared = s.tamper().map(TamperGuard::acknowledge).orElse(true);
      if (cleared) {
        s.runner().resume();
      }
      return Future.succeededFuture(cleared);
    });
  }

  /** The outbox (for inspection: {@code find(recordId)} shows delivered/rejected state). */
  public Outbox outbox() {
    return running().outbox();
  }

  /**
   * The encrypted evidence store (face frames, ID photo, document scans) in the data directory: put the
   * bytes, name {@link org.doorstep.agent.privacy.EvidenceRef#toEvidence()} in the record.
   */
  public EvidenceStore evidence() {
    return running().evidence();
  }

  /**
   * The {@value PurgeJob#COMMAND} command: deletes records the fleet answered more than {@code retention}
   * ago, their evidence and orphaned evidence, so that their bytes are gone from the database files.
   *
   * @param retention {@code policy.retention} when empty; {@code PT0S} purges everything acked
   */
  public Future<PurgeReport> purgeNow(Optional<java.time.Duration> retention) {
    PurgeJob purgeJob = running().purgeJob();
    return retention.map(purgeJob::purgeNow).orElseGet(purgeJob::purgeNow);
  }

  /** The crypto suite in force ({@code security.suite}). */
  public CryptoSuite suite() {
    return config.suite();
  }

  /** Records the fleet refused (kept for staff): never delivered, whatever the pending count says. */
  public Future<Long> outboxRefused() {
    return running().outbox().summary(0).map(org.doorstep.agent.records.OutboxSummary::rejected);
  }

  /**
   * Whether the terminal can take certifications now, and if not why (disk full, enrolment refused):
   * what the staff view shows; {@code GET /api/health} serves it under {@code readiness}.
   */
  public Readiness readiness() {
    return readiness;
  }

  /** Records committed but not yet acked. */
  public Future<Long> outboxPending() {
    return running().outbox().pendingCount();
  }

  /** Whether the MQTT session is up. */
  public Future<UplinkStatus> uplinkStatus() {
    // No uplink for a moment while the services restart for a new config.
    return onContext(() -> {
      RunningServices s = services;
      return Future.succeededFuture(s == null ? UplinkStatus.DISCONNECTED : s.uplink().status());
    });
  }

  /** Most QoS 1 publishes ever in flight at once (never above the broker's Receive Maximum). */
  public int maxInFlight() {
    RunningServices s = services;
    return s == null ? 0 : s.uplink().maxInFlight();
  }

  /**
   * Runs one simulated certification through the real flow: places {@code card} on the reader (the
   * in-process simulator, or the reader simulator on the pty, where the real driver reads it), waits for
   * the session to end (consent and face as the simulators are set), takes the card away and waits for the
   * idle screen. Calls are queued: one resident at a time.
   *
   * @return the session's summary (masked); the record, if any, is committed to the outbox
   */
  public Future<SessionSummary> certify(IdCard card) {
    return onContext(() -> {
      Future<SessionSummary> mine = certifications.transform(ignored -> {
        RunningServices s = running();
        CertificationRunner runner = s.runner();
        return runner.whenIdle().compose(v -> {
          Future<SessionSummary> end = runner.nextSessionEnd();
          s.devices().present(card);
          runner.pollNow();
          return end;
        }).compose(summary -> {
          s.devices().takeAway();
          runner.pollNow();
          return runner.whenIdle().map(summary);
        });
      });
      certifications = mine;
      return mine;
    });
  }

  /** Feeds an event into the running session (e.g. {@code new Event.Cancel()} from a screen button). */
  public void fire(Event event) {
    running().runner().fire(event);
  }

  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> action.get().onComplete(p));
    return p.future();
  }

  /** The running services; fails while they (re)start for a new config or after stop. */
  private RunningServices running() {
    RunningServices s = services;
    if (s == null) {
      throw new IllegalStateException("agent " + deviceId() + ": services are not running (starting, "
          + "restarting for a new config, or stopped)");
    }
    return s;
  }
}
