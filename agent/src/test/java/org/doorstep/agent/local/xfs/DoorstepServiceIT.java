package org.doorstep.agent.local.xfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.RawWebSocketClient;
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
  @TempDir Path dir;
  private KioskBehindXfs k;

  @BeforeEach
  void start() throws Exception {
    k = new KioskBehindXfs(dir);
  }

  @AfterEach
  void stop() throws Exception {
    k.close();
  }

  @Test
  void getCatalog_listsTheTerminalsServicesAndWhichCanBeStarted() throws Exception {
    RawWebSocketClient c = k.connect("/doorstep");
    c.send(KioskBehindXfs.command(1, "Doorstep.GetCatalog", "{}"));
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
    RawWebSocketClient c = k.connect("/doorstep");
    c.send(startService(5, "certification", 0));
    assertThat(c.next().at("/payload/status").isNull()).isTrue();
    k.reader.insert(SampleResidents.ZHANG_SAN);

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
    assertThat(k.outbox.find(recordId).await()).isPresent();
    assertThat(m.at("/payload/subject/idNumber").asText()).isEqualTo(SampleResidents.ZHANG_SAN.idNumber().masked());
    assertThat(m.toString()).doesNotContain(SampleResidents.ZHANG_SAN.idNumber().unmasked())
        .doesNotContain(SampleResidents.ZHANG_SAN.name().unmasked());
  }

  @Test
  void startService_refusesUnknownDisabledAndNotYetBuiltServicesByErrorCode() throws Exception {
    RawWebSocketClient c = k.connect("/doorstep");
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
    RawWebSocketClient first = k.connect("/doorstep");
    first.send(startService(1, "certification", 0));
    first.next();
    RawWebSocketClient second = k.connect("/doorstep");
    second.send(startService(1, "certification", 0));
    second.next();
    JsonNode refused = second.next();
    assertThat(refused.at("/payload/completionCode").asText()).isEqualTo("sequenceError");
  }

  @Test
  void noCardWithinTheTimeout_isTimeOut_andTheKioskServesTheNextResidentByItself() throws Exception {
    RawWebSocketClient c = k.connect("/doorstep");
    c.send(startService(1, "certification", 300));
    c.next();
    assertThat(c.next().at("/payload/completionCode").asText()).isEqualTo("timeOut");
    Future<org.doorstep.agent.kiosk.SessionSummary> end =
        k.on(() -> Future.succeededFuture(k.runner.nextSessionEnd()));
    k.reader.insert(SampleResidents.LI_SI);
    assertThat(end.await(30, TimeUnit.SECONDS).certified()).isTrue();
  }

  @Test
  void aSessionThatEndsWithoutARecord_isNotCompletedWithTheWords() throws Exception {
    k.autoScreen.answer(AutoScreen.Answer.REFUSE);
    RawWebSocketClient c = k.connect("/doorstep");
    c.send(startService(1, "certification", 0));
    c.next();
    k.reader.insert(SampleResidents.WANG_WU);
    JsonNode done = c.nextOfType("completion");
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("commandErrorCode");
    assertThat(done.at("/payload/errorCode").asText()).isEqualTo("notCompleted");
    assertThat(done.at("/payload/state").asText()).isEqualTo("CANCELLED");
    assertThat(done.at("/payload/message/key").asText()).isEqualTo("result.consent-refused");
    assertThat(done.at("/payload/recordId").isNull()).isTrue();
  }

  @Test
  void whileAResidentIsBeingServed_startServiceIsDeviceNotReady() throws Exception {
    k.autoScreen.answer(AutoScreen.Answer.NEVER);
    k.reader.insert(SampleResidents.ZHANG_SAN);
    await().atMost(KioskBehindXfs.WAIT).until(() -> k.state() == State.AWAITING_CONSENT);
    RawWebSocketClient c = k.connect("/doorstep");
    c.send(startService(1, "certification", 0));
    c.next();
    JsonNode done = c.next();
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("deviceNotReady");
    assertThat(done.at("/payload/errorDescription").asText()).contains("resident is being served");
  }

  @Test
  void aClientThatDisconnectsMidService_cancelsTheSessionCleanly_andFreesTheService() throws Exception {
    k.autoScreen.answer(AutoScreen.Answer.NEVER);
    RawWebSocketClient gone = k.connect("/doorstep");
    gone.send(startService(1, "certification", 0));
    gone.next();
    k.reader.insert(SampleResidents.ZHANG_SAN);
    await().atMost(KioskBehindXfs.WAIT).until(() -> k.state() == State.AWAITING_CONSENT);
    gone.close();
    await().atMost(KioskBehindXfs.WAIT).until(() -> k.state() == State.CANCELLED);
    assertThat(k.outbox.summary(0).await().pending()).isZero();
    k.reader.remove();
    await().atMost(KioskBehindXfs.WAIT).until(() -> k.state() == State.WAITING_FOR_CARD);

    k.autoScreen.answer(AutoScreen.Answer.AGREE);
    RawWebSocketClient next = k.connect("/doorstep");
    next.send(startService(2, "certification", 0));
    assertThat(next.next().at("/payload/status").isNull()).isTrue();
    k.reader.insert(SampleResidents.LI_SI);
    JsonNode done = next.nextOfType("completion");
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("success");
  }

  @Test
  void commonCancel_beforeACardIsPlaced_completesCanceled() throws Exception {
    RawWebSocketClient c = k.connect("/doorstep");
    c.send(startService(4, "certification", 0));
    c.next();
    c.send(KioskBehindXfs.command(5, "Common.Cancel", "{\"requestIds\":[4]}"));
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonNode m = c.next();
      seen.add(m.at("/header/type").asText() + " " + m.at("/header/requestId").asLong() + " "
          + m.at("/payload/completionCode").asText(""));
    }
    assertThat(seen).contains("completion 4 canceled", "completion 5 success");
  }

  private static String startService(long id, String service, long timeoutMs) {
    return KioskBehindXfs.command(id, "Doorstep.StartService", "{\"service\":\"" + service + "\",\"timeout\":"
        + timeoutMs + "}");
  }
}
