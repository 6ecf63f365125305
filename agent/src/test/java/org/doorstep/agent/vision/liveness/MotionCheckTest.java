package org.doorstep.agent.vision.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.doorstep.agent.vision.FrameAnalyzer;
import org.doorstep.agent.vision.VisionModels;
import org.doorstep.agent.vision.detect.BlazeFaceDetector;
import org.doorstep.agent.vision.detect.FaceMesh;
import org.doorstep.agent.vision.quality.QualityGate;
import org.doorstep.agent.vision.quality.QualityPolicy;
import org.doorstep.agent.vision.testing.SyntheticVideos;
import org.doorstep.agent.vision.testing.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/** The passive check on frames synthesised from a real photo: a blinking face moves inside, a photo does not. */
class MotionCheckTest {
  private static final double THRESHOLD = 2.2;
  private static FrameAnalyzer analyzer;
  private static SyntheticVideos videos;
  private static Mat resident;

  @BeforeAll
  static void load() {
    VisionModels m = TestMedia.models();
    analyzer = new FrameAnalyzer(new BlazeFaceDetector(m.require(VisionModels.FACE_DETECTION)),
        new FaceMesh(m.require(VisionModels.FACE_LANDMARK)), new QualityGate(QualityPolicy.DEFAULT));
    resident = TestMedia.resident();
    videos = new SyntheticVideos(resident, m);
  }

  @AfterAll
  static void close() {
    analyzer.close();
  }

  private static void add(MotionCheck c, Mat frame) {
    c.add(frame, analyzer.analyze(frame, Instant.EPOCH).landmarks().orElseThrow());
  }

  @Test
  void identicalFrames_noMotionAtAll_fails() {
    MotionCheck c = new MotionCheck(THRESHOLD);
    for (int i = 0; i < 6; i++) {
      add(c, resident);
    }
    MotionCheck.Result r = c.result();
    assertThat(r.motion()).isLessThan(0.01);
    assertThat(r.passed()).isFalse();
    assertThat(r.scoreMilli()).isLessThan(10);
  }

  @Test
  void photoMovedAndTilted_isRegisteredAway_andFails() {
    MotionCheck c = new MotionCheck(THRESHOLD);
    for (int i = 0; i < 12; i++) {
      add(c, SyntheticVideos.transform(resident, 4 * Math.sin(i), 3 * Math.cos(i / 2.0), 1 + 0.02 * Math.sin(i / 3.0),
          0.3 * Math.sin(i / 4.0), 1));
    }
    assertThat(c.result().passed()).isFalse();
  }

  @Test
  void blinkingFace_movesInside_andPasses() {
    MotionCheck c = new MotionCheck(THRESHOLD);
    double[] closure = {0, 0, 0, 0.5, 1, 1, 0.5, 0, 0, 0, 0.5, 1, 1, 0};
    for (int i = 0; i < closure.length; i++) {
      add(c, SyntheticVideos.transform(videos.eyesClosed(closure[i]), 2 * Math.sin(i), Math.cos(i), 1, 0, 1));
    }
    MotionCheck.Result r = c.result();
    assertThat(r.passed()).as("motion %s", r.motion()).isTrue();
    assertThat(r.scoreMilli()).isGreaterThanOrEqualTo(r.thresholdMilli());
  }

  @Test
  void fewerThanThreeFrames_scoreZero() {
    MotionCheck c = new MotionCheck(THRESHOLD);
    add(c, resident);
    assertThat(c.result().motion()).isZero();
    assertThat(c.result().passed()).isFalse();
  }
}
