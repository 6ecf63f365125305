package org.doorstep.agent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.wiring.Simulators;
import org.doorstep.agent.vision.liveness.LivenessPolicy;
import org.doorstep.agent.device.gpio.GpioEvent;
import org.doorstep.agent.device.gpio.LightInputs;
import org.doorstep.agent.device.gpio.NoGpio;
import org.doorstep.agent.device.gpio.StatusLight;
import org.doorstep.agent.device.gpio.TamperGuard;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
import org.doorstep.agent.device.wiring.DeviceOptions;
import org.doorstep.agent.device.wiring.KioskDevices;
import org.doorstep.agent.identity.DeviceIdentityService;
import org.doorstep.agent.identity.FileIdentityStore;
import org.doorstep.agent.identity.RenewalPlan;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.local.HealthOpcUaServer;
import org.doorstep.agent.local.AgentMetrics;
import org.doorstep.agent.local.LocalHttpServer;
import org.doorstep.agent.local.OpcUaOptions;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.privacy.EvidenceStore;
import org.doorstep.agent.privacy.FileDataKeyStore;
import org.doorstep.agent.privacy.PurgeJob;
import org.doorstep.agent.privacy.PurgeReport;
import org.doorstep.agent.privacy.SqliteEvidenceStore;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.Outbox;
import org.doorstep.agent.records.OutboxSummary;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.records.RetryBackoff;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.remote.BuiltInCommands;
import org.doorstep.agent.remote.CommandHandler;
import org.doorstep.agent.remote.InForce;
import org.doorstep.agent.remote.RemoteControl;
import org.doorstep.agent.session.CertificationFlow;
import org.doorstep.agent.session.Event;
import org.doorstep.agent.session.FlowPolicy;
import org.doorstep.agent.session.Session;
import org.doorstep.agent.uplink.AckTracker;
import org.doorstep.agent.uplink.PahoUplink;
import org.doorstep.agent.uplink.StateReporter;
import org.doorstep.agent.uplink.UplinkStatus;
import org.doorstep.agent.vision.match.CapturedFrames;
import org.doorstep.agent.vision.match.SealedFileReferencePhotoStore;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.LocalServices;
import org.doorstep.config.profile.Policy;
import org.doorstep.config.profile.Uplink;
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
 * Start-up: device key (generated on first boot, of {@code security.suite}), data key (same), outbox and
 * evidence store (migrated, personal data sealed with the data key), identity (installed
 * certificates; with {@code uplink.enrolment} set and none installed, enrolment over HTTPS in the
 * background), uplink (connecting in the background once enrolled: the kiosk works without its
 * fleet), then the runner shows the idle screen. Stop: the
 * runner stops, {@code online=false} is published, the uplink disconnects, the outbox closes.
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
  /** Liveness challenges used when the policy names none. */
  private static final List<String> DEFAULT_CHALLENGES = List.of("BLINK", "TURN_LEFT", "TURN_RIGHT", "NOD");

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
  private final AgentMetrics metrics;

  private Context ctx;
  private KioskDevices devices;
  private LocalHttpServer http;
  private HealthOpcUaServer opcUa;
  private TamperGuard tamper;
  private StatusLight light;
  private AutoCloseable healthSubscription;
  private long probeTimer = -1;
  private SqliteOutbox outbox;
  private SqliteEvidenceStore evidence;
  private PurgeJob purgeJob;
  private PahoUplink uplink;
  private AckTracker tracker;
  private StateReporter reporter;
  private CertificationRunner runner;
  private SealedFileReferencePhotoStore references;
  private Future<?> certifications = Future.succeededFuture();
  private DeviceIdentityService identity;
  private boolean stopping;

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
          BuiltInCommands.register(r.handlers(), options.agentVersion(), () -> configVersion,
              () -> {
                if (reporter != null) {
                  reporter.report();
                }
              }, () -> devices, r::reload);
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
    if (purgeJob == null) {
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
    Future<Void> idle = runner == null ? Future.succeededFuture()
        : runner.whenIdle().timeout(RECONFIGURE_IDLE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
            .otherwiseEmpty();
    LOG.info("agent {} restarting its services for config version {}", deviceId(), next.version());
    return idle.compose(v -> stopServices())
        .compose(v -> {
          inForce(next);
          return startServices().<Void>mapEmpty();
        })
        .recover(err -> stopServices().transform(x -> Future.failedFuture(err)));
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

  private Future<?> startServices() {
    String deviceId = config.device().id();
    Path dataDir = dataDir();
    Policy policy = config.policy();
    // security.suite is the single switch: device key and signatures, certificates, the cipher at rest.
    CryptoSuite suite = config.suite();
    Uplink.Enrolment enrolment = Optional.ofNullable(config.uplink().enrolment()).orElse(Uplink.Enrolment.NONE);
    identity = new DeviceIdentityService(vertx, new FileIdentityStore(vertx, dataDir, options.clock()), deviceId, suite,
        enrolment, DeviceIdentityService.ENROL_RETRY,
        new RenewalPlan(Optional.ofNullable(enrolment.renewWhenLeftPercent())
            .orElse(Uplink.Enrolment.DEFAULT_RENEW_WHEN_LEFT_PERCENT), RenewalPlan.DEFAULT_RETRY),
        options.clock());
    Policy.Mismatch mismatch = policy.mismatch() == null ? Policy.Mismatch.NONE : policy.mismatch();
    Future<Signer> key = vertx.executeBlocking(() -> {
      warnAboutPreUnificationFiles(dataDir);
      return null;
    }).compose(v -> identity.signingKey()).map(s -> {
      if (s.algorithm() != suite.signatureAlgorithm()) {
        throw new CryptoException("device key " + DeviceKeys.privateKeyFile(dataDir) + " is " + s.algorithm().wireName()
            + " but security.suite " + suite + " signs with " + suite.signatureAlgorithm().wireName()
            + ": keep the old suite, or re-enrol the kiosk with a new key (move the key files away)");
      }
      return s;
    });
    // One data key seals everything personal on the kiosk: outbox payloads, evidence, reference photos.
    Future<EvidenceCipher> cipher = key.compose(signer -> new FileDataKeyStore(vertx, dataDir)
        .dataKey(suite.cipherAlgorithm()).map(k -> {
          references = new SealedFileReferencePhotoStore(vertx, dataDir, suite.cipherAlgorithm(), k,
              mismatch.referencePhotoRetention(), options.clock());
          return EvidenceCipher.of(suite, k);
        }));
    return cipher.compose(c -> SqliteOutbox.open(vertx, dataDir, options.durability(), c)
        .compose(o -> {
          outbox = o;
          return SqliteEvidenceStore.open(vertx, dataDir, c, options.clock());
        })).compose(e -> {
          evidence = e;
          purgeJob = new PurgeJob(vertx, outbox, evidence,
              Objects.requireNonNull(policy.retention(), "policy.retention"), options.clock(), List.of(references));
          return key;
        }).compose(signer -> KioskDevices.open(vertx, profile(), deviceOptions(policy), health, simulators,
        event -> ctx.runOnContext(v -> reporter.changed())).map(d -> {
      devices = d;
      return signer;
    })).map(signer -> {
      RecordFactory factory = new RecordFactory(deviceId, configVersion, options.agentVersion(),
          signer, options.clock());
      reporter = new StateReporter(vertx, uplinkFor(deviceId), deviceId,
          options.agentVersion(), configVersion, this::peripherals, outbox::pendingCount,
          Objects.requireNonNull(policy.heartbeatInterval(), "policy.heartbeatInterval"),
          options.stateCheckInterval(), options.clock());
      remote.attach(uplink);
      // Health changes come from driver, GPIO and Milo threads: report on the agent's context.
      healthSubscription = health.subscribe(change -> {
        if (change.statusChanged()) {
          ctx.runOnContext(v -> reporter.changed());
        }
      });
      tracker = new AckTracker(vertx, outbox, uplink, deviceId,
          Objects.requireNonNull(policy.uploadBatchSize(), "policy.uploadBatchSize"),
          backoff(Objects.requireNonNull(policy.ackTimeout(), "policy.ackTimeout")),
          options.drainInterval(), options.clock(), reporter::changed);
      Policy.Liveness liveness = Objects.requireNonNull(policy.liveness(), "policy.liveness");
      runner = new CertificationRunner(vertx, deviceId,
          new CertificationFlow(FlowPolicy.from(policy, options.zone())),
          devices.reader(), devices.face(), devices.printer(), devices.screen(), outbox, evidence, factory,
          liveness.challenges().isEmpty() ? DEFAULT_CHALLENGES : liveness.challenges(),
          Objects.requireNonNull(liveness.count(), "policy.liveness.count"), options.clock(),
          options.cardPollInterval(), options.tickInterval(),
          entry -> {
            metrics.recordCommitted();
            tracker.kick();
            reporter.changed();
          },
          summary -> {
            metrics.sessionEnded(summary.outcome());
            sessionListener.accept(summary);
          });
      // Registered once (Micrometer keeps the first meter of a name): read through the fields, which a restart renews.
      metrics.outbox(() -> outbox == null
              ? Future.succeededFuture(new OutboxSummary(0, 0, Map.of(), List.of())) : outbox.summary(0))
          .acks(() -> tracker == null ? 0 : tracker.acksReceived(),
              () -> tracker == null ? 0 : tracker.recordsDelivered())
          .uplink(() -> {
            PahoUplink u = uplink;
            return u != null && u.status().connected();
          });
      // The capture carries its kept frame (the OpenCV camera's JPEG): it becomes the next reference photo.
      runner.mismatchSupport(references, CapturedFrames.FROM_CAPTURE);
      wireGpio();
      return signer;
    }).compose(signer -> {
      reporter.start();
      return tracker.start();
    }).compose(v -> identity.start()).compose(v -> startUplink()).compose(v -> {
      purgeJob.start(PurgeJob.DEFAULT_INTERVAL);
      runner.start();
      if (light != null) {
        light.on(new LightInputs.Event.Running(true));
      }
      // The printer is not polled by the session; ask it for its status (paper) as often as the state is checked.
      probeTimer = vertx.setPeriodic(Math.max(10, options.stateCheckInterval().toMillis()),
          id -> devices.probePrinter());
      return startLocalServers(deviceId);
    }).map(v -> {
      LOG.info("agent {} started (data {}, broker {}, key {}, suite {}, reader {}, printer {})", deviceId, dataDir,
          config.uplink().brokerUrl(), DeviceKeys.publicKeyFile(dataDir), suite, devices.readerDriver(),
          devices.printerDriver());
      return null;
    });
  }

  /**
   * Starts the MQTT uplink, at once when the kiosk is enrolled (or enrols by other means), else once
   * enrolment succeeds: until then records wait in the outbox (a fleet would refuse them from an
   * unregistered device, and a TLS broker the connection).
   */
  private Future<Void> startUplink() {
    if (identity.enrols() && !identity.enrolled().succeeded()) {
      PahoUplink u = uplink;
      identity.enrolled().onSuccess(c -> {
        if (!stopping && uplink == u) { // not stopped, nor restarted with a new config meanwhile
          u.start().onFailure(err -> LOG.error("uplink did not start after enrolment: {}", err.getMessage()));
        }
      });
      return Future.succeededFuture();
    }
    return uplink.start();
  }

  /** The second key file and evidence folder of the agent before one data key and one evidence store. */
  private static final List<String> PRE_UNIFICATION_FILES = List.of("local-secret.key", "evidence");

  /**
   * Agents before the data key was unified kept {@code local-secret.key} (reference photos and
   * {@code evidence/} files sealed with it). Nothing reads them any more; they are not deleted
   * automatically (personal data is never destroyed silently), so their presence is logged.
   */
  private static void warnAboutPreUnificationFiles(Path dataDir) {
    for (String name : PRE_UNIFICATION_FILES) {
      Path old = dataDir.resolve(name);
      if (java.nio.file.Files.exists(old)) {
        LOG.warn("{} was left by an agent before the single data key: nothing reads it any more (photos are"
            + " sealed with {}, evidence is kept in {}); reference photos sealed with the old key do not"
            + " authenticate and stay in {}/ until deleted. Delete them and it once they are not needed", old,
            FileDataKeyStore.FILE_NAME, SqliteEvidenceStore.FILE_NAME, SealedFileReferencePhotoStore.FOLDER);
      }
    }
  }

  /** Tamper switch → end session + wipe + FRAUDATTEMPT; presence → wake the screen; status light. */
  private void wireGpio() {
    if (devices.gpio() instanceof NoGpio) {
      return;
    }
    tamper = new TamperGuard(health, options.clock())
        .onTamper(() -> runner.abortAndWipe())
        .onReport(alarm -> ctx.runOnContext(v -> reporter.changed()));
    light = new StatusLight(vertx, devices.gpio(), health);
    runner.onActivity(active -> light.on(new LightInputs.Event.Session(active)));
    devices.gpio().onEvent(event -> {
      tamper.accept(event);
      if (event instanceof GpioEvent.PresenceChanged p && p.present()) {
        devices.screen().wake().onFailure(err -> LOG.debug("screen did not wake: {}", err.getMessage()));
      }
    });
  }

  private Future<Void> startLocalServers(String deviceId) {
    LocalServices local = config.local() == null ? LocalServices.NONE : config.local();
    http = new LocalHttpServer(vertx, Optional.ofNullable(local.httpPort()).orElse(LocalServices.DISABLED),
        Optional.ofNullable(local.httpBind()).orElse(LocalServices.LOOPBACK), deviceId, health, outbox::summary,
        metrics);
    LocalServices.OpcUa o = local.opcUa() == null ? LocalServices.OpcUa.OFF : local.opcUa();
    opcUa = new HealthOpcUaServer(vertx, new OpcUaOptions(Boolean.TRUE.equals(o.enabled()),
        Optional.ofNullable(o.bind()).orElse(OpcUaOptions.DEFAULT_BIND_HOST),
        Optional.ofNullable(o.port()).orElse(OpcUaOptions.DEFAULT_PORT)), deviceId, AgentVersion.current(), health);
    // Neither is needed to certify: a failure is logged (by the server) and the agent runs on.
    return http.start().compose(port -> opcUa.start().otherwiseEmpty()).mapEmpty();
  }

  private DeviceProfile profile() {
    DeviceProfile p = config.devices();
    return p != null ? p : new DeviceProfile(null, null, null, null);
  }

  /** Ack timeout doubling to {@link RetryBackoff#DEFAULT_CAP}, or to the ack timeout itself when it is longer. */
  private static RetryBackoff backoff(java.time.Duration ackTimeout) {
    return new RetryBackoff(ackTimeout,
        ackTimeout.compareTo(RetryBackoff.DEFAULT_CAP) > 0 ? ackTimeout : RetryBackoff.DEFAULT_CAP);
  }

  private PahoUplink uplinkFor(String deviceId) {
    String url = Objects.requireNonNull(config.uplink().brokerUrl(), "uplink.brokerUrl");
    uplink = new PahoUplink(vertx, url, deviceId, Topics.topic(deviceId, Topics.Channel.STATE),
        () -> reporter.offlinePayload(), options.reconnect(),
        // An injected identity (tests, host software) wins; else the kiosk's own certificate, current at each connect.
        options.tlsIdentity() != null ? options.tlsIdentity() : identity.tlsIdentity());
    return uplink;
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    return stopServices().eventually(() -> remote == null ? Future.succeededFuture() : remote.close());
  }

  /** Stops what {@link #startServices()} started (whatever part of it did start) and forgets it. */
  private Future<Void> stopServices() {
    return stopStarted().<Void>mapEmpty().eventually(() -> {
      probeTimer = -1;
      runner = null;
      healthSubscription = null;
      light = null;
      tamper = null;
      http = null;
      opcUa = null;
      tracker = null;
      reporter = null;
      uplink = null;
      devices = null;
      outbox = null;
      evidence = null;
      purgeJob = null;
      identity = null;
      return Future.succeededFuture();
    });
  }

  private Future<?> stopStarted() {
    if (identity != null) {
      identity.stop();
    }
    if (probeTimer >= 0) {
      vertx.cancelTimer(probeTimer);
    }
    if (runner != null) {
      runner.stop();
    }
    if (purgeJob != null) {
      purgeJob.stop();
    }
    if (healthSubscription != null) {
      try {
        healthSubscription.close();
      } catch (Exception e) {
        LOG.debug("health unsubscribe failed", e);
      }
    }
    Future<Void> local = Future.join(light == null ? Future.succeededFuture() : light.close(),
        http == null ? Future.succeededFuture() : http.stop(),
        opcUa == null ? Future.succeededFuture() : opcUa.stop()).otherwiseEmpty().mapEmpty();
    if (tracker != null) {
      tracker.stop();
    }
    if (reporter != null) {
      reporter.stop();
    }
    Future<Void> offline = reporter == null ? Future.succeededFuture()
        : reporter.reportOffline().recover(err -> Future.succeededFuture());
    return offline
        .compose(v -> local)
        .compose(v -> uplink == null ? Future.succeededFuture() : uplink.stop())
        .eventually(() -> devices == null ? Future.succeededFuture() : devices.close())
        .eventually(() -> outbox == null ? Future.succeededFuture() : outbox.close())
        .eventually(() -> evidence == null ? Future.succeededFuture() : evidence.close())
        .onComplete(r -> LOG.info("agent {} stopped", config.device().id()));
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
    return identity.tlsIdentity();
  }

  /** Enrolment and renewal of this kiosk's certificates (after deploy). */
  public DeviceIdentityService identity() {
    return identity;
  }

  /** The data directory (device key, outbox). */
  public Path dataDir() {
    return Path.of(Objects.requireNonNull(config.device().dataDir(), "device.dataDir"));
  }

  /**
   * The in-process simulators (insert cards, run out of paper, script face outcomes): the devices of a
   * SIMULATED profile, and of a PTY_SIMULATOR one where no pty could be made. The face check and screen are
   * always these.
   */
  public Simulators simulators() {
    return simulators;
  }

  /** The kiosk's devices as the profile chose them (pty simulators, GPIO mock, power cycler); after deploy. */
  public KioskDevices kioskDevices() {
    return devices;
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
    return http == null ? -1 : http.port();
  }

  /** The OPC UA endpoint ({@code opc.tcp://127.0.0.1:4840/doorstep}) when {@code local.opcUa.enabled}. */
  public Optional<String> opcUaEndpoint() {
    return opcUa == null || opcUa.port() < 0 ? Optional.empty() : Optional.of(opcUa.endpointUrl());
  }

  /** The certification session as it is now (no personal data once it is wiped). */
  public Future<Session> session() {
    return onContext(() -> Future.succeededFuture(runner.session()));
  }

  /**
   * Prints again the receipt of {@code recordId} whose first print failed (paper out …): staff load paper,
   * then reprint. The record was committed regardless.
   */
  public Future<Void> reprint(String recordId) {
    return runner.reprint(recordId);
  }

  /** Ids of records whose receipt did not print and can be {@link #reprint reprinted}. */
  public Future<List<String>> unprintedReceipts() {
    return onContext(() -> Future.succeededFuture(runner.unprintedRecords()));
  }

  /**
   * Staff inspected the kiosk after a tamper alarm: clears FRAUDATTEMPT and accepts cards again. Refused while
   * the switch is still open.
   *
   * @return true when cleared (or there was no alarm)
   */
  public Future<Boolean> acknowledgeTamper() {
    return onContext(() -> {
      boolean cleared = tamper == null || tamper.acknowledge();
      if (cleared) {
        runner.resume();
      }
      return Future.succeededFuture(cleared);
    });
  }

  /** The outbox (for inspection: {@code find(recordId)} shows delivered/rejected state). */
  public Outbox outbox() {
    return outbox;
  }

  /**
   * The encrypted evidence store (face frames, ID photo, document scans) in the data directory: put the
   * bytes, name {@link org.doorstep.agent.privacy.EvidenceRef#toEvidence()} in the record.
   */
  public EvidenceStore evidence() {
    return evidence;
  }

  /**
   * The {@value PurgeJob#COMMAND} command: deletes records the fleet answered more than {@code retention}
   * ago, their evidence and orphaned evidence, so that their bytes are gone from the database files.
   *
   * @param retention {@code policy.retention} when empty; {@code PT0S} purges everything acked
   */
  public Future<PurgeReport> purgeNow(Optional<java.time.Duration> retention) {
    return retention.map(purgeJob::purgeNow).orElseGet(purgeJob::purgeNow);
  }

  /** The crypto suite in force ({@code security.suite}). */
  public CryptoSuite suite() {
    return config.suite();
  }

  /** Records committed but not yet acked. */
  public Future<Long> outboxPending() {
    return outbox.pendingCount();
  }

  /** Whether the MQTT session is up. */
  public Future<UplinkStatus> uplinkStatus() {
    // No uplink for a moment while the services restart for a new config.
    return onContext(() -> Future.succeededFuture(uplink == null ? UplinkStatus.DISCONNECTED : uplink.status()));
  }

  /** Most QoS 1 publishes ever in flight at once (never above the broker's Receive Maximum). */
  public int maxInFlight() {
    PahoUplink u = uplink;
    return u == null ? 0 : u.maxInFlight();
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
      Future<SessionSummary> mine = certifications.transform(ignored -> runner.whenIdle().compose(v -> {
        Future<SessionSummary> end = runner.nextSessionEnd();
        devices.present(card);
        runner.pollNow();
        return end;
      }).compose(summary -> {
        devices.takeAway();
        runner.pollNow();
        return runner.whenIdle().map(summary);
      }));
      certifications = mine;
      return mine;
    });
  }

  /** The numbers of the real face check's challenges: time limit and retries from {@code policy.liveness}. */
  private DeviceOptions deviceOptions(Policy policy) {
    return new DeviceOptions(options.clock(), options.zone(), options.gpioMock(), options.powerCyclePolicy(),
        options.faceMatcher(), livenessPolicy(policy));
  }

  private static LivenessPolicy livenessPolicy(Policy policy) {
    Policy.Liveness l = Objects.requireNonNull(policy.liveness(), "policy.liveness");
    return LivenessPolicy.of(Objects.requireNonNull(l.perChallenge(), "policy.liveness.perChallenge"),
        l.retries() == null ? 1 : l.retries());
  }

  /** Feeds an event into the running session (e.g. {@code new Event.Cancel()} from a screen button). */
  public void fire(Event event) {
    runner.fire(event);
  }

  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> action.get().onComplete(p));
    return p.future();
  }

  /** The status words of the health registry (no device I/O: drivers keep it current). */
  private Future<Map<String, String>> peripherals() {
    return Future.succeededFuture(health.snapshot().statusWords());
  }

}
