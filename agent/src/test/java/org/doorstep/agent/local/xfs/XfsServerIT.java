package org.doorstep.agent.local.xfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
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
  private final List<Client> clients = new java.util.ArrayList<>();

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
    clients.forEach(Client::close);
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
    Client c = connect("", token);
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
    Client c = connect("/cardreader", token);
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
    Client c = connect("/cardreader", personalToken);
    c.send(readRawData(1, 0));
    c.next();                          // acknowledge
    c.next();                          // MediaInsertedEvent
    JsonNode done = c.next();
    assertThat(done.at("/payload/idCard/idNumber").asText()).isEqualTo(SampleResidents.LI_SI.idNumber().unmasked());
    assertThat(done.at("/payload/idCard/masked").asBoolean()).isFalse();
  }

  @Test
  void readRawData_withoutACard_timesOut() throws Exception {
    Client c = connect("/cardreader", token);
    c.send(readRawData(3, 300));
    c.next();
    JsonNode done = c.next();
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("timeOut");
  }

  @Test
  void readRawData_ofAnUnreadableCard_isInvalidMedia() throws Exception {
    reader.insert(SampleResidents.WANG_WU);
    reader.unreadable(true);
    Client c = connect("/cardreader", token);
    c.send(readRawData(3, 0));
    c.next();
    c.next();                          // inserted
    JsonNode done = c.next();
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("commandErrorCode");
    assertThat(done.at("/payload/errorCode").asText()).isEqualTo("invalidMedia");
  }

  @Test
  void malformedJson_isAcknowledgedInvalidMessage_andTheConnectionStaysUsable() throws Exception {
    Client c = connect("/cardreader", token);
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
    Client c = connect("/cardreader", token);
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
    Client first = connect("/cardreader", token);
    first.send(readRawData(1, 0));
    first.next();
    Client second = connect("/cardreader", token);
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
    Client c = connect("/cardreader", token);
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
    Client gone = connect("/cardreader", token);
    gone.send(readRawData(1, 0));
    gone.next();
    gone.close();
    reader.insert(SampleResidents.ZHANG_SAN);
    org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
      Client next = connect("/cardreader", token);
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
    Client a = connect("/cardreader", token);
    Client b = connect("/cardreader", token);
    org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
      a.send(status(1));
      assertThat(a.next().at("/header/type").asText()).isEqualTo("acknowledge");
      assertThat(a.next().at("/payload/cardReader/media").asText()).isEqualTo("present");
    });
    reader.remove();
    for (Client c : List.of(a, b)) {
      JsonNode m = c.nextOfType("unsolicited");
      assertThat(m.at("/header/name").asText()).isEqualTo("CardReader.MediaRemovedEvent");
      assertThat(m.at("/header/requestId").asLong()).isZero();
    }
  }

  @Test
  void capabilities_nameTheInterfacesCommandsAndEvents() throws Exception {
    Client c = connect("/cardreader", token);
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
    Client c = connect("/printer", token);
    c.send("{\"header\":{\"type\":\"command\",\"name\":\"Printer.Eject\",\"requestId\":4,\"version\":\"1.0\"}}");
    assertThat(c.next().at("/payload/status").isNull()).isTrue();
    assertThat(c.next().at("/payload/completionCode").asText()).isEqualTo("unsupportedCommand");
  }

  @Test
  void printForm_printsTheReceiptMasked() throws Exception {
    Client c = connect("/printer", token);
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
    Client c = connect("/printer", token);
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

  private Client connect(String path, String bearer) throws Exception {
    Client c = new Client();
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    try {
      c.ws = b.buildAsync(URI.create(server.publisherUri() + path), c).get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
    clients.add(c);
    return c;
  }

  private static final class Client implements WebSocket.Listener {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket ws;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    void send(String text) {
      ws.sendText(text, true).join();
    }

    JsonNode next() throws Exception {
      String m = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(m).as("a message within " + WAIT).isNotNull();
      return JSON.readTree(m);
    }

    JsonNode nextOfType(String type) throws Exception {
      while (true) {
        JsonNode m = next();
        if (type.equals(m.at("/header/type").asText())) {
          return m;
        }
      }
    }

    void close() {
      if (ws != null && !ws.isOutputClosed()) {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
      }
    }
  }
}
