package org.doorstep.agent.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.vision.detect.BlazeFaceDetector;
import org.doorstep.agent.vision.detect.FaceMeasures;
import org.doorstep.agent.vision.detect.FaceMesh;
import org.doorstep.agent.vision.quality.QualityGate;
import org.doorstep.agent.vision.quality.QualityPolicy;
import org.doorstep.agent.vision.testing.SyntheticVideos;
import org.doorstep.agent.vision.testing.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** The whole per-frame pipeline on a real photo and its degraded copies: the quality gate's messages. */
class FrameAnalyzerTest {
  private static FrameAnalyzer analyzer;
  private static Mat resident;

  @BeforeAll
  static void load() {
    VisionModels m = TestMedia.models();
    analyzer = new FrameAnalyzer(new BlazeFaceDetector(m.require(VisionModels.FACE_DETECTION)),
        new FaceMesh(m.require(VisionModels.FACE_LANDMARK)), new QualityGate(QualityPolicy.DEFAULT));
    resident = TestMedia.resident();
  }

  @AfterAll
  static void close() {
    analyzer.close();
  }

  private static FrameAnalyzer.Analysis analyze(Mat frame) {
    return analyzer.analyze(frame, Instant.EPOCH);
  }

  @Test
  void residentInFrontOfTheKiosk_isGood_withMeasures() {
    FrameAnalyzer.Analysis a = analyze(resident);

    assertThat(a.quality().guidance()).isEqualTo(Guidance.GOOD);
    assertThat(a.quality().ok()).isTrue();
    FaceMeasures f = a.measurement().face().orElseThrow();
    assertThat(f.brightness()).isBetween(80.0, 200.0);
    assertThat(f.sharpness()).isGreaterThan(QualityPolicy.DEFAULT.minSharpness());
    assertThat(a.landmarks()).isPresent();
  }

  @Test
  void dimmed_tooDark() {
    assertThat(analyze(SyntheticVideos.transform(resident, 0, 0, 1, 0, 0.25)).quality().guidance())
        .isEqualTo(Guidance.TOO_DARK);
  }

  @Test
  void overexposed_tooBright() {
    Mat glare = new Mat();
    resident.convertTo(glare, -1, 1.0, 90);
    assertThat(analyze(glare).quality().guidance()).isEqualTo(Guidance.TOO_BRIGHT);
  }

  @Test
  void farAway_moveCloser() {
    assertThat(analyze(SyntheticVideos.transform(resident, 0, 0, 0.45, 0, 1)).quality().guidance())
        .isEqualTo(Guidance.MOVE_CLOSER);
  }

  @Test
  void offToTheImagesLeft_moveToYourLeft() {
    assertThat(analyze(SyntheticVideos.transform(resident, -230, 0, 1, 0, 1)).quality().guidance())
        .isEqualTo(Guidance.MOVE_LEFT);
  }

  @Test
  void motionBlur_holdStill() {
    Mat blurred = new Mat();
    Imgproc.blur(resident, blurred, new Size(15, 15));
    assertThat(analyze(blurred).quality().guidance()).isEqualTo(Guidance.HOLD_STILL);
  }

  @Test
  void emptyKiosk_lookAtTheCamera() {
    Mat empty = new Mat(480, 640, CvType.CV_8UC3, new Scalar(90, 100, 110));
    FrameAnalyzer.Analysis a = analyze(empty);
    assertThat(a.measurement().faces()).isZero();
    assertThat(a.quality().guidance()).isEqualTo(Guidance.LOOK_AT_CAMERA);
  }

  @Test
  void twoPeople_onlyOnePersonPlease() {
    Mat half = resident.submat(0, 480, 160, 480);
    Mat two = new Mat();
    Core.hconcat(List.of(half, half), two);
    assertThat(analyze(two).measurement().faces()).isEqualTo(2);
    assertThat(analyze(two).quality().guidance()).isEqualTo(Guidance.ONLY_ONE_PERSON);
  }
}
