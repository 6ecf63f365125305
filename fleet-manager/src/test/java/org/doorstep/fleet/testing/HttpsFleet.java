package org.doorstep.fleet.testing;

import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.enrol.DeviceSequenceApi;
import org.doorstep.fleet.enrol.EnrolmentApi;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.enrol.FleetCa;
import org.doorstep.fleet.ingest.IngestStats;
import org.doorstep.fleet.operators.OperatorService;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.web.FleetApi;
import org.doorstep.fleet.web.FleetStatus;
import org.doorstep.fleet.web.HttpsOptions;

/**
 * The fleet's HTTPS face without the broker: the production router (FleetApi + EnrolmentApi behind
 * OperatorAuth), CAs and server identity from {@link FleetCa}, {@link HttpsOptions}, a real SQLite
 * store, on a free port. Starts in a fraction of a second where a whole FleetVerticle (HiveMQ) takes
 * seconds; the FleetVerticle wiring itself is covered by EnrolmentWiringIT and AgentToFleetIT.
 */
public final class HttpsFleet implements AutoCloseable {
  private final FleetStores store;
  private final EnrolmentService enrolment;
  private final DeviceRegistry registry;
  private final TlsIdentity serverIdentity;
  private final HttpServer server;

  private HttpsFleet(FleetStores store, EnrolmentService enrolment, DeviceRegistry registry,
      TlsIdentity serverIdentity, HttpServer server) {
    this.store = store;
    this.enrolment = enrolment;
    this.registry = registry;
    this.serverIdentity = serverIdentity;
    this.server = server;
  }

  /**
   * Starts one.
   *
   * @param dir      data dir (store, CA)
   * @param suite    device CA suite
   * @param clock    the fleet's clock (token expiry, certificate validity checks and issuing)
   * @param validity device certificate lifetime
   */
  public static HttpsFleet start(Vertx vertx, Path dir, CryptoSuite suite, Clock clock, Duration validity) {
    return start(vertx, dir, suite, clock, validity, 0);
  }

  /** As {@link #start(Vertx, Path, CryptoSuite, Clock, Duration)}, listening on {@code port} (0 = any). */
  public static HttpsFleet start(Vertx vertx, Path dir, CryptoSuite suite, Clock clock, Duration validity, int port) {
    FleetStores store = await(FleetStores.sqlite(vertx, dir.resolve("fleet.db"), TestCiphers.aes()));
    DeviceCa ca = FleetCa.loadOrCreate(dir.resolve("ca"), suite, clock);
    var tlsCas = FleetCa.tlsCas(dir.resolve("ca"), ca, clock);
    TlsIdentity identity = FleetCa.serverIdentity(dir.resolve("ca"), tlsCas, List.of("localhost", "127.0.0.1"), clock);
    DeviceRegistry registry = new DeviceRegistry(store.devices(), clock);
    EnrolmentService enrolment = new EnrolmentService(vertx, store.enrolment(), ca, tlsCas, clock, validity)
        .reportFailuresTo(registry.enrolmentFailures());
    IngestStats stats = new IngestStats(0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0);
    Router router = FleetApi.router(vertx, registry, store.records(), new OperatorService(store.operators(), clock),
        new org.doorstep.fleet.signin.SignInService(vertx, new org.doorstep.fleet.signin.SignInStore(store.database()),
            org.doorstep.fleet.signin.SignInPolicy.DEFAULT, clock),
        () -> new FleetStatus("none", Optional.empty(), Optional.empty(), store.kind(), stats));
    EnrolmentApi.mount(router, enrolment);
    DeviceSequenceApi.mount(router, enrolment, store.records());
    HttpServer server = await(vertx.createHttpServer(HttpsOptions.of(identity)).requestHandler(router).listen(port));
    return new HttpsFleet(store, enrolment, registry, identity, server);
  }

  /** {@code https://127.0.0.1:<port>}. */
  public String url() {
    return "https://127.0.0.1:" + server.actualPort();
  }

  public int port() {
    return server.actualPort();
  }

  public FleetStores store() {
    return store;
  }

  public EnrolmentService enrolment() {
    return enrolment;
  }

  public DeviceRegistry registry() {
    return registry;
  }

  public TlsIdentity serverIdentity() {
    return serverIdentity;
  }

  /** A token for {@code deviceId} in {@code region}, valid 24 h. */
  public EnrolmentService.IssuedToken token(String deviceId, String region) {
    return await(enrolment.issueToken(deviceId, region, Duration.ofHours(24)));
  }

  @Override
  public void close() {
    await(server.close());
    await(store.close());
  }
}
