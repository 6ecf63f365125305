package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.idcard.SamCommand;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.local.xfs.XfsTokens;
import org.doorstep.agent.testing.EmbeddedBroker;
import org.doorstep.agent.testing.Ptys;
import org.doorstep.agent.testing.RawWebSocketClient;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.LocalServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole agent with {@code local.xfs4iot} on port 0 and the reader and printer on PTY_SIMULATOR: bank host
 * software (a JDK WebSocket client sending raw JSON) finds the services, reads the ID card through the real
 * GA/T 467 driver (the kiosk's flow leaves that card alone) and prints a receipt through the real ESC/POS
 * driver; the kiosk then certifies the next resident and commits the record as before.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AgentXfsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path brokerDir;
  @TempDir Path dataDir;
  private Vertx vertx;
  private EmbeddedBroker broker;
  private AgentVerticle agent;
  private final BlockingQueue<SessionSummary> sessions = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    Ptys.requireOnLinux();
    vertx = Vertx.vertx();
    broker = EmbeddedBroker.start(brokerDir, 10);
    DoorstepConfig base = TestAgents.config("kiosk-xfs", dataDir, broker.url(), Duration.ofSeconds(2), 50);
    DeviceProfile defaults = ConfigLoader.withoutEnvironment().loadDefaults().devices();
    LocalServices local = new LocalServices(LocalServices.DISABLED, LocalServices.LOOPBACK,
        LocalServices.OpcUa.OFF, new LocalServices.Xfs4Iot(0, ""));
    agent = new AgentVerticle(TestAgents.with(base, TestAgents.ptyDevices(defaults, "https://v.example/r/"), local),
        TestAgents.fastOptions(), sessions::add);
    vertx.deployVerticle(agent).await();
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void bankSoftware_readsTheCardAndPrints_throughTheRealDrivers_andTheKiosksRecordIsKept() throws Exception {
    Path tokenFile = agent.localApiTokenFile().orElseThrow();
    assertThat(tokenFile).isEqualTo(dataDir.resolve(XfsTokens.DEFAULT_FILE));
    String token = Files.readString(tokenFile).trim();
    String root = agent.localApiUri().orElseThrow();
    assertThat(root).startsWith("ws://127.0.0.1:").endsWith("/xfs4iot/v1.0");

    RawWebSocketClient publisher = RawWebSocketClient.connect(root, token, Duration.ofSeconds(30));
    publisher.send(command("ServicePublisher.GetServices", 1, "{}"));
    publisher.next();
    JsonNode services = publisher.next().at("/payload/services");
    String cardReader = services.get(0).path("serviceURI").asText();
    String printerUri = services.get(1).path("serviceURI").asText();

    RawWebSocketClient reader = RawWebSocketClient.connect(cardReader, token, Duration.ofSeconds(30));
    reader.send(command("CardReader.ReadRawData", 1, "{\"timeout\":20000}"));
    assertThat(reader.next().at("/payload/status").isNull()).isTrue();
    agent.kioskDevices().present(SampleResidents.ZHAO_XIUYING);     // on the pty reader simulator
    assertThat(reader.next().at("/header/name").asText()).isEqualTo("CardReader.MediaInsertedEvent");
    JsonNode read = reader.next();
    assertThat(read.at("/payload/completionCode").asText()).isEqualTo("success");
    assertThat(read.at("/payload/idCard/idNumber").asText()).isEqualTo(SampleResidents.ZHAO_XIUYING.idNumber().masked());
    assertThat(agent.kioskDevices().readerSimulator().orElseThrow().requests(SamCommand.READ_TEXT_PHOTO)).isPositive();

    // The kiosk left the host's card alone (no session), and serves the next resident as before.
    assertThat(agent.session().await().state()).isEqualTo(org.doorstep.agent.session.State.WAITING_FOR_CARD);
    agent.kioskDevices().takeAway();
    // A person lifts a card and places the next one seconds apart; the kiosk must see the reader empty first.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !agent.awaitingCardRemoval());
    SessionSummary kiosk = agent.certify(SampleResidents.WANG_WU).await();
    assertThat(sessions).hasSize(1);
    assertThat(agent.outbox().find(kiosk.recordId().orElseThrow()).await()).isPresent();

    RawWebSocketClient printer = RawWebSocketClient.connect(printerUri, token, Duration.ofSeconds(30));
    printer.send(command("Common.Status", 1, "null"));
    printer.next();
    assertThat(printer.next().at("/payload/printer/paper/upper").asText()).isIn("full", "unknown");
    int before = agent.kioskDevices().printerSimulator().orElseThrow().receipts().size();
    printer.send(command("Printer.PrintForm", 2, "{\"formName\":\"certificationResult\",\"fields\":{"
        + "\"recordId\":\"bank-42\",\"outcome\":\"CERTIFIED\",\"idNumber\":\""
        + SampleResidents.LI_SI.idNumber().unmasked() + "\",\"name\":\"李四\"}}"));
    printer.next();
    assertThat(printer.next().at("/payload/completionCode").asText()).isEqualTo("success");
    var receipts = agent.kioskDevices().printerSimulator().orElseThrow().receipts();
    assertThat(receipts).hasSize(before + 1);
    assertThat(receipts.get(receipts.size() - 1).text()).contains(SampleResidents.LI_SI.idNumber().masked())
        .doesNotContain(SampleResidents.LI_SI.idNumber().unmasked());
  }

  @Test
  void bankSoftware_startsACertification_andGetsTheRecordIdOfTheKiosksSignedRecord() throws Exception {
    String token = Files.readString(agent.localApiTokenFile().orElseThrow()).trim();
    RawWebSocketClient publisher = RawWebSocketClient.connect(agent.localApiUri().orElseThrow(), token,
        Duration.ofSeconds(30));
    publisher.send(command("ServicePublisher.GetServices", 1, "{}"));
    publisher.next();
    String doorstep = publisher.next().at("/payload/services").findValuesAsText("serviceURI").stream()
        .filter(u -> u.endsWith("/doorstep")).findFirst().orElseThrow();

    RawWebSocketClient host = RawWebSocketClient.connect(doorstep, token, Duration.ofSeconds(30));
    host.send(command("Doorstep.StartService", 1, "{\"service\":\"certification\",\"timeout\":60000}"));
    assertThat(host.next().at("/payload/status").isNull()).isTrue();
    agent.kioskDevices().present(SampleResidents.ZHAO_XIUYING);     // the resident, on the pty reader simulator
    JsonNode first = host.next();
    assertThat(first.at("/header/name").asText()).isEqualTo("Doorstep.PromptEvent");
    assertThat(first.at("/payload/key").asText()).isEqualTo("session.reading-card");
    JsonNode done = host.nextOfType("completion");
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("success");
    String recordId = done.at("/payload/recordId").asText();
    assertThat(agent.outbox().find(recordId).await()).isPresent();
    assertThat(done.at("/payload/subject/idNumber").asText()).isEqualTo(SampleResidents.ZHAO_XIUYING.idNumber().masked());
    agent.kioskDevices().takeAway();
  }

  private static String command(String name, long id, String payload) {
    return "{\"header\":{\"type\":\"command\",\"name\":\"" + name + "\",\"requestId\":" + id
        + ",\"version\":\"1.0\"},\"payload\":" + payload + "}";
  }
}
