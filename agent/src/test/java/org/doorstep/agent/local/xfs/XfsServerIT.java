package org.doorstep.agent.local.xfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
import org.doorstep.agent.testing.RawWebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XFS4IoT local API as a bank's host software sees it: a JDK WebSocket client sends raw JSON strings
 * (none of our message classes) to the server on port 0, in front of the in-process reader and printer
 * simulators behind the agent's ports.
 */
class XfsServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;
  private Vertx vertx;
  private XfsServer server;
  private final SimulatedIdCardReader reader = new SimulatedIdCardReader();
  private final SimulatedReceiptPrinter printer = new SimulatedReceiptPrinter(ZoneId.of("Asia/Shanghai"));
  private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  private String token;
  private String personalToken;
  private final List<RawWebSocketClient> clients = new java.util.ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Path tokenFile = dir.resolve(XfsTokens.DEFAULT_FILE);
    personalToken = "personal-scope-token-0123456789";
    Path personal = XfsTokens.personalFile(tokenFile);
    Files.createFile(personal, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(personal, personalToken + "\n");
    XfsTokens tokens = XfsTokens.load(tokenFile);
    token = Files.readString(tokenFile).trim();
    health.setStatus(Peripheral.ID_CARD_READER, PeripheralHealth.ONLINE);
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.ONLINE);
    server = new XfsServer(vertx, 0, tokens, List.of(new CardReaderService(vertx, reader, health),
        new PrinterService(printer, health, "kiosk-001", Clock.systemUTC())));
    server.start().await();
  }

  @AfterEach
  void stop() {
    clients.forEach(RawWebSocketClient::close);
    server.stop().await();
    vertx.close().await();
  }

  @Test
  void tokenFile_isCreatedReadableByItsOwnerOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(XfsTokens.DEFAULT_FILE))))
        .isEqualTo("rw-------");
    assertThat(token).hasSizeGreaterThanOrEqualTo(40);
  }

  @Test
  void aTokenFileOthersMayRead_isRefused() throws Exception {
    Path loose = dir.resolve("loose.token");
    Files.writeString(loose, "a-token-of-enough-length-0123456789\n");
    Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> XfsTokens.load(loose)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chmod 600");
    assertThat(XfsTokens.load(dir.resolve(XfsTokens.DEFAULT_FILE)).scopeOf("Bearer " + personalToken))
        .contains(XfsTokens.Scope.PERSONAL_DATA);
    assertThat(XfsTokens.load(dir.resolve(XfsTokens.DEFAULT_FILE)).scopeOf("Basic " + token)).isEmpty();
  }

  @Test
  void getServices_listsTheCardReaderAndPrinterUris() throws Exception {
    RawWebSocketClient c = connect("", token);
    c.send("{\"header\":{\"type\":\"command\",\"name\":\"ServicePublisher.GetServices\",\"requestId\":1,"
        + "\"version\":\"1.0\"},\"payload\":{\"timeout\":0}}");
    JsonNode ack = c.next();
    assertThat(ack.at("/header/type").asText()).isEqualTo("acknowledge");
    assertThat(ack.at("/header/requestId").asLong()).isEqualTo(1);
    assertThat(ack.at("/payload/status").isNull()).isTrue();
    JsonNode done = c.next();
    assertThat(done.at("/header/type").asText()).isEqualTo("completion");
    assertThat(done.at("/header/name").asText()).isEqualTo("ServicePublisher.GetServices");
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("success");
    assertThat(done.at("/payload/vendorName").asText()).isEqualTo("Doorstep");
    assertThat(done.at("/payload/services").findValuesAsText("serviceURI")).containsExactly(
        server.publisherUri() + "/cardreader", server.publisherUri() + "/printer");
  }

  @Test
  void upgrade_withoutOrWithAWrongToken_isRefusedWith401() {
    for (String t : new String[] {null, "not-the-token-at-all"}) {
      assertThatThrownBy(() -> connect("/cardreader", t))
          .satisfies(e -> assertThat(((WebSocketHandshakeException) rootCause(e)).getResponse().statusCode())
              .isEqualTo(401));
    }
  }

  @Test
  void upgrade_toAnUnknownService_isRefusedWith404() {
    assertThatThrownBy(() -> connect("/cashdispenser", token))
        .satisfies(e -> assertThat(((WebSocketHandshakeException) rootCause(e)).getResponse().statusCode())
            .isEqualTo(404));
  }

  @Test
  void readRawData_acknowledges_sendsMediaInserted_completesWithTheMaskedCard() throws Exception {
    RawWebSocketClient c = connect("/cardreader", token);
    c.send(readRawData(7, 0));
    assertThat(c.next().at("/payload/status").isNull()).isTrue();
    reader.insert(SampleResidents.ZHANG_SAN);
    JsonNode event = c.next();
    assertThat(event.at("/header/type").asText()).isEqualTo("event");
    assertThat(event.at("/header/name").asText()).isEqualTo("CardReader.MediaInsertedEvent");
    assertThat(event.at("/header/requestId").asLong()).isEqualTo(7);
    JsonNode done = c.next();
    assertThat(done.at("/header/type").asText()).isEqualTo("completion");
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("success");
    JsonNode card = done.at("/payload/idCard");
    assertThat(card.path("idNumber").asText()).isEqualTo(SampleResidents.ZHANG_SAN.idNumber().masked());
    assertThat(card.path("name").asText()).isEqualTo(SampleResidents.ZHANG_SAN.name().masked());
    assertThat(card.path("masked").asBoolean()).isTrue();
    assertThat(done.toString()).doesNotContain(SampleResidents.ZHANG_SAN.idNumber().unmasked());
  }

  @Test
  void readRawData_withThePersonalDataToken_carriesTheRealNumber() throws Exception {
    reader.insert(SampleResidents.LI_SI);
    RawWebSocketClient c = connect("/cardreader", personalToken);
    c.send(readRawData(1, 0));
    c.next();                          // acknowledge
    c.next();                          // MediaInsertedEvent
    JsonNode done = c.next();
    assertThat(done.at("/payload/idCard/idNumber").asText()).isEqualTo(SampleResidents.LI_SI.idNumber().unmasked());
    assertThat(done.at("/payload/idCard/masked").asBoolean()).isFalse();
  }

  @Test
  void readRawData_withoutACard_timesOut() throws Exception {
    RawWebSocketClient c = connect("/cardreader", token);
    c.send(readRawData(3, 300));
    c.next();
    JsonNode done = c.next();
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("timeOut");
  }

  @Test
  void readRawData_ofAnUnreadableCard_isInvalidMedia() throws Exception {
    reader.insert(SampleResidents.WANG_WU);
    reader.unreadable(true);
    RawWebSocketClient c = connect("/cardreader", token);
    c.send(readRawData(3, 0));
    c.next();
    c.next();                          // inserted
    JsonNode done = c.next();
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("commandErrorCode");
    assertThat(done.at("/payload/errorCode").asText()).isEqualTo("invalidMedia");
  }

  @Test
  void malformedJson_isAcknowledgedInvalidMessage_andTheConnectionStaysUsable() throws Exception {
    RawWebSocketClient c = connect("/cardreader", token);
    c.send("{\"header\": {\"type\": \"command\", \"name\": ");
    JsonNode ack = c.next();
    assertThat(ack.at("/header/type").asText()).isEqualTo("acknowledge");
    assertThat(ack.at("/payload/status").asText()).isEqualTo("invalidMessage");
    assertThat(ack.at("/payload/errorDescription").asText()).startsWith("not JSON");
    c.send("{\"header\":{\"type\":\"event\",\"name\":\"Common.Status\",\"requestId\":1,\"version\":\"1.0\"}}");
    assertThat(c.next().at("/payload/status").asText()).isEqualTo("invalidMessage");
    c.send(status(2));
    assertThat(c.next().at("/payload/status").isNull()).isTrue();
    assertThat(c.next().at("/payload/completionCode").asText()).isEqualTo("success");
  }

  @Test
  void aRequestIdInUse_isAcknowledgedInvalidRequestId() throws Exception {
    RawWebSocketClient c = connect("/cardreader", token);
    c.send(readRawData(5, 0));
    c.next();
    c.send(status(5));
    JsonNode ack = c.next();
    assertThat(ack.at("/payload/status").asText()).isEqualTo("invalidRequestID");
    c.send(status(0));
    assertThat(c.next().at("/payload/status").asText()).isEqualTo("invalidRequestID");
  }

  @Test
  void aSecondDeviceCommandWhileOneRuns_completesWithSequenceError() throws Exception {
    RawWebSocketClient first = connect("/cardreader", token);
    first.send(readRawData(1, 0));
    first.next();
    RawWebSocketClient second = connect("/cardreader", token);
    second.send(readRawData(1, 0));
    assertThat(second.next().at("/payload/status").isNull()).isTrue();
    JsonNode done = second.next();
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("sequenceError");
    second.send(status(2));          // Common commands are not device commands: answered at once
    second.next();
    assertThat(second.next().at("/payload/common/device").asText()).isEqualTo("online");
  }

  @Test
  void commonCancel_endsAWaitingRead_withCanceled() throws Exception {
    RawWebSocketClient c = connect("/cardreader", token);
    c.send(readRawData(1, 0));
    c.next();
    c.send("{\"header\":{\"type\":\"command\",\"name\":\"Common.Cancel\",\"requestId\":2,\"version\":\"1.0\"},"
        + "\"payload\":{\"requestIds\":[1]}}");
    List<JsonNode> got = List.of(c.next(), c.next(), c.next());
    assertThat(got).anySatisfy(m -> {
      assertThat(m.at("/header/requestId").asLong()).isEqualTo(1);
      assertThat(m.at("/payload/completionCode").asText()).isEqualTo("canceled");
    });
    assertThat(got).anySatisfy(m -> {
      assertThat(m.at("/header/name").asText()).isEqualTo("Common.Cancel");
      assertThat(m.at("/payload/completionCode").asText()).isEqualTo("success");
    });
    reader.insert(SampleResidents.ZHANG_SAN);   // the canceled read must not go on to the card: the device is free
    c.send(readRawData(3, 0));
    c.next();
    c.next();
    assertThat(c.next().at("/payload/completionCode").asText()).isEqualTo("success");
  }

  @Test
  void aClientThatDisconnectsMidCommand_freesTheDeviceForTheNextClient() throws Exception {
    RawWebSocketClient gone = connect("/cardreader", token);
    gone.send(readRawData(1, 0));
    gone.next();
    gone.close();
    reader.insert(SampleResidents.ZHANG_SAN);
    org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
      RawWebSocketClient next = connect("/cardreader", token);
      next.send(readRawData(1, 2000));
      next.next();
      JsonNode m = next.next();
      next.close();
      assertThat(m.at("/header/name").asText()).isEqualTo("CardReader.MediaInsertedEvent");
    });
  }

  @Test
  void takingTheCardAway_isAnUnsolicitedMediaRemovedEvent_toEveryClient() throws Exception {
    reader.insert(SampleResidents.ZHANG_SAN);
    RawWebSocketClient a = connect("/cardreader", token);
    RawWebSocketClient b = connect("/cardreader", token);
    org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
      a.send(status(1));
      assertThat(a.next().at("/header/type").asText()).isEqualTo("acknowledge");
      assertThat(a.next().at("/payload/cardReader/media").asText()).isEqualTo("present");
    });
    reader.remove();
    for (RawWebSocketClient c : List.of(a, b)) {
      JsonNode m = c.nextOfType("unsolicited");
      assertThat(m.at("/header/name").asText()).isEqualTo("CardReader.MediaRemovedEvent");
      assertThat(m.at("/header/requestId").asLong()).isZero();
    }
  }

  @Test
  void capabilities_nameTheInterfacesCommandsAndEvents() throws Exception {
    RawWebSocketClient c = connect("/cardreader", token);
    c.send("{\"header\":{\"type\":\"command\",\"name\":\"Common.Capabilities\",\"requestId\":1,\"version\":\"1.0\"}}");
    c.next();
    JsonNode done = c.next();
    assertThat(done.at("/payload/interfaces").findValuesAsText("name")).containsExactly("Common", "CardReader");
    assertThat(done.at("/payload/interfaces/1/commands").has("CardReader.ReadRawData")).isTrue();
    assertThat(done.at("/payload/interfaces/1/events").has("CardReader.MediaRemovedEvent")).isTrue();
    assertThat(done.at("/payload/cardReader/type").asText()).isEqualTo("contactless");
  }

  @Test
  void anUnknownCommand_completesUnsupportedCommand() throws Exception {
    RawWebSocketClient c = connect("/printer", token);
    c.send("{\"header\":{\"type\":\"command\",\"name\":\"Printer.Eject\",\"requestId\":4,\"version\":\"1.0\"}}");
    assertThat(c.next().at("/payload/status").isNull()).isTrue();
    assertThat(c.next().at("/payload/completionCode").asText()).isEqualTo("unsupportedCommand");
  }

  @Test
  void printForm_printsTheReceiptMasked() throws Exception {
    RawWebSocketClient c = connect("/printer", token);
    c.send(printForm(1, "certificationResult", "\"recordId\":\"rec-1\",\"outcome\":\"CERTIFIED\","
        + "\"idNumber\":\"" + SampleResidents.ZHANG_SAN.idNumber().unmasked() + "\",\"name\":\"张三\""));
    c.next();
    assertThat(c.next().at("/payload/completionCode").asText()).isEqualTo("success");
    assertThat(printer.printed()).hasSize(1);
    assertThat(printer.printed().get(0)).contains("rec-1").contains(SampleResidents.ZHANG_SAN.idNumber().masked())
        .doesNotContain(SampleResidents.ZHANG_SAN.idNumber().unmasked());
  }

  @Test
  void printForm_refusals_areCommandErrorCodes() throws Exception {
    RawWebSocketClient c = connect("/printer", token);
    c.send(printForm(1, "statement", "\"recordId\":\"rec-1\""));
    c.next();
    assertThat(c.next().at("/payload/errorCode").asText()).isEqualTo("formNotFound");
    c.send(printForm(2, "certificationResult", "\"recordId\":\"rec-1\",\"outcome\":\"MAYBE\""));
    c.next();
    JsonNode bad = c.next();
    assertThat(bad.at("/payload/errorCode").asText()).isEqualTo("fieldError");
    assertThat(bad.at("/payload/errorDescription").asText()).contains("outcome");
    printer.paperOut(true);
    c.send(printForm(3, "certificationResult", "\"recordId\":\"rec-1\",\"outcome\":\"CERTIFIED\","
        + "\"idNumber\":\"110101195003071234\",\"name\":\"张三\""));
    c.next();
    JsonNode out = c.next();
    assertThat(out.at("/payload/completionCode").asText()).isEqualTo("commandErrorCode");
    assertThat(out.at("/payload/errorCode").asText()).isEqualTo("paperOut");
    assertThat(printer.printed()).isEmpty();
  }

  // ---- a raw client ----

  private static String readRawData(long id, long timeoutMs) {
    return "{\"header\":{\"type\":\"command\",\"name\":\"CardReader.ReadRawData\",\"requestId\":" + id
        + ",\"version\":\"1.0\"},\"payload\":{\"timeout\":" + timeoutMs + ",\"chip\":true}}";
  }

  private static String status(long id) {
    return "{\"header\":{\"type\":\"command\",\"name\":\"Common.Status\",\"requestId\":" + id
        + ",\"version\":\"1.0\"},\"payload\":null}";
  }

  private static String printForm(long id, String form, String fields) {
    return "{\"header\":{\"type\":\"command\",\"name\":\"Printer.PrintForm\",\"requestId\":" + id
        + ",\"version\":\"1.0\"},\"payload\":{\"formName\":\"" + form + "\",\"fields\":{" + fields + "}}}";
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (!(t instanceof WebSocketHandshakeException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private RawWebSocketClient connect(String path, String bearer) throws Exception {
    RawWebSocketClient c = RawWebSocketClient.connect(server.publisherUri() + path, bearer, WAIT);
    clients.add(c);
    return c;
  }
}
