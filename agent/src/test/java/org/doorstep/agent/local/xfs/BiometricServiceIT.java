package org.doorstep.agent.local.xfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.RawWebSocketClient;
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
  void read_presentsTheSubject_relaysGuidance_andCompletesWithLivenessButNoData() throws Exception {
    RawWebSocketClient c = k.connect("/biometric");
    c.send(KioskBehindXfs.command(3, "Biometric.Read", "{\"mode\":\"scan\",\"numCaptures\":1}"));
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
    k.face.defaultOutcome(SimulatedFaceCheck.Outcome.LIVENESS_FAIL);
    RawWebSocketClient c = k.connect("/biometric");
    c.send(KioskBehindXfs.command(1, "Biometric.Read", "{}"));
    c.next();
    JsonNode done = c.nextOfType("completion");
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("success");
    assertThat(done.at("/payload/liveness/passed").asBoolean()).isFalse();
  }

  @Test
  void askingForImageData_orAnotherMode_isRefusedByErrorCode() throws Exception {
    RawWebSocketClient c = k.connect("/biometric");
    c.send(KioskBehindXfs.command(1, "Biometric.Read", "{\"dataTypes\":[{\"format\":\"facialFeaturesRaw\"}]}"));
    c.next();
    JsonNode data = c.next();
    assertThat(data.at("/payload/completionCode").asText()).isEqualTo("commandErrorCode");
    assertThat(data.at("/payload/errorCode").asText()).isEqualTo("formatNotSupported");
    c.send(KioskBehindXfs.command(2, "Biometric.Read", "{\"mode\":\"enrol\"}"));
    c.next();
    assertThat(c.next().at("/payload/errorCode").asText()).isEqualTo("modeNotSupported");
  }

  @Test
  void whileAResidentIsBeingServed_readIsDeviceNotReady_andAReadHoldsTheKioskUntilItEnds() throws Exception {
    k.autoScreen.answer(AutoScreen.Answer.NEVER);
    k.reader.insert(SampleResidents.ZHANG_SAN);
    await().atMost(KioskBehindXfs.WAIT).until(() -> k.state() == State.AWAITING_CONSENT);
    RawWebSocketClient c = k.connect("/biometric");
    c.send(KioskBehindXfs.command(1, "Biometric.Read", "{}"));
    c.next();
    assertThat(c.next().at("/payload/completionCode").asText()).isEqualTo("deviceNotReady");
  }

  @Test
  void noSessionStartsWhileAReadRuns() throws Exception {
    k.face.paced(k.vertx, Duration.ofMillis(300));
    RawWebSocketClient c = k.connect("/biometric");
    c.send(KioskBehindXfs.command(1, "Biometric.Read", "{}"));
    c.next();
    k.reader.insert(SampleResidents.LI_SI);
    Thread.sleep(500);
    assertThat(k.state()).isEqualTo(State.WAITING_FOR_CARD);
    assertThat(c.nextOfType("completion").at("/payload/completionCode").asText()).isEqualTo("success");
  }
}
