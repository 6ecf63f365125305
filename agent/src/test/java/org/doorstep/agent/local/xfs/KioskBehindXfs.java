package org.doorstep.agent.local.xfs;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.local.ObservedScreen;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.privacy.SqliteEvidenceStore;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.session.CertificationFlow;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.RawWebSocketClient;
import org.doorstep.agent.testing.SimulatedRunner;
import org.doorstep.agent.testing.TestCiphers;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.profile.ServiceEntry;

/**
 * A kiosk behind the XFS4IoT server, for the tests of its kiosk services ({@code Biometric}, {@code Doorstep}): a
 * real certification runner (simulated reader, paced face check whose guidance reaches the observed screen,
 * printer; a real SQLite outbox), the {@code Biometric} and {@code Doorstep} services on port 0 and raw WebSocket
 * clients speaking JSON strings. The catalog offers certification, registration, and proof printing disabled.
 */
final class KioskBehindXfs implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  final Vertx vertx = Vertx.vertx();
  final SimulatedIdCardReader reader = new SimulatedIdCardReader();
  final SimulatedFaceCheck face = new SimulatedFaceCheck(SimulatedFaceCheck.Outcome.PASS);
  final AutoScreen autoScreen = new AutoScreen();
  final ObservedScreen screen = new ObservedScreen(autoScreen);
  final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  final SqliteOutbox outbox;
  final CertificationRunner runner;
  final XfsServer server;
  final String token;
  private final Context ctx = vertx.getOrCreateContext();
  private final List<RawWebSocketClient> clients = new ArrayList<>();

  KioskBehindXfs(Path dir) throws Exception {
    outbox = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.NORMAL, TestCiphers.aes()).await();
    SqliteEvidenceStore evidence = SqliteEvidenceStore.open(vertx, dir, TestCiphers.aes(), Clock.systemUTC()).await();
    RecordFactory records = new RecordFactory("kiosk-xfs", 1, "test",
        DeviceKeys.loadOrCreate(dir, SignatureAlgorithm.ED25519), Clock.systemUTC());
    face.paced(vertx, Duration.ofMillis(30));
    face.guidance(screen::guide);
    runner = new CertificationRunner(vertx, "kiosk-xfs", new CertificationFlow(SimulatedRunner.POLICY), reader, face,
        new SimulatedReceiptPrinter(SimulatedRunner.POLICY.zone()), screen, outbox, evidence, records,
        List.of("BLINK"), 1, Clock.systemUTC(), Duration.ofMillis(20), Duration.ofMillis(50), e -> { }, s -> { });
    health.setStatus(Peripheral.ID_CARD_READER, PeripheralHealth.ONLINE);
    health.setStatus(Peripheral.CAMERA, PeripheralHealth.ONLINE);
    on(() -> {
      runner.start();
      return Future.succeededFuture();
    });
    Path tokenFile = dir.resolve(XfsTokens.DEFAULT_FILE);
    XfsTokens tokens = XfsTokens.load(tokenFile);
    token = Files.readString(tokenFile).trim();
    List<ServiceEntry> catalog = List.of(new ServiceEntry("certification", true),
        new ServiceEntry("registration", true), new ServiceEntry("proof-print", false));
    server = new XfsServer(vertx, 0, tokens, List.of(new BiometricService(vertx, runner, face, screen, health),
        new DoorstepService(vertx, runner, screen, catalog, health)));
    on(() -> server.start().mapEmpty());
  }

  /** Runs {@code action} on the runner's context and waits (30 s at most) for its result. */
  <T> T on(Supplier<Future<T>> action) throws Exception {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> action.get().onComplete(p));
    return p.future().await(30, TimeUnit.SECONDS);
  }

  /** The kiosk's session state now. */
  State state() throws Exception {
    return on(() -> Future.succeededFuture(runner.session().state()));
  }

  /** A raw client of the service at {@code path} ({@code /doorstep} …) with the masked-scope token. */
  RawWebSocketClient connect(String path) throws Exception {
    RawWebSocketClient c = RawWebSocketClient.connect(server.publisherUri() + path, token, WAIT);
    clients.add(c);
    return c;
  }

  /** A command frame as a host writes it. */
  static String command(long id, String name, String payload) {
    return "{\"header\":{\"type\":\"command\",\"name\":\"" + name + "\",\"requestId\":" + id
        + ",\"version\":\"1.0\"},\"payload\":" + payload + "}";
  }

  @Override
  public void close() throws Exception {
    clients.forEach(RawWebSocketClient::close);
    on(() -> {
      runner.stop();
      return server.stop();
    });
    vertx.close().await();
  }
}
