package org.doorstep.agent.vision.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.vision.detect.Detection;
import org.doorstep.agent.vision.detect.FaceMeasures;
import org.doorstep.agent.vision.detect.FrameMeasurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The quality gate's verdicts and messages on measurements (a 640×480 frame). */
class QualityGateTest {
  private final QualityGate gate = new QualityGate(QualityPolicy.DEFAULT);

  private static FrameMeasurement m(int faces, double x, double y, double size, double presence, double sharp,
      double bright, double yaw, double pitch) {
    return new FrameMeasurement(Instant.EPOCH, 640, 480, faces, faces == 0 ? Optional.empty()
        : Optional.of(new FaceMeasures(new Detection(x - size / 2, y - size / 2, size, size, 0.9), presence, sharp,
            bright, 0.3, 0.05, yaw, pitch)));
  }

  @Test
  void goodCentredFace_isOkWithAScore() {
    QualityVerdict v = gate.judge(m(1, 320, 240, 160, 1, 120, 140, 2, 8));
    assertThat(v.ok()).isTrue();
    assertThat(v.guidance()).isEqualTo(Guidance.GOOD);
    assertThat(v.score()).isBetween(0.5, 1.0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "no face,              0, 320, 240, 160, 1.0, 120, 140,  0,  8, LOOK_AT_CAMERA",
      "two people,           2, 320, 240, 160, 1.0, 120, 140,  0,  8, ONLY_ONE_PERSON",
      "not a face (mesh),    1, 320, 240, 160, 0.1, 120, 140,  0,  8, LOOK_AT_CAMERA",
      "far away,             1, 320, 240,  60, 1.0, 120, 140,  0,  8, MOVE_CLOSER",
      "too close,            1, 320, 240, 470, 1.0, 120, 140,  0,  8, MOVE_BACK",
      "on the image's left,  1, 150, 240, 160, 1.0, 120, 140,  0,  8, MOVE_LEFT",
      "on the image's right, 1, 500, 240, 160, 1.0, 120, 140,  0,  8, MOVE_RIGHT",
      "too high,             1, 320, 100, 140, 1.0, 120, 140,  0,  8, MOVE_DOWN",
      "too low,              1, 320, 380, 140, 1.0, 120, 140,  0,  8, MOVE_UP",
      "dark,                 1, 320, 240, 160, 1.0, 120,  30,  0,  8, TOO_DARK",
      "glare,                1, 320, 240, 160, 1.0, 120, 240,  0,  8, TOO_BRIGHT",
      "head turned,          1, 320, 240, 160, 1.0, 120, 140, 30,  8, LOOK_STRAIGHT",
      "looking down,         1, 320, 240, 160, 1.0, 120, 140,  0, 40, LOOK_STRAIGHT",
      "blurred,              1, 320, 240, 160, 1.0,   5, 140,  0,  8, HOLD_STILL"})
  void badFrame_getsThePlainWordsFix(String name, int faces, double x, double y, double size, double presence,
      double sharp, double bright, double yaw, double pitch, Guidance expected) {
    QualityVerdict v = gate.judge(m(faces, x, y, size, presence, sharp, bright, yaw, pitch));

    assertThat(v.ok()).isFalse();
    assertThat(v.guidance()).isEqualTo(expected);
    assertThat(v.score()).isZero();
  }

  @Test
  void everyGuidance_hasChineseAndPlainEnglishWordsAndAStableKey() {
    for (Guidance g : Guidance.values()) {
      assertThat(g.key()).matches("(face|challenge)\\.[a-z-]+");
      assertThat(g.zh()).isNotBlank();
      assertThat(g.words()).isNotBlank().doesNotContain("yaw").doesNotContain("EAR");
    }
  }
}
