package org.doorstep.agent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.doorstep.agent.RunningServices.Closer;
import org.doorstep.agent.device.gpio.GpioEvent;
import org.doorstep.agent.device.gpio.LightInputs;
import org.doorstep.agent.device.gpio.NoGpio;
import org.doorstep.agent.device.gpio.StatusLight;
import org.doorstep.agent.device.gpio.TamperGuard;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.idcard.IdCardReader;
import org.doorstep.agent.device.sscard.NoSocialSecurityCardReader;
import org.doorstep.agent.device.wiring.DeviceOptions;
import org.doorstep.agent.device.wiring.KioskDevices;
import org.doorstep.agent.device.wiring.Simulators;
import org.doorstep.agent.identity.DeviceIdentityService;
import org.doorstep.agent.identity.FileIdentityStore;
import org.doorstep.agent.identity.RenewalPlan;
import org.doorstep.agent.kiosk.CardReaders;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.local.HealthOpcUaServer;
import org.doorstep.agent.local.AgentMetrics;
import org.doorstep.agent.local.LocalHttpServer;
import org.doorstep.agent.local.OpcUaOptions;
import org.doorstep.agent.local.xfs.BiometricService;
import org.doorstep.agent.local.xfs.CardReaderService;
import org.doorstep.agent.local.xfs.DoorstepService;
import org.doorstep.agent.local.xfs.PrinterService;
import org.doorstep.agent.local.xfs.XfsServer;
import org.doorstep.agent.local.xfs.XfsTokens;
import org.doorstep.agent.privacy.FileDataKeyStore;
import org.doorstep.agent.privacy.PurgeJob;
import org.doorstep.agent.privacy.SqliteEvidenceStore;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.records.RetryBackoff;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.local.Screen;
import org.doorstep.agent.screen.BrowserScreen;
import org.doorstep.agent.screen.flow.ScreenFlow;
import org.doorstep.agent.readiness.Readiness;
import org.doorstep.agent.remote.RemoteControl;
import org.doorstep.agent.session.CertificationFlow;
import org.doorstep.agent.session.FlowPolicy;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.uplink.AckTracker;
import org.doorstep.agent.uplink.PahoUplink;
import org.doorstep.agent.uplink.StateReporter;
import org.doorstep.agent.vision.liveness.LivenessPolicy;
import org.doorstep.agent.vision.match.CapturedFrames;
import org.doorstep.agent.vision.match.SealedFileReferencePhotoStore;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.LocalServices;
import org.doorstep.config.profile.Policy;
import org.doorstep.config.profile.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the agent's services for one effective configuration and gives them back as one {@link RunningServices}
 * value. One use per start: the steps of {@link #start()} run in order, each opening or starting one thing and
 * registering how to close it; when a step fails, what the earlier steps started is closed (last first) and the
 * start fails with that step's error.
 *
 * <p>Order: device key (of {@code security.suite}), data key and reference photos, outbox, evidence store and
 * purge job, the resident's screen, devices, uplink and state reporter, ack tracker, certification runner and GPIO, then reporting,
 * identity (enrolment in the background), the uplink (at once when enrolled, else after enrolment), sessions and
 * the printer probe, the local HTTP and OPC UA servers, and last the XFS4IoT local API. To add a step: one method that returns a future,
 * keeps what it made in a field and registers its {@link Closer}, and one {@code compose} line in {@link #start()}.
 *
 * <p>Runs on the agent's context; not thread-safe.
 */
final class ServiceStartup {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceStartup.class);
  /** Liveness challenges used when the policy names none. */
  static final List<String> DEFAULT_CHALLENGES = List.of("BLINK", "TURN_LEFT", "TURN_RIGHT", "NOD");
  /** The second key file and evidence folder of the agent before one data key and one evidence store. */
  private static final List<String> PRE_UNIFICATION_FILES = List.of("local-secret.key", "evidence");

  private final Vertx vertx;
  private final Context ctx;
  private final DoorstepConfig config;
  private final long configVersion;
  private final AgentOptions options;
  private final HealthRegistry health;
  private final Readiness readiness;
  private TerminalGuards guards;
  private final AgentMetrics metrics;
  private final Simulators simulators;
  private final RemoteControl remote;
  private final Consumer<SessionSummary> sessionListener;
  private final String deviceId;
  private final Path dataDir;
  private final Policy policy;
  private final CryptoSuite suite;
  private final List<Closer> closers = new ArrayList<>();
  /** False once closing began: an enrolment that completes later must not start this uplink. */
  private boolean open = true;

  // What the steps made, in the order they make it.
  private DeviceIdentityService identity;
  private Signer signer;
  private EvidenceCipher cipher;
  private SealedFileReferencePhotoStore references;
  private SqliteOutbox outbox;
  private SqliteEvidenceStore evidence;
  private PurgeJob purgeJob;
  private Screen screen;
  private BrowserScreen browserScreen;
  private KioskDevices devices;
  private PahoUplink uplink;
  private StateReporter reporter;
  private AckTracker tracker;
  private CertificationRunner runner;
  private TamperGuard tamper;
  private StatusLight light;
  private LocalHttpServer http;
  private HealthOpcUaServer opcUa;
  private XfsServer xfs;

  ServiceStartup(Vertx vertx, Context ctx, DoorstepConfig config, long configVersion, AgentOptions options,
      HealthRegistry health, Readiness readiness, AgentMetrics metrics, Simulators simulators, RemoteControl remote,
      Consumer<SessionSummary> sessionListener) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.config = config;
    this.configVersion = configVersion;
    this.options = options;
    this.health = health;
    this.readiness = readiness;
    this.metrics = metrics;
    this.simulators = simulators;
    this.remote = remote;
    this.sessionListener = sessionListener;
    this.deviceId = config.device().id();
    this.dataDir = dataDirOf(config);
    this.policy = config.policy();
    // security.suite is the single switch: device key and signatures, certificates, the cipher at rest.
    this.suite = config.suite();
  }

  /** The data directory (device key, outbox) of {@code config}. */
  static Path dataDirOf(DoorstepConfig config) {
    return Path.of(Objects.requireNonNull(config.device().dataDir(), "device.dataDir"));
  }

  /** Runs every step; the running services, or the first step's failure with everything before it closed. */
  Future<RunningServices> start() {
    return Future.<Void>succeededFuture()
        .compose(v -> signingKey())
        .compose(v -> dataKey())
        .compose(v -> openOutbox())
        .compose(v -> openEvidence())
        .compose(v -> openScreen())
        .compose(v -> openDevices())
        .compose(v -> wireServices())
        .compose(v -> startReporting())
        .compose(v -> guards.start())
        .compose(v -> startIdentity())
        .compose(v -> startUplink())
        .compose(v -> learnFleetSequence())
        .compose(v -> startSessions())
        .compose(v -> startLocalServers())
        .compose(v -> startLocalApi())
        .map(v -> {
          LOG.info("agent {} started (data {}, broker {}, key {}, suite {}, reader {}, printer {})", deviceId,
              dataDir, config.uplink().brokerUrl(), DeviceKeys.publicKeyFile(dataDir), suite, devices.readerDriver(),
              devices.printerDriver());
          return new RunningServices(identity, outbox, evidence, purgeJob, devices, uplink, reporter, runner,
              Optional.ofNullable(tamper), http, opcUa, Optional.ofNullable(xfs), Optional.ofNullable(browserScreen),
              closers);
        })
        .recover(err -> close().transform(x -> Future.failedFuture(err)));
  }

  private Future<Void> close() {
    open = false;
    return RunningServices.closeAll(closers);
  }

  private void onClose(Closer closer) {
    closers.add(closer);
  }

  // ---- the steps ----------------------------------------------------------------------------------

  /** The device key, via the identity service (created here, started later); its suite must match. */
  private Future<Void> signingKey() {
    Uplink.Enrolment enrolment = Optional.ofNullable(config.uplink().enrolment()).orElse(Uplink.Enrolment.NONE);
    identity = new DeviceIdentityService(vertx, new FileIdentityStore(vertx, dataDir, options.clock()), deviceId,
        suite, enrolment, DeviceIdentityService.ENROL_RETRY,
        new RenewalPlan(Optional.ofNullable(enrolment.renewWhenLeftPercent())
            .orElse(Uplink.Enrolment.DEFAULT_RENEW_WHEN_LEFT_PERCENT), RenewalPlan.DEFAULT_RETRY),
        options.clock());
    // Free space checked as often as the state: 5 s in production.
    guards = new TerminalGuards(vertx, dataDir, options.diskReserveBytes(), options.stateCheckInterval(), readiness);
    onClose(Closer.now("terminal guards", guards::stop));
    guards.watch(identity);
    return vertx.executeBlocking(() -> {
      warnAboutPreUnificationFiles(dataDir);
      return null;
    }).compose(v -> identity.signingKey()).map(s -> {
      if (s.algorithm() != suite.signatureAlgorithm()) {
        throw new CryptoException("device key " + DeviceKeys.privateKeyFile(dataDir) + " is "
            + s.algorithm().wireName() + " but security.suite " + suite + " signs with "
            + suite.signatureAlgorithm().wireName()
            + ": keep the old suite, or re-enrol the kiosk with a new key (move the key files away)");
      }
      signer = s;
      return null;
    });
  }

  /** One data key seals everything personal on the kiosk: outbox payloads, evidence, reference photos. */
  private Future<Void> dataKey() {
    Policy.Mismatch mismatch = policy.mismatch() == null ? Policy.Mismatch.NONE : policy.mismatch();
    return new FileDataKeyStore(vertx, dataDir).dataKey(suite.cipherAlgorithm()).map(k -> {
      references = new SealedFileReferencePhotoStore(vertx, dataDir, suite.cipherAlgorithm(), k,
          mismatch.referencePhotoRetention(), options.clock());
      cipher = EvidenceCipher.of(suite, k);
      return null;
    });
  }

  private Future<Void> openOutbox() {
    return SqliteOutbox.open(vertx, dataDir, options.durability(), cipher).compose(o -> {
      outbox = o;
      onClose(new Closer("outbox", o::close));
      return OutboxContinuity.check(o, remote.store(), dataDir.resolve(SqliteOutbox.FILE_NAME).toString(),
          options.acceptOutboxLoss());
    });
  }

  private Future<Void> openEvidence() {
    return SqliteEvidenceStore.open(vertx, dataDir, cipher, options.clock()).map(e -> {
      evidence = e;
      onClose(new Closer("evidence store", e::close));
      purgeJob = new PurgeJob(vertx, outbox, evidence,
          Objects.requireNonNull(policy.retention(), "policy.retention"), options.clock(), List.of(references));
      onClose(Closer.now("purge job", purgeJob::stop));
      return null;
    });
  }

  /**
   * The resident's screen ({@code local.screen}): the answering {@code AutoScreen} of the simulators, or the page on
   * loopback for Chromium ({@link BrowserScreen}), bound now: a kiosk whose screen cannot listen cannot serve
   * anyone, so that fails the start (naming the port).
   */
  private Future<Void> openScreen() {
    LocalServices local = config.local() == null ? LocalServices.NONE : config.local();
    LocalServices.Screen s = Optional.ofNullable(local.screen()).orElse(LocalServices.Screen.AUTO);
    if (s.kind() != LocalServices.Screen.Kind.BROWSER) {
      screen = simulators.screen();
      return Future.succeededFuture();
    }
    Policy.Liveness liveness = Objects.requireNonNull(policy.liveness(), "policy.liveness");
    BrowserScreen b = new BrowserScreen(vertx,
        Optional.ofNullable(s.port()).orElse(LocalServices.Screen.DEFAULT_PORT),
        new ScreenFlow(Optional.ofNullable(s.idleTimeout()).orElse(LocalServices.Screen.DEFAULT_IDLE_TIMEOUT),
            Objects.requireNonNull(liveness.perChallenge(), "policy.liveness.perChallenge")),
        options.clock(), BrowserScreen.formsFont());
    return b.start().map(port -> {
      browserScreen = b;
      screen = b;
      onClose(new Closer("screen", b::stop));
      return null;
    });
  }

  private Future<Void> openDevices() {
    return KioskDevices.open(vertx, profile(), deviceOptions(), health, simulators, screen,
        event -> ctx.runOnContext(v -> reportChange())).map(d -> {
          devices = d;
          onClose(new Closer("devices", d::close));
          return null;
        });
  }

  /** Uplink, state reporter, ack tracker, certification runner and GPIO: made and connected, not started. */
  private Future<Void> wireServices() {
    String url = Objects.requireNonNull(config.uplink().brokerUrl(), "uplink.brokerUrl");
    uplink = new PahoUplink(vertx, url, deviceId, Topics.topic(deviceId, Topics.Channel.STATE),
        () -> reporter.offlinePayload(), options.reconnect(),
        // An injected identity (tests, host software) wins; else the kiosk's own certificate, current at each connect.
        options.tlsIdentity() != null ? options.tlsIdentity() : identity.tlsIdentity());
    onClose(new Closer("uplink", uplink::stop));
    reporter = new StateReporter(vertx, uplink, deviceId, options.agentVersion(),
        Optional.ofNullable(config.device().kind()).map(Enum::name), configVersion, this::peripherals,
        () -> health.snapshot().faultCodes(), outbox::backlog,
        Objects.requireNonNull(policy.heartbeatInterval(), "policy.heartbeatInterval"),
        options.stateCheckInterval(), options.clock());
    StateReporter r = reporter;
    // Closed before the uplink: online=false is published while the session is still up.
    onClose(new Closer("state reporter", () -> {
      r.stop();
      return r.reportOffline().recover(err -> Future.succeededFuture());
    }));
    remote.attach(uplink);
    // Health changes come from driver, GPIO and Milo threads: report on the agent's context.
    AutoCloseable healthSubscription = health.subscribe(change -> {
      if (change.statusChanged()) {
        ctx.runOnContext(v -> reportChange());
      }
    });
    onClose(Closer.now("health subscription", () -> {
      try {
        healthSubscription.close();
      } catch (Exception e) {
        LOG.debug("health unsubscribe failed", e);
      }
    }));
    tracker = new AckTracker(vertx, outbox, uplink, deviceId,
        Objects.requireNonNull(policy.uploadBatchSize(), "policy.uploadBatchSize"),
        backoff(Objects.requireNonNull(policy.ackTimeout(), "policy.ackTimeout")),
        options.drainInterval(), options.clock(), reporter::changed);
    onClose(Closer.now("ack tracker", tracker::stop));
    RecordFactory factory = new RecordFactory(deviceId, configVersion, options.agentVersion(), signer,
        options.clock());
    Policy.Liveness liveness = Objects.requireNonNull(policy.liveness(), "policy.liveness");
    // The card step takes the social-security card too when the terminal has its reader (social-security-card.md §8).
    boolean ssCards = !(devices.socialSecurityCard() instanceof NoSocialSecurityCardReader);
    IdCardReader cardStep = ssCards ? new CardReaders(devices.reader(), devices.socialSecurityCard())
        : devices.reader();
    runner = new CertificationRunner(vertx, deviceId,
        new CertificationFlow(FlowPolicy.from(policy, options.zone())),
        cardStep, devices.face(), devices.printer(), devices.screen(), outbox, evidence, factory,
        liveness.challenges().isEmpty() ? DEFAULT_CHALLENGES : liveness.challenges(),
        Objects.requireNonNull(liveness.count(), "policy.liveness.count"), options.clock(),
        options.cardPollInterval(), options.tickInterval(),
        entry -> {
          OutboxContinuity.committed(remote.store(), entry);
          metrics.recordCommitted();
          tracker.kick();
          reporter.changed();
        },
        summary -> {
          metrics.sessionEnded(summary.outcome());
          sessionListener.accept(summary);
        });
    // The meters are registered once per agent; each start points them at its own parts.
    SqliteOutbox box = outbox;
    AckTracker acks = tracker;
    PahoUplink link = uplink;
    metrics.outbox(() -> box.summary(0))
        .acks(acks::acksReceived, acks::recordsDelivered)
        .uplink(() -> link.status().connected());
    onClose(Closer.now("certification runner", runner::stop));
    // The capture carries its kept frame (the OpenCV camera's JPEG): it becomes the next reference photo.
    runner.mismatchSupport(references, CapturedFrames.FROM_CAPTURE);
    if (ssCards) {
      runner.placeCardMessage(ResidentMessage.PLACE_ID_OR_SOCIAL_SECURITY_CARD);
    }
    runner.admission(guards.admission());
    wireGpio();
    return Future.succeededFuture();
  }

  /** Tamper switch → end session + wipe + FRAUDATTEMPT; presence → wake the screen; status light. */
  private void wireGpio() {
    if (devices.gpio() instanceof NoGpio) {
      return;
    }
    tamper = new TamperGuard(health, options.clock())
        .onTamper(() -> runner.abortAndWipe())
        .onReport(alarm -> ctx.runOnContext(v -> reportChange()));
    light = new StatusLight(vertx, devices.gpio(), health);
    onClose(new Closer("status light", light::close));
    runner.onActivity(active -> light.on(new LightInputs.Event.Session(active)));
    devices.gpio().onEvent(event -> {
      tamper.accept(event);
      if (event instanceof GpioEvent.PresenceChanged p && p.present()) {
        devices.screen().wake().onFailure(err -> LOG.debug("screen did not wake: {}", err.getMessage()));
      }
    });
  }

  private Future<Void> startReporting() {
    reporter.start();
    return tracker.start();
  }

  private Future<Void> startIdentity() {
    onClose(Closer.now("identity", identity::stop));
    return identity.start();
  }

  /**
   * Starts the MQTT uplink, at once when the kiosk is enrolled (or enrols by other means), else once
   * enrolment succeeds: until then records wait in the outbox (a fleet would refuse them from an
   * unregistered device, and a TLS broker the connection).
   */
  private Future<Void> startUplink() {
    onClose(Closer.now("uplink after enrolment", () -> open = false));
    if (identity.enrols() && !identity.enrolled().succeeded()) {
      PahoUplink u = uplink;
      identity.enrolled().onSuccess(c -> {
        if (open) { // not stopped, nor restarted with a new config meanwhile
          u.start().onFailure(err -> LOG.error("uplink did not start after enrolment: {}", err.getMessage()));
        }
      });
      return Future.succeededFuture();
    }
    return uplink.start();
  }

  /**
   * Asks the fleet for its mark of this kiosk's sequence before the first resident (waiting at most
   * {@link FleetSequenceCheck#START_WAIT}), and again at every uplink connect: a kiosk that lost both its
   * outbox and control database is behind the fleet and refuses residents. Never fails the start.
   */
  private Future<Void> learnFleetSequence() {
    FleetSequenceCheck check = new FleetSequenceCheck(identity, outbox, remote.store(), readiness,
        options.acceptOutboxLoss());
    uplink.addStatusHandler(status -> {
      if (status.connected() && open) {
        check.check();
      }
    });
    return check.check().timeout(FleetSequenceCheck.START_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .otherwiseEmpty().mapEmpty();
  }

  /** Purge schedule, the certification runner, the status light and the printer probe. */
  private Future<Void> startSessions() {
    purgeJob.start(PurgeJob.DEFAULT_INTERVAL);
    runner.start();
    if (light != null) {
      light.on(new LightInputs.Event.Running(true));
    }
    // The printer is not polled by the session; ask it for its status (paper) as often as the state is checked.
    long probeTimer = vertx.setPeriodic(Math.max(10, options.stateCheckInterval().toMillis()),
        id -> devices.probePrinter());
    onClose(Closer.now("printer probe", () -> vertx.cancelTimer(probeTimer)));
    return Future.succeededFuture();
  }

  private Future<Void> startLocalServers() {
    LocalServices local = config.local() == null ? LocalServices.NONE : config.local();
    http = new LocalHttpServer(vertx, Optional.ofNullable(local.httpPort()).orElse(LocalServices.DISABLED),
        Optional.ofNullable(local.httpBind()).orElse(LocalServices.LOOPBACK), deviceId, health, readiness,
        outbox::summary, metrics);
    onClose(new Closer("local HTTP API", http::stop));
    LocalServices.OpcUa o = local.opcUa() == null ? LocalServices.OpcUa.OFF : local.opcUa();
    opcUa = new HealthOpcUaServer(vertx, new OpcUaOptions(Boolean.TRUE.equals(o.enabled()),
        Optional.ofNullable(o.bind()).orElse(OpcUaOptions.DEFAULT_BIND_HOST),
        Optional.ofNullable(o.port()).orElse(OpcUaOptions.DEFAULT_PORT)), deviceId, AgentVersion.current(), health);
    onClose(new Closer("OPC UA server", opcUa::stop));
    // Neither is needed to certify: a failure is logged (by the server) and the agent runs on.
    return http.start().compose(port -> opcUa.start().otherwiseEmpty()).mapEmpty();
  }

  /**
   * The XFS4IoT local API for bank host software ({@code local.xfs4iot}, docs/local-api.md): token file
   * (created if missing), then the publisher and the CardReader and Printer services. A host's card read holds
   * the kiosk's own flow off the reader. Not needed to certify: a failure is logged and the agent runs on.
   */
  private Future<Void> startLocalApi() {
    LocalServices local = config.local() == null ? LocalServices.NONE : config.local();
    LocalServices.Xfs4Iot x = local.xfs4iot() == null ? LocalServices.Xfs4Iot.OFF : local.xfs4iot();
    int port = Optional.ofNullable(x.port()).orElse(LocalServices.DISABLED);
    if (port == LocalServices.DISABLED) {
      return Future.succeededFuture();
    }
    String configured = Optional.ofNullable(x.tokenFile()).orElse("");
    Path tokenFile = configured.isBlank() ? dataDir.resolve(XfsTokens.DEFAULT_FILE) : Path.of(configured);
    CertificationRunner r = runner;
    CardReaderService.ReaderHold hold = new CardReaderService.ReaderHold() {
      @Override
      public boolean hold() {
        return r.holdForHost();
      }

      @Override
      public void release() {
        r.releaseForHost();
      }
    };
    return vertx.executeBlocking(() -> XfsTokens.load(tokenFile)).compose(tokens -> {
      XfsServer server = new XfsServer(vertx, port, tokens, List.of(
          new CardReaderService(vertx, devices.reader(), health, hold),
          new PrinterService(devices.printer(), health, deviceId, options.clock()),
          new DoorstepService(vertx, r, devices.screen(), config.services(), health),
          new BiometricService(vertx, r, devices.face(), devices.screen(), health)));
      return server.start().map(p -> {
        xfs = server;
        onClose(new Closer("XFS4IoT local API", server::stop));
        return (Void) null;
      });
    }).recover(err -> {
      LOG.warn("XFS4IoT local API not started: {}", err.getMessage());
      return Future.succeededFuture();
    });
  }

  // ---- helpers --------------------------------------------------------------------------------------

  /** A device's power cycle or a health change before the reporter exists is reported by the first state. */
  private void reportChange() {
    if (reporter != null) {
      reporter.changed();
    }
  }

  private DeviceProfile profile() {
    DeviceProfile p = config.devices();
    return p != null ? p : new DeviceProfile(null, null, null, null);
  }

  private DeviceOptions deviceOptions() {
    return new DeviceOptions(options.clock(), options.zone(), options.gpioMock(), options.powerCyclePolicy(),
        options.faceMatcher(), livenessPolicy(policy));
  }

  /** The numbers of the real face check's challenges: time limit and retries from {@code policy.liveness}. */
  private static LivenessPolicy livenessPolicy(Policy policy) {
    Policy.Liveness l = Objects.requireNonNull(policy.liveness(), "policy.liveness");
    return LivenessPolicy.of(Objects.requireNonNull(l.perChallenge(), "policy.liveness.perChallenge"),
        l.retries() == null ? 1 : l.retries());
  }

  /** Ack timeout doubling to {@link RetryBackoff#DEFAULT_CAP}, or to the ack timeout itself when it is longer. */
  private static RetryBackoff backoff(Duration ackTimeout) {
    return new RetryBackoff(ackTimeout,
        ackTimeout.compareTo(RetryBackoff.DEFAULT_CAP) > 0 ? ackTimeout : RetryBackoff.DEFAULT_CAP);
  }

  /** The status words of the health registry (no device I/O: drivers keep it current). */
  private Future<Map<String, String>> peripherals() {
    return Future.succeededFuture(health.snapshot().statusWords());
  }

  /**
   * Agents before the data key was unified kept {@code local-secret.key} (reference photos and
   * {@code evidence/} files sealed with it). Nothing reads them any more; they are not deleted
   * automatically (personal data is never destroyed silently), so their presence is logged.
   */
  private static void warnAboutPreUnificationFiles(Path dataDir) {
    for (String name : PRE_UNIFICATION_FILES) {
      Path old = dataDir.resolve(name);
      if (Files.exists(old)) {
        LOG.warn("{} was left by an agent before the single data key: nothing reads it any more (photos are"
            + " sealed with {}, evidence is kept in {}); reference photos sealed with the old key do not"
            + " authenticate and stay in {}/ until deleted. Delete them and it once they are not needed", old,
            FileDataKeyStore.FILE_NAME, SqliteEvidenceStore.FILE_NAME, SealedFileReferencePhotoStore.FOLDER);
      }
    }
  }
}
