package org.doorstep.fleet;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.doorstep.fleet.signin.SignInPolicy;
import org.doorstep.fleet.signin.SignInService;
import org.doorstep.fleet.signin.SignInStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.fleet.alarms.AlarmApi;
import org.doorstep.fleet.alarms.AlarmService;
import org.doorstep.fleet.alarms.AlarmStore;
import org.doorstep.fleet.alarms.AlarmWebhook;
import org.doorstep.fleet.broker.DeviceAccess;
import org.doorstep.fleet.broker.EmbeddedBroker;
import org.doorstep.fleet.commands.CommandApi;
import org.doorstep.fleet.commands.CommandService;
import org.doorstep.fleet.commands.CommandStore;
import org.doorstep.fleet.broker.ExternalBroker;
import org.doorstep.fleet.broker.FleetClientIdentity;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.console.ConsolePages;
import org.doorstep.fleet.console.DeviceEvents;
import org.doorstep.fleet.console.EventsApi;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.enrol.DeviceSequenceApi;
import org.doorstep.fleet.enrol.EnrolmentApi;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.enrol.FleetCa;
import org.doorstep.fleet.ingest.DevicePublisher;
import org.doorstep.fleet.ingest.IngestPipeline;
import org.doorstep.fleet.rollout.ConfigApi;
import org.doorstep.fleet.rollout.FleetConfigKey;
import org.doorstep.fleet.rollout.RolloutService;
import org.doorstep.fleet.rollout.RolloutStore;
import org.doorstep.fleet.operators.OperatorService;
import org.doorstep.fleet.privacy.FleetDataKey;
import org.doorstep.fleet.privacy.RetentionJob;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.store.RecordStore;
import org.doorstep.fleet.web.FleetApi;
import org.doorstep.fleet.web.FleetStatus;
import org.doorstep.fleet.web.HttpsOptions;
import org.doorstep.fleet.web.OpenApiDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fleet-manager instance, wiring only: store (migrated) → device registry → CAs and TLS server
 * identity → ingest pipeline → broker (embedded or external, per config) → HTTPS API (plain HTTP only
 * with {@code http.plaintext}). Stops in reverse order, so that the broker
 * stops feeding ingest before ingest drains into the store, and the store closes last.
 *
 * <p>If start fails half-way, what was started is stopped again before the failure is reported.
 * The accessors are valid once the deployment succeeded.
 */
public final class FleetVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(FleetVerticle.class);

  private final FleetConfig fleetConfig;
  private final Clock clock;

  private FleetStores store;
  private DeviceRegistry registry;
  private IngestPipeline pipeline;
  private EnrolmentService enrolment;
  private RolloutService rollouts;
  private CommandService commands;
  private OperatorService operators;
  private AlarmService alarms;
  private SignInService signIn;
  private TlsIdentity serverIdentity;
  private Router router;
  private DeviceCa tlsCa;
  private org.doorstep.fleet.enrol.TlsCas tlsCas;
  private BrokerHandle broker;
  private org.doorstep.fleet.metrics.FleetMetrics metrics;
  private HttpServer http;
  private RetentionJob retention;
  private org.doorstep.fleet.broker.BrokerCrl crl;
  private long refreshTimer = -1;

  /**
   * How often the device registry re-reads the store, so that revocations made by another instance
   * or the CLI take effect here. A minute bounds the window in which a revoked kiosk is still
   * accepted, at the price of one small query per minute.
   */
  public static final Duration REGISTRY_REFRESH = Duration.ofMinutes(1);

  /** An instance with the system clock. */
  public FleetVerticle(FleetConfig config) {
    this(config, Clock.systemUTC());
  }

  /**
   * @param config validated config ({@link org.doorstep.fleet.config.FleetConfigLoader} or
   *               {@link FleetConfig#defaults()} with {@code with…} copies)
   * @param clock  registration and receive times
   */
  public FleetVerticle(FleetConfig config, Clock clock) {
    this.fleetConfig = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Future<?> start() {
    CryptoSuite suite = fleetConfig.security().suite();
    // The data key (created on first start) seals records.body; file I/O on a worker.
    return vertx.executeBlocking(() -> FleetDataKey.loadOrCreate(fleetConfig))
        .compose(cipher -> FleetStores.open(vertx, fleetConfig.store().location(), cipher))
        .compose(s -> {
          store = s;
          registry = new DeviceRegistry(s.devices(), clock);
          return registry.load();
        })
        // File I/O and key generation on a worker: the fleet CA (created on first start, of
        // security.suite), the TLS CA (the same CA in the STANDARD suite) and the server identity of
        // HTTPS and the broker.
        .compose(v -> vertx.executeBlocking(() -> {
          DeviceCa ca = FleetCa.loadOrCreate(fleetConfig.caDir(), suite, clock);
          if (ca.algorithm() != suite.signatureAlgorithm()) {
            throw new org.doorstep.config.crypto.CryptoException("fleet CA in " + fleetConfig.caDir() + " is "
                + ca.algorithm().wireName() + " but security.suite " + suite + " issues "
                + suite.signatureAlgorithm().wireName() + " certificates: keep the old suite, or import a CA of the"
                + " new one (enrol ca-import) and re-enrol the kiosks");
          }
          // The CA of TLS identities (HTTPS and broker certificates, device and fleet client certificates).
          // ECDSA P-256 in both suites; a fleet from before keeps its Ed25519 TLS CA trusted (legacy).
          tlsCas = FleetCa.tlsCas(fleetConfig.caDir(), ca, clock);
          tlsCa = tlsCas.current();
          // One server certificate for HTTPS and the embedded broker, naming every host of either.
          serverIdentity = FleetCa.serverIdentity(fleetConfig.caDir(), tlsCas, serverNames(), clock);
          return new EnrolmentService(vertx, store.enrolment(), ca, tlsCas, clock, DeviceCa.DEFAULT_DEVICE_VALIDITY);
        }))
        .map(service -> {
          enrolment = service.reportFailuresTo(registry.enrolmentFailures());
          operators = new OperatorService(store.operators(), clock);
          return (Void) null;
        })
        // The config key signs bundles and commands; created on first start beside the CA folder.
        .compose(v -> vertx.executeBlocking(() -> FleetConfigKey.loadOrCreate(configKeyDir(), suite)))
        .map(configKey -> {
          rollouts = new RolloutService(vertx, new RolloutStore(store.database()), registry, configKey, clock,
              fleetConfig.rollouts().zoneId(), fleetConfig.rollouts().approvalRequired(), RolloutService.TICK);
          commands = new CommandService(new CommandStore(store.database()), registry, configKey, rollouts, clock);
          return (Void) null;
        })
        .compose(v -> {
          refreshTimer = vertx.setPeriodic(REGISTRY_REFRESH.toMillis(), id -> registry.refresh()
              .onFailure(err -> LOG.warn("Device registry refresh failed: {}", err.getMessage())));
          pipeline = IngestPipeline.create(vertx, store.records(), store.devices(), registry, fleetConfig.ingest().options(), clock);
          // The console's live feed sees every state, then commands and rollouts get it.
          pipeline.feedback(new DeviceEvents(vertx, registry, commands));
          // Bound before the broker starts, so that the latency histograms see every record.
          metrics = new org.doorstep.fleet.metrics.FleetMetrics(store.devices(), rollouts).bind(pipeline);
          retention = new RetentionJob(vertx, store.records(), fleetConfig.security().retention(), clock);
          retention.start();
          AlarmStore alarmStore = new AlarmStore(store.database());
          FleetConfig.Broker b = fleetConfig.broker();
          IngestPipeline p = pipeline;
          alarms = new AlarmService(vertx, alarmStore, registry, fleetConfig.alarms().thresholds(),
              new AlarmWebhook(vertx, fleetConfig.alarms().webhook().options(), alarmStore, clock),
              new AlarmService.FleetSignals(b.mode() == FleetConfig.BrokerMode.EXTERNAL
                  && b.external().crlPath().isPresent(), () -> crl == null ? Optional.empty() : crl.writtenAt(),
                  () -> p.stats().storeFailures()), clock);
          // Started before the broker, so that the first states raise and clear alarms.
          return alarms.start().compose(x -> {
            pipeline.feedback(alarms);
            commands.onConfigReport(alarms::configReport);
            metrics.bind(alarms);
            return startBroker();
          });
        })
        .compose(b -> {
          broker = b;
          pipeline.attach(b.publisher());
          // A revoked device loses its live session at once (and is refused on reconnect).
          registry.onRevoked(deviceId -> broker.disconnect().apply(deviceId)
              .onFailure(err -> LOG.warn("Could not disconnect revoked device {}: {}", deviceId, err.getMessage())));
          commands.attach(b.publisher());
          return rollouts.attach(b.publisher());
        })
        .compose(v -> startCrl())
        .compose(v -> {
          signIn = new SignInService(vertx, new SignInStore(store.database()), SignInPolicy.DEFAULT, clock);
          Router router = FleetApi.router(vertx, registry, store.records(), operators, signIn, this::status);
          EnrolmentApi.mount(router, enrolment, rollouts.publicKeyPem());
          DeviceSequenceApi.mount(router, enrolment, store.records());
          ConfigApi.mount(router, rollouts, registry);
          CommandApi.mount(router, commands, registry);
          AlarmApi.mount(router, alarms);
          EventsApi.mount(vertx, router);
          ConsolePages.mount(router);
          OpenApiDescription.mount(router);
          broker.connected().ifPresent(metrics::connectedDevices);
          metrics.mount(router, operators);
          this.router = router;
          HttpServerOptions options;
          if (fleetConfig.http().plaintext()) {
            LOG.warn("http.plaintext is set: the API serves plain HTTP (development only; tokens cross the network "
                + "in clear and devices cannot renew their certificates)");
            options = new HttpServerOptions();
          } else {
            options = HttpsOptions.of(serverIdentity);
          }
          return vertx.createHttpServer(options)
              .requestHandler(router)
              .listen(fleetConfig.http().port());
        })
        .map(server -> {
          http = server;
          LOG.info("Fleet manager up: {} on port {}, broker {}{}{}, store {}, suite {}",
              httpScheme().toUpperCase(java.util.Locale.ROOT), server.actualPort(), broker.kind(),
              broker.tlsPort().map(p -> " mTLS on port " + p).orElse(broker.url().map(u -> " at " + u).orElse("")),
              broker.plaintextPort().map(p -> ", plaintext (development) on 127.0.0.1:" + p).orElse(""),
              store.kind(), suite);
          return (Void) null;
        })
        .recover(err -> {
          LOG.error("Fleet manager failed to start: {}", err.getMessage());
          return stop().transform(ignored -> Future.failedFuture(err));
        });
  }

  /**
   * With an external broker and {@code broker.external.crlFile}: writes the TLS CA's CRL there now,
   * on every revocation (through this registry, or found by its refresh) and daily. Fails the start
   * when the first write fails: the operator asked for a CRL the broker depends on.
   */
  private Future<Void> startCrl() {
    FleetConfig.Broker b = fleetConfig.broker();
    if (b.mode() != FleetConfig.BrokerMode.EXTERNAL || b.external().crlPath().isEmpty()) {
      return Future.succeededFuture();
    }
    crl = new org.doorstep.fleet.broker.BrokerCrl(vertx, store.enrolment(), tlsCas.all(), b.external().crlPath().get(),
        clock);
    registry.onRevoked(deviceId -> crl.publish());
    return crl.start().mapEmpty();
  }

  /** The CRL writer; null unless an external broker with {@code crlFile} is configured. */
  public org.doorstep.fleet.broker.BrokerCrl crl() {
    return crl;
  }

  private Future<BrokerHandle> startBroker() {
    FleetConfig.Broker b = fleetConfig.broker();
    return switch (b.mode()) {
      case EMBEDDED -> {
        FleetConfig.Embedded e = b.embedded();
        yield Future.succeededFuture(serverIdentity)
            .compose(serverIdentity -> {
              EmbeddedBroker.Options options = EmbeddedBroker.Options.builder(Path.of(e.dataDir()))
                  .tls(new EmbeddedBroker.Tls(e.bind(), e.port(), serverIdentity))
                  .plaintext(e.plaintextPort() >= 0)
                  .bindHost("127.0.0.1")
                  .port(Math.max(0, e.plaintextPort()))
                  .maxQueuedMessagesPerClient(e.maxQueuedMessages())
                  .build();
              return EmbeddedBroker.start(vertx, options, pipeline, deviceAccess(), clock);
            })
            .map(eb -> new BrokerHandle("embedded", Optional.of(eb.tlsPort()), eb.port() >= 0 ? Optional.of(eb.port())
                : Optional.empty(), Optional.empty(), Optional.of(eb::connectedClients), eb.publisher(), eb::stop,
                id -> eb.disconnect(id, "device revoked").map(was -> {
                  if (was) {
                    LOG.info("Revoked device {} disconnected from the embedded broker", id);
                  }
                  return was;
                })));
      }
      case EXTERNAL -> {
        FleetConfig.External x = b.external();
        Future<Optional<TlsIdentity>> tls = x.url().startsWith("ssl://")
            ? vertx.executeBlocking(() -> Optional.of(FleetClientIdentity.loadOrIssue(fleetConfig.caDir(), tlsCa,
                x.fleetClientCn(), clock)))
            : Future.succeededFuture(Optional.empty());
        yield tls.compose(identity -> {
          ExternalBroker.Options.Builder options = ExternalBroker.Options.builder(x.url(), x.clientId())
              .sharedGroup(x.sharedGroup());
          identity.ifPresent(options::tls);
          return ExternalBroker.connect(vertx, options.build(), pipeline);
        }).map(xb -> new BrokerHandle("external", Optional.empty(), Optional.empty(), Optional.of(x.url()),
            Optional.empty(), xb.publisher(), xb::stop, id -> {
              // The fleet cannot end a session on someone else's broker: the device's records are
              // refused at ingest, and the broker refuses it once its certificate expires (see
              // docs/transport-security.md).
              LOG.info("Device {} revoked: its records are refused at ingest; the external broker keeps any live "
                  + "session until the device's certificate expires", id);
              return Future.succeededFuture(false);
            }));
      }
    };
  }

  /** The device registry as the broker asks it: registered and not revoked? */
  private DeviceAccess deviceAccess() {
    return deviceId -> registry.lookup(deviceId)
        .map(found -> found.map(d -> d.revoked() ? DeviceAccess.Status.REVOKED : DeviceAccess.Status.ACTIVE)
            .orElse(DeviceAccess.Status.UNKNOWN))
        .toCompletionStage();
  }

  private FleetStatus status() {
    return new FleetStatus(broker.kind(), broker.tlsPort(), broker.url(), store.kind(), pipeline.stats());
  }

  @Override
  public Future<?> stop() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    if (retention != null) {
      retention.stop();
    }
    if (crl != null) {
      crl.stop();
    }
    if (alarms != null) {
      alarms.stop();
    }
    if (rollouts != null) {
      rollouts.close();
    }
    // Each step runs whatever happened to the previous one.
    return step("HTTP server", http == null ? null : http::close)
        .eventually(() -> step("broker", broker == null ? null : broker.stop()))
        .eventually(() -> step("ingest", pipeline == null ? null : pipeline::close))
        .eventually(() -> step("store", store == null ? null : store::close))
        .onComplete(ar -> LOG.info("Fleet manager stopped"));
  }

  private static Future<Void> step(String what, Supplier<Future<Void>> stopper) {
    if (stopper == null) {
      return Future.succeededFuture();
    }
    return stopper.get().recover(err -> {
      LOG.warn("Stopping the {} failed: {}", what, err.getMessage());
      return Future.succeededFuture();
    });
  }

  /** The config this instance runs with. */
  public FleetConfig fleetConfig() {
    return fleetConfig;
  }

  /** {@code https}, or {@code http} when {@code http.plaintext} is set. */
  public String httpScheme() {
    return fleetConfig.http().plaintext() ? "http" : "https";
  }

  /** The host names and addresses of the server certificate: {@code http.serverNames}, then the broker's. */
  private java.util.List<String> serverNames() {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(fleetConfig.http().serverNames());
    names.addAll(fleetConfig.broker().embedded().serverNames());
    return java.util.List.copyOf(names);
  }

  /** The fleet's TLS server identity (HTTPS API; the broker's TLS listener uses the same). */
  public TlsIdentity serverIdentity() {
    return serverIdentity;
  }

  /** Console password sign-in (set an operator's password in tests and the demo without the API). */
  public SignInService signIn() {
    return signIn;
  }

  /** Operator accounts (create operators in tests and demos without the CLI). */
  public OperatorService operators() {
    return operators;
  }

  /**
   * The HTTP routes as mounted, in order (Vert.x paths: {@code :id} parameters, a trailing {@code *} kept as a
   * prefix route; a route without methods takes every method). For {@code web/OpenApiCoverageIT}, which checks
   * them against the OpenAPI description. A copy of the router's list; tests read the routes, never change them.
   */
  public java.util.List<io.vertx.ext.web.Route> httpRoutes() {
    return java.util.List.copyOf(router.getRoutes());
  }

  /** The HTTP port actually bound (useful with port 0). */
  public int httpPort() {
    return http.actualPort();
  }

  /**
   * The embedded broker's plaintext (development) MQTT port actually bound; -1 when that listener is
   * off ({@code broker.embedded.plaintextPort: -1}, the default) or the broker is external.
   */
  public int brokerPort() {
    return broker.plaintextPort().orElse(-1);
  }

  /** The embedded broker's mutual-TLS MQTT port actually bound; -1 with an external broker. */
  public int brokerTlsPort() {
    return broker.tlsPort().orElse(-1);
  }

  /**
   * The fleet's TLS CA: it issues the broker's server certificate and the TLS client certificates
   * the broker accepts (in the STANDARD suite, the device CA itself).
   */
  public DeviceCa tlsCa() {
    return tlsCa;
  }

  /** The TLS CAs: the current P-256 one, and a legacy Ed25519 one while kiosks from before the switch renew. */
  public org.doorstep.fleet.enrol.TlsCas tlsCas() {
    return tlsCas;
  }

  /** Where devices' acks and commands go out (the running broker's publisher). */
  public DevicePublisher publisher() {
    return broker.publisher();
  }

  /** The ingest pipeline (counters: {@link IngestPipeline#stats()}). */
  public IngestPipeline pipeline() {
    return pipeline;
  }

  /** Where the fleet config key lives: the fleet data directory (the parent of the CA folder). */
  public Path configKeyDir() {
    return fleetConfig.caDir().getParent();
  }

  /** The public key file agents trust as their {@code fleet.configKeyFile}. */
  public Path configKeyFile() {
    return FleetConfigKey.publicKeyFile(configKeyDir());
  }

  /** Config versions and staged rollouts. */
  public RolloutService rollouts() {
    return rollouts;
  }

  /** Signed commands and their results. */
  public CommandService commands() {
    return commands;
  }

  /** Enrolment tokens and device certificates. */
  public EnrolmentService enrolment() {
    return enrolment;
  }

  /** The record store. */
  public RecordStore records() {
    return store.records();
  }

  /** The database and its stores (tests and tools that need a port beyond {@link #records()}). */
  public FleetStores stores() {
    return store;
  }

  /** The retention purge of personal fields ({@code security.personalDataRetention}). */
  public RetentionJob retention() {
    return retention;
  }

  /** The metrics registry behind {@code GET /metrics} (tests read meters from it). */
  public org.doorstep.fleet.metrics.FleetMetrics metrics() {
    return metrics;
  }

  /** Alarms: conditions, lifecycle, webhook. */
  public AlarmService alarms() {
    return alarms;
  }

  /** The device registry (register devices in tests and demos without HTTP). */
  public DeviceRegistry devices() {
    return registry;
  }

  /** The running broker, whichever kind; {@code disconnect} ends a revoked device's session where it can. */
  private record BrokerHandle(String kind, Optional<Integer> tlsPort, Optional<Integer> plaintextPort,
      Optional<String> url, Optional<java.util.function.IntSupplier> connected, DevicePublisher publisher, Supplier<Future<Void>> stop,
      java.util.function.Function<String, Future<Boolean>> disconnect) {}
}
