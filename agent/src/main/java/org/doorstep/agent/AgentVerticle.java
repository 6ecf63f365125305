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
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.gpio.GpioEvent;
import org.doorstep.agent.device.gpio.LightInputs;
import org.doorstep.agent.device.gpio.NoGpio;
import org.doorstep.agent.device.gpio.StatusLight;
import org.doorstep.agent.device.gpio.TamperGuard;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.idcard.IdCard;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
import org.doorstep.agent.device.wiring.KioskDevices;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.local.HealthOpcUaServer;
import org.doorstep.agent.local.LocalHttpServer;
import org.doorstep.agent.local.OpcUaOptions;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.Outbox;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.records.RetryBackoff;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.session.CertificationFlow;
import org.doorstep.agent.session.Event;
import org.doorstep.agent.session.FlowPolicy;
import org.doorstep.agent.session.Session;
import org.doorstep.agent.uplink.AckTracker;
import org.doorstep.agent.uplink.PahoUplink;
import org.doorstep.agent.uplink.StateReporter;
import org.doorstep.agent.uplink.UplinkStatus;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.LocalServices;
import org.doorstep.config.profile.Policy;
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
 * Start-up: device key (generated on first boot), outbox (migrated), uplink (connecting in the
 * background: the kiosk works without its fleet), then the runner shows the idle screen. Stop: the
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

  private final DoorstepConfig config;
  private final AgentOptions options;
  private final Consumer<SessionSummary> sessionListener;
  private final Simulators simulators;
  private final HealthRegistry health;

  private Context ctx;
  private KioskDevices devices;
  private LocalHttpServer http;
  private HealthOpcUaServer opcUa;
  private TamperGuard tamper;
  private StatusLight light;
  private AutoCloseable healthSubscription;
  private long probeTimer = -1;
  private SqliteOutbox outbox;
  private PahoUplink uplink;
  private AckTracker tracker;
  private StateReporter reporter;
  private CertificationRunner runner;
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
    this.options = Objects.requireNonNull(options, "options");
    this.sessionListener = Objects.requireNonNull(sessionListener, "sessionListener");
    Objects.requireNonNull(config.device(), "config.device");
    Objects.requireNonNull(config.policy(), "config.policy");
    Objects.requireNonNull(config.uplink(), "config.uplink");
    requireSimulatedCamera(config.devices());
    this.simulators = new Simulators(new SimulatedIdCardReader(), new SimulatedFaceCheck(options.simulatedFace()),
        new SimulatedReceiptPrinter(options.zone()), new AutoScreen());
    this.health = new HealthRegistry(options.clock());
  }

  @Override
  public Future<?> start() {
    ctx = context;
    String deviceId = config.device().id();
    Path dataDir = dataDir();
    Policy policy = config.policy();
    SignatureAlgorithm alg = Optional.ofNullable(config.uplink().signatureAlgorithm())
        .map(SignatureAlgorithm::fromWireName).orElse(SignatureAlgorithm.ED25519);
    Future<Signer> key = vertx.executeBlocking(() -> DeviceKeys.loadOrCreate(dataDir, alg));
    return key.compose(signer -> SqliteOutbox.open(vertx, dataDir, options.durability()).map(o -> {
      outbox = o;
      return signer;
    })).compose(signer -> KioskDevices.open(vertx, profile(), options, health, simulators,
        event -> ctx.runOnContext(v -> reporter.changed())).map(d -> {
      devices = d;
      return signer;
    })).map(signer -> {
      RecordFactory factory = new RecordFactory(deviceId, options.configVersion(), options.agentVersion(),
          signer, options.clock());
      reporter = new StateReporter(vertx, uplinkFor(deviceId), deviceId,
          options.agentVersion(), options.configVersion(), this::peripherals, outbox::pendingCount,
          Objects.requireNonNull(policy.heartbeatInterval(), "policy.heartbeatInterval"),
          options.stateCheckInterval(), options.clock());
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
          devices.reader(), devices.face(), devices.printer(), devices.screen(), outbox, factory,
          liveness.challenges().isEmpty() ? DEFAULT_CHALLENGES : liveness.challenges(),
          Objects.requireNonNull(liveness.count(), "policy.liveness.count"), options.clock(),
          options.cardPollInterval(), options.tickInterval(),
          entry -> {
            tracker.kick();
            reporter.changed();
          },
          sessionListener);
      wireGpio();
      return signer;
    }).compose(signer -> {
      reporter.start();
      return tracker.start();
    }).compose(v -> uplink.start()).compose(v -> {
      runner.start();
      if (light != null) {
        light.on(new LightInputs.Event.Running(true));
      }
      // The printer is not polled by the session; ask it for its status (paper) as often as the state is checked.
      probeTimer = vertx.setPeriodic(Math.max(10, options.stateCheckInterval().toMillis()),
          id -> devices.probePrinter());
      return startLocalServers(deviceId);
    }).map(v -> {
      LOG.info("agent {} started (data {}, broker {}, key {}, reader {}, printer {})", deviceId, dataDir,
          config.uplink().brokerUrl(), DeviceKeys.publicKeyFile(dataDir), devices.readerDriver(),
          devices.printerDriver());
      return null;
    });
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
        Optional.ofNullable(local.httpBind()).orElse(LocalServices.LOOPBACK), deviceId, health);
    LocalServices.OpcUa o = local.opcUa() == null ? LocalServices.OpcUa.OFF : local.opcUa();
    opcUa = new HealthOpcUaServer(vertx, new OpcUaOptions(Boolean.TRUE.equals(o.enabled()),
        Optional.ofNullable(o.bind()).orElse(OpcUaOptions.DEFAULT_BIND_HOST),
        Optional.ofNullable(o.port()).orElse(OpcUaOptions.DEFAULT_PORT)), deviceId, health);
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
        () -> reporter.offlinePayload(), options.reconnect(), options.tlsIdentity());
    return uplink;
  }

  @Override
  public Future<?> stop() {
    if (probeTimer >= 0) {
      vertx.cancelTimer(probeTimer);
    }
    if (runner != null) {
      runner.stop();
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
        .onComplete(r -> LOG.info("agent {} stopped", config.device().id()));
  }

  // ---- API for the CLI, the demo and end-to-end tests (callable from any thread once deployed) ----

  /** The device id. */
  public String deviceId() {
    return config.device().id();
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

  /** The port of the local HTTP API ({@code GET /api/health}); -1 when off or not bound. */
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

  /** Records committed but not yet acked. */
  public Future<Long> outboxPending() {
    return outbox.pendingCount();
  }

  /** Whether the MQTT session is up. */
  public Future<UplinkStatus> uplinkStatus() {
    return onContext(() -> Future.succeededFuture(uplink.status()));
  }

  /** Most QoS 1 publishes ever in flight at once (never above the broker's Receive Maximum). */
  public int maxInFlight() {
    return uplink.maxInFlight();
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

  private static void requireSimulatedCamera(DeviceProfile profile) {
    DeviceProfile.Driver driver = profile == null || profile.camera() == null ? null : profile.camera().driver();
    if (driver != null && driver != DeviceProfile.Driver.SIMULATED) {
      // TODO(#5): the OpenCV camera.
      throw new IllegalArgumentException("devices.camera.driver: " + driver + " is not available in this build; use SIMULATED");
    }
  }
}
