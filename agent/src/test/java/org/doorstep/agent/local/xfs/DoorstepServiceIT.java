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
 * The vendor {@code Doorstep} service as bank host software sees it: raw JSON over a JDK WebSocket (none of our
 * message classes) to a real XFS4IoT server in front of a real certification runner (simulated reader, face check
 * and printer; a real SQLite outbox).
 */
class DoorstepServiceIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private Vertx vertx;
  private Context ctx;
  private XfsServer server;
  private SqliteOutbox outbox;
  private CertificationRunner runner;
  private final SimulatedIdCardReader reader = new SimulatedIdCardReader();
  private final SimulatedFaceCheck face = new SimulatedFaceCheck(SimulatedFaceCheck.Outcome.PASS);
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
    ObservedScreen screen = new ObservedScreen(autoScreen);
    runner = new CertificationRunner(vertx, "kiosk-xfs", new CertificationFlow(SimulatedRunner.POLICY), reader, face,
        new SimulatedReceiptPrinter(SimulatedRunner.POLICY.zone()), screen, outbox, evidence, records,
        List.of("BLINK"), 1, Clock.systemUTC(), Duration.ofMillis(20), Duration.ofMillis(50), e -> { }, s -> { });
    health.setStatus(Peripheral.ID_CARD_READER, PeripheralHealth.ONLINE);
    on(() -> {
      runner.start();
      return Future.succeededFuture();
    });
    Path tokenFile = dir.resolve(XfsTokens.DEFAULT_FILE);
    XfsTokens tokens = XfsTokens.load(tokenFile);
    token = Files.readString(tokenFile).trim();
    List<ServiceEntry> catalog = List.of(new ServiceEntry("certification", true),
        new ServiceEntry("registration", true), new ServiceEntry("proof-print", false));
    server = new XfsServer(vertx, 0, tokens, List.of(new DoorstepService(vertx, runner, screen, catalog, health)));
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
  void getCatalog_listsTheTerminalsServicesAndWhichCanBeStarted() throws Exception {
    RawWebSocketClient c = connect();
    c.send(command(1, "Doorstep.GetCatalog", "{}"));
    assertThat(c.next().at("/payload/status").isNull()).isTrue();
    JsonNode done = c.next();
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("success");
    JsonNode services = done.at("/payload/services");
    assertThat(services).hasSize(3);
    assertThat(services.get(0).path("service").asText()).isEqualTo("certification");
    assertThat(services.get(0).path("available").asBoolean()).isTrue();
    assertThat(services.get(1).path("available").asBoolean()).isFalse();
    assertThat(services.get(2).path("enabled").asBoolean()).isFalse();
  }

  @Test
  void startService_runsACertificationOnTheKioskAndCompletesWithTheRecordId() throws Exception {
    RawWebSocketClient c = connect();
    c.send(startService(5, "certification", 0));
    assertThat(c.next().at("/payload/status").isNull()).isTrue();
    reader.insert(SampleResidents.ZHANG_SAN);

    List<String> prompts = new ArrayList<>();
    JsonNode m;
    while (!(m = c.next()).at("/header/type").asText().equals("completion")) {
      assertThat(m.at("/header/type").asText()).isEqualTo("event");
      assertThat(m.at("/header/requestId").asLong()).isEqualTo(5);
      if (m.at("/header/name").asText().equals("Doorstep.PromptEvent")) {
        prompts.add(m.at("/payload/key").asText());
        assertThat(m.at("/payload/zh").asText()).isNotBlank();
      }
    }
    assertThat(prompts).startsWith("session.reading-card").contains("session.saving", "result.certified");
    assertThat(m.at("/payload/completionCode").asText()).isEqualTo("success");
    assertThat(m.at("/payload/outcome").asText()).isEqualTo("CERTIFIED");
    assertThat(m.at("/payload/state").asText()).isEqualTo("DONE");
    String recordId = m.at("/payload/recordId").asText();
    assertThat(outbox.find(recordId).await()).isPresent();
    assertThat(m.at("/payload/subject/idNumber").asText()).isEqualTo(SampleResidents.ZHANG_SAN.idNumber().masked());
    assertThat(m.toString()).doesNotContain(SampleResidents.ZHANG_SAN.idNumber().unmasked())
        .doesNotContain(SampleResidents.ZHANG_SAN.name().unmasked());
  }

  @Test
  void startService_refusesUnknownDisabledAndNotYetBuiltServicesByErrorCode() throws Exception {
    RawWebSocketClient c = connect();
    c.send(startService(1, "cash-withdrawal", 0));
    c.next();
    JsonNode unknown = c.next();
    assertThat(unknown.at("/payload/completionCode").asText()).isEqualTo("commandErrorCode");
    assertThat(unknown.at("/payload/errorCode").asText()).isEqualTo("serviceNotFound");
    c.send(startService(2, "proof-print", 0));
    c.next();
    JsonNode disabled = c.next();
    assertThat(disabled.at("/payload/errorCode").asText()).isEqualTo("serviceNotAvailable");
    assertThat(disabled.at("/payload/errorDescription").asText()).contains("disabled");
    c.send(startService(3, "registration", 0));
    c.next();
    assertThat(c.next().at("/payload/errorCode").asText()).isEqualTo("serviceNotAvailable");
  }

  @Test
  void aSecondServiceWhileOneRuns_isASequenceError() throws Exception {
    RawWebSocketClient first = connect();
    first.send(startService(1, "certification", 0));
    first.next();
    RawWebSocketClient second = connect();
    second.send(startService(1, "certification", 0));
    second.next();
    JsonNode refused = second.next();
    assertThat(refused.at("/payload/completionCode").asText()).isEqualTo("sequenceError");
  }

  @Test
  void noCardWithinTheTimeout_isTimeOut_andTheKioskServesTheNextResidentByItself() throws Exception {
    RawWebSocketClient c = connect();
    c.send(startService(1, "certification", 300));
    c.next();
    assertThat(c.next().at("/payload/completionCode").asText()).isEqualTo("timeOut");
    Future<org.doorstep.agent.kiosk.SessionSummary> end = on(() -> Future.succeededFuture(runner.nextSessionEnd()));
    reader.insert(SampleResidents.LI_SI);
    assertThat(end.await(30, TimeUnit.SECONDS).certified()).isTrue();
  }

  @Test
  void aSessionThatEndsWithoutARecord_isNotCompletedWithTheWords() throws Exception {
    autoScreen.answer(AutoScreen.Answer.REFUSE);
    RawWebSocketClient c = connect();
    c.send(startService(1, "certification", 0));
    c.next();
    reader.insert(SampleResidents.WANG_WU);
    JsonNode done = c.nextOfType("completion");
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("commandErrorCode");
    assertThat(done.at("/payload/errorCode").asText()).isEqualTo("notCompleted");
    assertThat(done.at("/payload/state").asText()).isEqualTo("CANCELLED");
    assertThat(done.at("/payload/message/key").asText()).isEqualTo("result.consent-refused");
    assertThat(done.at("/payload/recordId").isNull()).isTrue();
  }

  @Test
  void whileAResidentIsBeingServed_startServiceIsDeviceNotReady() throws Exception {
    autoScreen.answer(AutoScreen.Answer.NEVER);
    reader.insert(SampleResidents.ZHANG_SAN);
    await().atMost(WAIT).until(() -> state() == State.AWAITING_CONSENT);
    RawWebSocketClient c = connect();
    c.send(startService(1, "certification", 0));
    c.next();
    JsonNode done = c.next();
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("deviceNotReady");
    assertThat(done.at("/payload/errorDescription").asText()).contains("resident is being served");
  }

  @Test
  void aClientThatDisconnectsMidService_cancelsTheSessionCleanly_andFreesTheService() throws Exception {
    autoScreen.answer(AutoScreen.Answer.NEVER);
    RawWebSocketClient gone = connect();
    gone.send(startService(1, "certification", 0));
    gone.next();
    reader.insert(SampleResidents.ZHANG_SAN);
    await().atMost(WAIT).until(() -> state() == State.AWAITING_CONSENT);
    gone.close();
    await().atMost(WAIT).until(() -> state() == State.CANCELLED);
    assertThat(outbox.summary(0).await().pending()).isZero();
    reader.remove();
    await().atMost(WAIT).until(() -> state() == State.WAITING_FOR_CARD);

    autoScreen.answer(AutoScreen.Answer.AGREE);
    RawWebSocketClient next = connect();
    next.send(startService(2, "certification", 0));
    assertThat(next.next().at("/payload/status").isNull()).isTrue();
    reader.insert(SampleResidents.LI_SI);
    JsonNode done = next.nextOfType("completion");
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("success");
  }

  @Test
  void commonCancel_beforeACardIsPlaced_completesCanceled() throws Exception {
    RawWebSocketClient c = connect();
    c.send(startService(4, "certification", 0));
    c.next();
    c.send(command(5, "Common.Cancel", "{\"requestIds\":[4]}"));
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonNode m = c.next();
      seen.add(m.at("/header/type").asText() + " " + m.at("/header/requestId").asLong() + " "
          + m.at("/payload/completionCode").asText(""));
    }
    assertThat(seen).contains("completion 4 canceled", "completion 5 success");
  }

  private static String command(long id, String name, String payload) {
    return "{\"header\":{\"type\":\"command\",\"name\":\"" + name + "\",\"requestId\":" + id
        + ",\"version\":\"1.0\"},\"payload\":" + payload + "}";
  }

  private static String startService(long id, String service, long timeoutMs) {
    return command(id, "Doorstep.StartService", "{\"service\":\"" + service + "\",\"timeout\":" + timeoutMs + "}");
  }

  private RawWebSocketClient connect() throws Exception {
    RawWebSocketClient c = RawWebSocketClient.connect(server.publisherUri() + "/doorstep", token, WAIT);
    clients.add(c);
    return c;
  }
}
