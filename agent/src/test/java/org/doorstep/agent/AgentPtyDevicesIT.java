package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.device.printer.sim.EscPosPrinterSimulator;
import org.doorstep.agent.device.printer.sim.PrintedReceipt;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.records.OutboxEntry;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.EmbeddedBroker;
import org.doorstep.agent.testing.Ptys;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.testing.TestFleet;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DoorstepConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole agent whose profile puts the ID card reader and the receipt printer on PTY_SIMULATOR: the real
 * GA/T 467 and ESC/POS drivers talk to the protocol simulators over pseudo-terminals, as in the README demo.
 * The receipt is read back from the printer simulator (text and PNG), the health from the retained state
 * and the local HTTP API.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AgentPtyDevicesIT {
  private static final String VERIFY = "https://verify.example.gov.cn/r/";

  @TempDir Path brokerDir;
  @TempDir Path dataDir;
  private Vertx vertx;
  private EmbeddedBroker broker;
  private TestFleet fleet;
  private AgentVerticle agent;

  @BeforeEach
  void start() throws Exception {
    Ptys.requireOnLinux();
    vertx = Vertx.vertx();
    broker = EmbeddedBroker.start(brokerDir, 10);
    fleet = new TestFleet(broker.url(), TestFleet.Mode.ACK);
    DoorstepConfig base = TestAgents.config("kiosk-pty", dataDir, broker.url(), Duration.ofSeconds(2), 50);
    DeviceProfile defaults = ConfigLoader.withoutEnvironment().loadDefaults().devices();
    agent = new AgentVerticle(TestAgents.with(base, TestAgents.ptyDevices(defaults, VERIFY),
        TestAgents.localOnFreePorts(false)), TestAgents.fastOptions());
    vertx.deployVerticle(agent).await();
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.uplinkStatus().await().connected());
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (fleet != null) {
      fleet.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private EscPosPrinterSimulator printer() {
    return agent.kioskDevices().printerSimulator().orElseThrow();
  }

  @Test
  void certification_reads_the_card_over_the_pty_and_prints_a_masked_receipt_whose_qr_is_the_record() throws Exception {
    assertThat(agent.kioskDevices().readerDriver()).isEqualTo(DeviceProfile.Driver.PTY_SIMULATOR);
    assertThat(agent.kioskDevices().printerDriver()).isEqualTo(DeviceProfile.Driver.PTY_SIMULATOR);

    SessionSummary s = agent.certify(SampleResidents.ZHANG_SAN).await();

    assertThat(s.state()).isEqualTo(State.DONE);
    assertThat(s.certified()).isTrue();
    assertThat(s.message()).isEqualTo(ResidentMessage.CERTIFIED_TAKE_RECEIPT);
    String recordId = s.recordId().orElseThrow();
    assertThat(agent.outbox().find(recordId).await()).isPresent();
    // The reader simulator served the card: the driver's reads, not the in-process reader.
    assertThat(agent.kioskDevices().readerSimulator().orElseThrow().requests(
        org.doorstep.agent.device.idcard.SamCommand.READ_TEXT_PHOTO)).isPositive();

    PrintedReceipt receipt = printer().lastReceipt().orElseThrow();
    String number = SampleResidents.ZHANG_SAN.idNumber().unmasked();
    assertThat(receipt.text()).contains(SampleResidents.ZHANG_SAN.idNumber().masked())
        .doesNotContain(number).doesNotContain("张三");
    assertThat(receipt.qrPayloads()).containsExactly(VERIFY + recordId);
    var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(
        ImageIO.read(new ByteArrayInputStream(receipt.png())))));
    assertThat(new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, true)).getText())
        .isEqualTo(VERIFY + recordId);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lastState().peripherals())
        .containsEntry("idCardReader", "ONLINE").containsEntry("printer", "ONLINE").containsEntry("gpio", "NODEVICE"));
    JsonObject health = getJson(agent.localHttpPort(), "/api/health");
    assertThat(health.getString("deviceId")).isEqualTo("kiosk-pty");
    assertThat(health.getJsonObject("peripherals").getJsonObject("printer").getString("paper")).isEqualTo("FULL");
    assertThat(health.getJsonObject("peripherals").getJsonObject("idCardReader").getString("status"))
        .isEqualTo("ONLINE");
  }

  @Test
  void paper_out_is_hwerror_in_the_state_the_record_is_kept_and_the_receipt_reprints_once_paper_is_loaded()
      throws Exception {
    printer().paperOut();

    SessionSummary s = agent.certify(SampleResidents.LI_SI).await();

    assertThat(s.state()).isEqualTo(State.DONE);
    assertThat(s.message()).isEqualTo(ResidentMessage.CERTIFIED_NO_RECEIPT);
    assertThat(agent.simulators().screen().shown()).contains(ResidentMessage.PRINTER_PAPER_OUT);
    String recordId = s.recordId().orElseThrow();
    assertThat(agent.outbox().find(recordId).await()).map(OutboxEntry::recordId).contains(recordId);
    assertThat(printer().receipts()).isEmpty();
    assertThat(agent.health().get(Peripheral.PRINTER).status()).isEqualTo(PeripheralHealth.HWERROR);
    assertThat(agent.health().get(Peripheral.PRINTER).paper()).isEqualTo(PaperState.OUT);
    assertThat(agent.health().get(Peripheral.PRINTER).lastError().orElseThrow().code()).isEqualTo("PAPER_OUT");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(lastState().peripherals()).containsEntry("printer", "HWERROR"));
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.outboxPending().await() == 0);

    printer().ok();
    assertThat(agent.unprintedReceipts().await()).containsExactly(recordId);
    agent.reprint(recordId).await();

    assertThat(printer().receipts()).hasSize(1);
    assertThat(printer().lastReceipt().orElseThrow().qrPayloads()).containsExactly(VERIFY + recordId);
    assertThat(agent.unprintedReceipts().await()).isEmpty();
    assertThat(agent.health().get(Peripheral.PRINTER).paper()).isEqualTo(PaperState.FULL);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(lastState().peripherals()).containsEntry("printer", "ONLINE"));
  }

  @Test
  void a_resident_whose_card_expired_gets_the_expiry_message_from_the_real_driver() {
    SessionSummary s = agent.certify(SampleResidents.LIU_GUILAN_EXPIRED).await();

    assertThat(s.state()).isEqualTo(State.FAILED);
    assertThat(s.message()).isEqualTo(ResidentMessage.CARD_EXPIRED);
    assertThat(s.recordId()).isEmpty();
  }

  private DeviceState lastState() {
    List<DeviceState> states = fleet.states("kiosk-pty");
    assertThat(states).isNotEmpty();
    return states.get(states.size() - 1);
  }

  private JsonObject getJson(int port, String path) {
    assertThat(port).isPositive();
    return vertx.createHttpClient().request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(req -> req.send().compose(resp -> resp.body())) // body() in the response's own callback
        .map(b -> b.toJsonObject())
        .await();
  }
}
