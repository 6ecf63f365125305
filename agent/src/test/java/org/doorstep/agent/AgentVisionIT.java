package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.EmbeddedBroker;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.vision.VisionFaceCheck;
import org.doorstep.agent.vision.VisionModels;
import org.doorstep.agent.vision.match.FaceMatcher;
import org.doorstep.agent.vision.testing.SyntheticVideos;
import org.doorstep.agent.vision.testing.TestMedia;
import org.doorstep.config.contract.CertificationRecord.Liveness;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.Policy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * End-to-end certification through the real vision pipeline: the agent's camera is OPENCV on an MJPG .avi
 * synthesised from a real photo (the committed astronaut.png), the challenge is BLINK (the one a still can be
 * made to perform: the lids are painted over), the 1:1 match is a test double. A printed-photo replay (the
 * same still moved and tilted as a whole) is rejected by both the blink challenge and the passive check.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentVisionIT {
  @TempDir Path brokerDir;
  @TempDir Path dataDir;
  @TempDir Path videos;
  private Vertx vertx;
  private EmbeddedBroker broker;
  private AgentVerticle agent;
  private final List<byte[]> matched = new CopyOnWriteArrayList<>();

  /** The test double: a face frame (a decodable JPEG) is "the card holder" with cosine 0.87. */
  private final FaceMatcher matcher = (live, reference) -> {
    matched.add(live.clone());
    Mat img = Imgcodecs.imdecode(new org.opencv.core.MatOfByte(live), Imgcodecs.IMREAD_COLOR);
    return img.empty() ? Optional.empty() : Optional.of(0.87);
  };

  private void startAgent(Path video) throws Exception {
    vertx = Vertx.vertx();
    broker = EmbeddedBroker.start(brokerDir, 10);
    DoorstepConfig base = TestAgents.config("kiosk-vision", dataDir, broker.url(), Duration.ofSeconds(2), 50);
    DeviceProfile d = ConfigLoader.withoutEnvironment().loadDefaults().devices();
    VisionModels models = TestMedia.models();
    DeviceProfile devices = new DeviceProfile(d.idCardReader(), d.printer(), new DeviceProfile.Camera(
        DeviceProfile.Driver.OPENCV, 0, video.toString(), 640, 480, 15, models.dir().toString()), d.gpio());
    Policy p = base.policy();
    Policy policy = new Policy(new Policy.Liveness(List.of("BLINK"), 1, Duration.ofSeconds(4), 700, 1),
        p.matchThresholdMilli(), p.matchRetries(), p.sessionTimeout(), p.retention(), p.uploadBatchSize(),
        p.ackTimeout(), p.heartbeatInterval());
    DoorstepConfig config = new DoorstepConfig(base.device(), devices, base.services(), policy, base.uplink(),
        TestAgents.localOnFreePorts(false));
    agent = new AgentVerticle(config, TestAgents.fastOptions().toBuilder().faceMatcher(matcher).build());
    vertx.deployVerticle(agent).await();
    assertThat(agent.kioskDevices().cameraDriver()).isEqualTo(DeviceProfile.Driver.OPENCV);
    assertThat(agent.kioskDevices().face()).isInstanceOf(VisionFaceCheck.class);
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

  private static SyntheticVideos videosOfResident() {
    return new SyntheticVideos(TestMedia.resident(), TestMedia.models());
  }

  private CertificationRecord record(SessionSummary s) {
    byte[] payload = agent.outbox().find(s.recordId().orElseThrow()).await().orElseThrow().payload();
    return WireCodec.decode(payload).bodyAs(CertificationRecord.class);
  }

  @Test
  void blinkingResident_isCertified_andTheRecordCarriesChallengeScoresThresholdsAndThePassiveCheck()
      throws Exception {
    Path video = videosOfResident().live(videos.resolve("resident.avi"), 15, 90, 18, 2.0, 7);
    startAgent(video);

    SessionSummary s = agent.certify(SampleResidents.ZHANG_SAN).await();

    assertThat(s.state()).isEqualTo(State.DONE);
    assertThat(s.message()).isEqualTo(ResidentMessage.CERTIFIED_TAKE_RECEIPT);
    CertificationRecord r = record(s);
    assertThat(r.outcome()).isEqualTo(Outcome.CERTIFIED);
    Liveness l = r.liveness().orElseThrow();
    assertThat(l.passed()).isTrue();
    assertThat(l.scoreMilli()).isEqualTo(1000);
    assertThat(l.thresholdMilli()).isEqualTo(700);
    CertificationRecord.Challenge blink = l.challenges().get(0);
    assertThat(blink.kind()).isEqualTo("BLINK");
    assertThat(blink.passed()).isTrue();
    assertThat(blink.thresholdMilli()).contains(300);
    assertThat(blink.scoreMilli().orElseThrow()).isGreaterThanOrEqualTo(300);
    assertThat(blink.attempts()).contains(1);
    CertificationRecord.PassiveCheck passive = l.passive().orElseThrow();
    assertThat(passive.passed()).isTrue();
    assertThat(passive.scoreMilli()).isGreaterThanOrEqualTo(passive.thresholdMilli());
    assertThat(passive.modelScoreMilli()).isPresent();
    assertThat(r.match().orElseThrow().scoreMilli()).isEqualTo(870);
    // The matcher got the kept frame: a JPEG whose hash and size are the record's evidence.
    assertThat(matched).hasSize(1);
    assertThat(matched.get(0)).startsWith((byte) 0xFF, (byte) 0xD8);
    assertThat(r.evidence().get(0).size()).isEqualTo(matched.get(0).length);
    assertThat(r.evidence().get(0).sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(matched.get(0))));
    // ... and the kiosk holds those bytes: sealed in the evidence store under the record's id.
    assertThat(agent.evidence().get(r.recordId()).await()).singleElement().satisfies(kept -> {
      assertThat(kept.ref().toEvidence()).isEqualTo(r.evidence().get(0));
      assertThat(kept.ref().mediaType()).isEqualTo("image/jpeg");
      assertThat(kept.bytes()).isEqualTo(matched.get(0));
    });
    assertThat(agent.simulators().screen().guided()).contains(Guidance.BLINK, Guidance.DONE);
  }

  @Test
  void printedPhotoHeldUp_isNotCertified_noMatchIsTried() throws Exception {
    Path video = videosOfResident().photoReplay(videos.resolve("photo.avi"), 15, 90, 0.5, 3);
    startAgent(video);

    SessionSummary s = agent.certify(SampleResidents.LI_SI).await();

    assertThat(s.state()).isEqualTo(State.DONE);
    assertThat(s.message()).isEqualTo(ResidentMessage.NOT_CERTIFIED_SEE_STAFF);
    CertificationRecord r = record(s);
    assertThat(r.outcome()).isEqualTo(Outcome.NOT_CERTIFIED);
    Liveness l = r.liveness().orElseThrow();
    assertThat(l.passed()).isFalse();
    assertThat(l.challenges().get(0).passed()).isFalse();
    assertThat(l.challenges().get(0).attempts()).contains(2);
    assertThat(l.passive().orElseThrow().passed()).isFalse();
    assertThat(l.scoreMilli()).isZero();
    assertThat(r.match()).isEmpty();
    assertThat(matched).isEmpty();
    assertThat(agent.simulators().screen().shown()).contains(ResidentMessage.LIVENESS_FAILED_TRY_AGAIN);
    assertThat(agent.simulators().screen().guided()).contains(Guidance.BLINK, Guidance.TRY_AGAIN);
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.kioskDevices().face().health().await()
        == org.doorstep.agent.device.PeripheralHealth.ONLINE);
  }
}
