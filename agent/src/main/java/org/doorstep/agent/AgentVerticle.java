package org.doorstep.agent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.idcard.IdCard;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.Outbox;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.records.RetryBackoff;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.session.CertificationFlow;
import org.doorstep.agent.session.Event;
import org.doorstep.agent.session.FlowPolicy;
import org.doorstep.agent.uplink.AckTracker;
import org.doorstep.agent.uplink.PahoUplink;
import org.doorstep.agent.uplink.StateReporter;
import org.doorstep.agent.uplink.UplinkStatus;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DoorstepConfig;
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
 * <p>Devices: this build has simulators only; a profile naming a real driver fails the start. The
 * public methods may be called from any thread once deployed.
 */
public final class AgentVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AgentVerticle.class);
  /** Liveness challenges used when the policy names none. */
  private static final List<String> DEFAULT_CHALLENGES = List.of("BLINK", "TURN_LEFT", "TURN_RIGHT", "NOD");

  private final DoorstepConfig config;
  private final AgentOptions options;
  private final Consumer<SessionSummary> sessionListener;
  private final Simulators simulators;

  private Context ctx;
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
    requireSimulated(config.devices());
    this.simulators = new Simulators(new SimulatedIdCardReader(), new SimulatedFaceCheck(options.simulatedFace()),
        new SimulatedReceiptPrinter(options.zone()), new AutoScreen());
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
    })).map(signer -> {
      RecordFactory factory = new RecordFactory(deviceId, options.configVersion(), options.agentVersion(),
          signer, options.clock());
      reporter = new StateReporter(vertx, uplinkFor(deviceId), deviceId,
          options.agentVersion(), options.configVersion(), this::peripherals, outbox::pendingCount,
          Objects.requireNonNull(policy.heartbeatInterval(), "policy.heartbeatInterval"),
          options.stateCheckInterval(), options.clock());
      tracker = new AckTracker(vertx, outbox, uplink, deviceId,
          Objects.requireNonNull(policy.uploadBatchSize(), "policy.uploadBatchSize"),
          backoff(Objects.requireNonNull(policy.ackTimeout(), "policy.ackTimeout")),
          options.drainInterval(), options.clock(), reporter::changed);
      Policy.Liveness liveness = Objects.requireNonNull(policy.liveness(), "policy.liveness");
      runner = new CertificationRunner(vertx, deviceId,
          new CertificationFlow(FlowPolicy.from(policy, options.zone())),
          simulators.reader(), simulators.face(), simulators.printer(), simulators.screen(), outbox, factory,
          liveness.challenges().isEmpty() ? DEFAULT_CHALLENGES : liveness.challenges(),
          Objects.requireNonNull(liveness.count(), "policy.liveness.count"), options.clock(),
          options.cardPollInterval(), options.tickInterval(),
          entry -> {
            tracker.kick();
            reporter.changed();
          },
          sessionListener);
      return signer;
    }).compose(signer -> {
      reporter.start();
      return tracker.start();
    }).compose(v -> uplink.start()).map(v -> {
      runner.start();
      LOG.info("agent {} started (data {}, broker {}, key {})", deviceId, dataDir, config.uplink().brokerUrl(),
          DeviceKeys.publicKeyFile(dataDir));
      return null;
    });
  }

  /** Ack timeout doubling to {@link RetryBackoff#DEFAULT_CAP}, or to the ack timeout itself when it is longer. */
  private static RetryBackoff backoff(java.time.Duration ackTimeout) {
    return new RetryBackoff(ackTimeout,
        ackTimeout.compareTo(RetryBackoff.DEFAULT_CAP) > 0 ? ackTimeout : RetryBackoff.DEFAULT_CAP);
  }

  private PahoUplink uplinkFor(String deviceId) {
    String url = Objects.requireNonNull(config.uplink().brokerUrl(), "uplink.brokerUrl");
    uplink = new PahoUplink(vertx, url, deviceId, Topics.topic(deviceId, Topics.Channel.STATE),
        () -> reporter.offlinePayload(), options.reconnect());
    return uplink;
  }

  @Override
  public Future<?> stop() {
    if (runner != null) {
      runner.stop();
    }
    if (tracker != null) {
      tracker.stop();
    }
    if (reporter != null) {
      reporter.stop();
    }
    Future<Void> offline = reporter == null ? Future.succeededFuture()
        : reporter.reportOffline().recover(err -> Future.succeededFuture());
    return offline
        .compose(v -> uplink == null ? Future.succeededFuture() : uplink.stop())
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

  /** The simulated devices (insert cards, run out of paper, script face outcomes). */
  public Simulators simulators() {
    return simulators;
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
   * Runs one simulated certification through the real flow: places {@code card} on the simulated
   * reader, waits for the session to end (consent and face as the simulators are set), takes the card
   * away and waits for the idle screen. Calls are queued: one resident at a time.
   *
   * @return the session's summary (masked); the record, if any, is committed to the outbox
   */
  public Future<SessionSummary> certify(IdCard card) {
    return onContext(() -> {
      Future<SessionSummary> mine = certifications.transform(ignored -> runner.whenIdle().compose(v -> {
        Future<SessionSummary> end = runner.nextSessionEnd();
        simulators.reader().insert(card);
        runner.pollNow();
        return end;
      }).compose(summary -> {
        simulators.reader().remove();
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

  private Future<Map<String, String>> peripherals() {
    Future<PeripheralHealth> r = simulators.reader().health();
    Future<PeripheralHealth> p = simulators.printer().health();
    Future<PeripheralHealth> c = simulators.face().health();
    return Future.all(r, p, c).map(x -> {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("idCardReader", r.result().name());
      m.put("printer", p.result().name());
      m.put("camera", c.result().name());
      return m;
    });
  }

  private static void requireSimulated(DeviceProfile profile) {
    if (profile == null) {
      return;
    }
    check("devices.idCardReader", profile.idCardReader() == null ? null : profile.idCardReader().driver());
    check("devices.printer", profile.printer() == null ? null : profile.printer().driver());
    check("devices.camera", profile.camera() == null ? null : profile.camera().driver());
  }

  private static void check(String path, DeviceProfile.Driver driver) {
    if (driver != null && driver != DeviceProfile.Driver.SIMULATED) {
      // TODO(foundation follow-up): real drivers (jSerialComm SAM reader, ESC/POS printer, OpenCV camera).
      throw new IllegalArgumentException(path + ".driver: " + driver + " is not available in this build; use SIMULATED");
    }
  }
}
