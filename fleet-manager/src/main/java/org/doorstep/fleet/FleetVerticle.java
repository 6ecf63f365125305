package org.doorstep.fleet;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.fleet.broker.DeviceAccess;
import org.doorstep.fleet.broker.EmbeddedBroker;
import org.doorstep.fleet.broker.ExternalBroker;
import org.doorstep.fleet.broker.FleetClientIdentity;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.enrol.EnrolmentApi;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.enrol.FleetCa;
import org.doorstep.fleet.ingest.DevicePublisher;
import org.doorstep.fleet.ingest.IngestPipeline;
import org.doorstep.fleet.store.JdbcRecordStore;
import org.doorstep.fleet.store.RecordStore;
import org.doorstep.fleet.web.FleetApi;
import org.doorstep.fleet.web.FleetStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fleet-manager instance, wiring only: store (migrated) → device registry → ingest pipeline →
 * broker (embedded or external, per config) → HTTP. Stops in reverse order, so that the broker
 * stops feeding ingest before ingest drains into the store, and the store closes last.
 *
 * <p>If start fails half-way, what was started is stopped again before the failure is reported.
 * The accessors are valid once the deployment succeeded.
 */
public final class FleetVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(FleetVerticle.class);

  private final FleetConfig fleetConfig;
  private final Clock clock;

  private JdbcRecordStore store;
  private DeviceRegistry registry;
  private IngestPipeline pipeline;
  private EnrolmentService enrolment;
  private DeviceCa tlsCa;
  private BrokerHandle broker;
  private HttpServer http;
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
    return JdbcRecordStore.open(vertx, fleetConfig.store())
        .compose(s -> {
          store = s;
          registry = new DeviceRegistry(s, clock);
          return registry.load();
        })
        // File I/O and key generation on a worker: the fleet CA, created on first start.
        .compose(v -> vertx.executeBlocking(() -> FleetCa.loadOrCreate(fleetConfig.caDir(), CryptoSuite.STANDARD, clock)))
        .map(ca -> {
          enrolment = new EnrolmentService(vertx, store, ca, clock, DeviceCa.DEFAULT_DEVICE_VALIDITY);
          // The CA of TLS identities (broker certificate, device and fleet client certificates).
          tlsCa = FleetCa.tlsCa(fleetConfig.caDir(), ca, clock);
          return (Void) null;
        })
        .compose(v -> {
          refreshTimer = vertx.setPeriodic(REGISTRY_REFRESH.toMillis(), id -> registry.refresh()
              .onFailure(err -> LOG.warn("Device registry refresh failed: {}", err.getMessage())));
          pipeline = IngestPipeline.create(vertx, store, store, registry, fleetConfig.ingest().options(), clock);
          return startBroker();
        })
        .compose(b -> {
          broker = b;
          pipeline.attach(b.publisher());
          // A revoked device loses its live session at once (and is refused on reconnect).
          registry.onRevoked(deviceId -> broker.disconnect().apply(deviceId)
              .onFailure(err -> LOG.warn("Could not disconnect revoked device {}: {}", deviceId, err.getMessage())));
          Router router = FleetApi.router(vertx, registry, store, this::status);
          EnrolmentApi.mount(router, enrolment);
          return vertx.createHttpServer()
              .requestHandler(router)
              .listen(fleetConfig.http().port());
        })
        .map(server -> {
          http = server;
          LOG.info("Fleet manager up: HTTP on port {}, broker {}{}{}, store {}", server.actualPort(), broker.kind(),
              broker.tlsPort().map(p -> " mTLS on port " + p).orElse(broker.url().map(u -> " at " + u).orElse("")),
              broker.plaintextPort().map(p -> ", plaintext (development) on 127.0.0.1:" + p).orElse(""),
              store.kind());
          return (Void) null;
        })
        .recover(err -> {
          LOG.error("Fleet manager failed to start: {}", err.getMessage());
          return stop().transform(ignored -> Future.failedFuture(err));
        });
  }

  private Future<BrokerHandle> startBroker() {
    FleetConfig.Broker b = fleetConfig.broker();
    return switch (b.mode()) {
      case EMBEDDED -> {
        FleetConfig.Embedded e = b.embedded();
        yield vertx.executeBlocking(() -> FleetCa.serverIdentity(fleetConfig.caDir(), tlsCa, e.serverNames(), clock))
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
                : Optional.empty(), Optional.empty(), eb.publisher(), eb::stop,
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
            xb.publisher(), xb::stop, id -> {
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

  /** Where devices' acks and commands go out (the running broker's publisher). */
  public DevicePublisher publisher() {
    return broker.publisher();
  }

  /** The ingest pipeline (counters: {@link IngestPipeline#stats()}). */
  public IngestPipeline pipeline() {
    return pipeline;
  }

  /** Enrolment tokens and device certificates. */
  public EnrolmentService enrolment() {
    return enrolment;
  }

  /** The record store. */
  public RecordStore records() {
    return store;
  }

  /** The device registry (register devices in tests and demos without HTTP). */
  public DeviceRegistry devices() {
    return registry;
  }

  /** The running broker, whichever kind; {@code disconnect} ends a revoked device's session where it can. */
  private record BrokerHandle(String kind, Optional<Integer> tlsPort, Optional<Integer> plaintextPort,
      Optional<String> url, DevicePublisher publisher, Supplier<Future<Void>> stop,
      java.util.function.Function<String, Future<Boolean>> disconnect) {}
}
