package org.doorstep.agent.local.xfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.doorstep.agent.device.idcard.sim.SampleResidents;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code Biometric} service as bank host software sees it: raw JSON over a JDK WebSocket (none of our message
 * classes) to a real XFS4IoT server in front of a real certification runner and a paced simulated face check that
 * sends guidance to the kiosk's (observed) screen.
 */
class BiometricServiceIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private Vertx vertx;
  private Context ctx;
  private XfsServer server;
  private SqliteOutbox outbox;
  private CertificationRunner runner;
  private final SimulatedIdCardReader reader = new SimulatedIdCardReader();
  private final SimulatedFaceCheck face = new SimulatedFaceCheck(SimulatedFaceCheck.Outcome.PASS);
  private ObservedScreen screen;
  private final AutoScreen autoScreen = new AutoScreen();
  private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  private String token;
  private final List<RawWebSocketClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ctx = vertx.getOrCreateContext();
    outbox = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.NORMAL, TestCiphers.aes()).await();
    SqliteEvidenceStore evidence = SqliteEvidenceStore.open(vertx, dir, TestCiphers.aes(), Clock.systemUTC()).await();
    RecordFactory records = new RecordFactory("kiosk-xfs", 1, "test",
        DeviceKeys.loadOrCreate(dir, SignatureAlgorithm.ED25519), Clock.systemUTC());
    screen = new ObservedScreen(autoScreen);
    face.paced(vertx, Duration.ofMillis(30));
    face.guidance(g -> screen.guide(g));
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

  @AfterEach
  void stop() throws Exception {
    clients.forEach(RawWebSocketClient::close);
    on(() -> {
      runner.stop();
      return server.stop();
    });
    vertx.close().await();
  }

  private <T> T on(Supplier<Future<T>> action) throws Exception {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> action.get().onComplete(p));
    return p.future().await(30, TimeUnit.SECONDS);
  }

  private State state() throws Exception {
    return on(() -> Future.succeededFuture(runner.session().state()));
  }

  @Test
  void read_presentsTheSubject_relaysGuidance_andCompletesWithLivenessButNoData() throws Exception {
    RawWebSocketClient c = connect("/biometric");
    c.send(command(3, "Biometric.Read", "{\"mode\":\"scan\",\"numCaptures\":1}"));
    assertThat(c.next().at("/payload/status").isNull()).isTrue();
    List<String> events = new ArrayList<>();
    JsonNode m;
    while (!(m = c.next()).at("/header/type").asText().equals("completion")) {
      assertThat(m.at("/header/requestId").asLong()).isEqualTo(3);
      events.add(m.at("/header/name").asText() + (m.at("/payload/key").isMissingNode() ? ""
          : " " + m.at("/payload/key").asText()));
    }
    assertThat(events.get(0)).isEqualTo("Biometric.PresentSubjectEvent");
    assertThat(events).contains("Doorstep.GuidanceEvent face.look-at-camera", "Biometric.SubjectDetectedEvent",
        "Doorstep.GuidanceEvent challenge.blink");
    assertThat(events.indexOf("Biometric.SubjectDetectedEvent"))
        .isGreaterThan(events.indexOf("Doorstep.GuidanceEvent face.look-at-camera"));
    assertThat(m.at("/payload/completionCode").asText()).isEqualTo("success");
    assertThat(m.at("/payload/dataRead").isNull()).isTrue();
    assertThat(m.at("/payload/liveness/passed").asBoolean()).isTrue();
    assertThat(m.at("/payload/liveness/challenges/0/kind").asText()).isEqualTo("BLINK");
    assertThat(m.toString()).doesNotContain("image").doesNotContain("sha256");
  }

  @Test
  void aSpoof_completesSuccessWithLivenessNotPassed() throws Exception {
    face.defaultOutcome(SimulatedFaceCheck.Outcome.LIVENESS_FAIL);
    RawWebSocketClient c = connect("/biometric");
    c.send(command(1, "Biometric.Read", "{}"));
    c.next();
    JsonNode done = c.nextOfType("completion");
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("success");
    assertThat(done.at("/payload/liveness/passed").asBoolean()).isFalse();
  }

  @Test
  void askingForImageData_orAnotherMode_isRefusedByErrorCode() throws Exception {
    RawWebSocketClient c = connect("/biometric");
    c.send(command(1, "Biometric.Read", "{\"dataTypes\":[{\"format\":\"facialFeaturesRaw\"}]}"));
    c.next();
    JsonNode data = c.next();
    assertThat(data.at("/payload/completionCode").asText()).isEqualTo("commandErrorCode");
    assertThat(data.at("/payload/errorCode").asText()).isEqualTo("formatNotSupported");
    c.send(command(2, "Biometric.Read", "{\"mode\":\"enrol\"}"));
    c.next();
    assertThat(c.next().at("/payload/errorCode").asText()).isEqualTo("modeNotSupported");
  }

  @Test
  void whileAResidentIsBeingServed_readIsDeviceNotReady_andAReadHoldsTheKioskUntilItEnds() throws Exception {
    autoScreen.answer(AutoScreen.Answer.NEVER);
    reader.insert(SampleResidents.ZHANG_SAN);
    await().atMost(WAIT).until(() -> state() == State.AWAITING_CONSENT);
    RawWebSocketClient c = connect("/biometric");
    c.send(command(1, "Biometric.Read", "{}"));
    c.next();
    assertThat(c.next().at("/payload/completionCode").asText()).isEqualTo("deviceNotReady");
  }

  @Test
  void noSessionStartsWhileAReadRuns() throws Exception {
    face.paced(vertx, Duration.ofMillis(300));
    RawWebSocketClient c = connect("/biometric");
    c.send(command(1, "Biometric.Read", "{}"));
    c.next();
    reader.insert(SampleResidents.LI_SI);
    Thread.sleep(500);
    assertThat(state()).isEqualTo(State.WAITING_FOR_CARD);
    assertThat(c.nextOfType("completion").at("/payload/completionCode").asText()).isEqualTo("success");
  }

  private static String command(long id, String name, String payload) {
    return "{\"header\":{\"type\":\"command\",\"name\":\"" + name + "\",\"requestId\":" + id
        + ",\"version\":\"1.0\"},\"payload\":" + payload + "}";
  }

  private RawWebSocketClient connect(String path) throws Exception {
    RawWebSocketClient c = RawWebSocketClient.connect(server.publisherUri() + path, token, WAIT);
    clients.add(c);
    return c;
  }
}
