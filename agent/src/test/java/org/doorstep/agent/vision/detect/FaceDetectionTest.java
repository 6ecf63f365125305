package org.doorstep.agent.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.doorstep.agent.vision.VisionModels;
import org.doorstep.agent.vision.testing.SyntheticVideos;
import org.doorstep.agent.vision.testing.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * Detection and landmarks on real photos (committed, {@link TestMedia}): BlazeFace with its anchor
 * decoding, the Haar fallback, and the mesh measures.
 */
class FaceDetectionTest {
  private static BlazeFaceDetector blaze;
  private static HaarFaceDetector haar;
  private static FaceMesh mesh;

  @BeforeAll
  static void load() {
    VisionModels m = TestMedia.models();
    blaze = new BlazeFaceDetector(m.require(VisionModels.FACE_DETECTION));
    mesh = new FaceMesh(m.require(VisionModels.FACE_LANDMARK));
    haar = new HaarFaceDetector(m.require(VisionModels.HAAR_CASCADE));
  }

  @AfterAll
  static void close() {
    blaze.close();
    haar.close();
    mesh.close();
  }

  @Test
  void anchors_areMediaPipesShortRangeLayout() {
    float[][] a = BlazeFaceDetector.anchors();
    assertThat(a).hasNumberOfRows(896);
    assertThat(a[0]).containsExactly(0.5f / 16, 0.5f / 16);
    assertThat(a[511]).containsExactly(15.5f / 16, 15.5f / 16);
    assertThat(a[512]).containsExactly(0.5f / 8, 0.5f / 8);
    assertThat(a[895]).containsExactly(7.5f / 8, 7.5f / 8);
  }

  @Test
  void astronaut_oneFaceWhereHaarFindsIt_withEyesAndAnOpenEyedFrontalMesh() {
    Mat frame = TestMedia.frame640(TestMedia.read(TestMedia.ASTRONAUT));

    List<Detection> faces = blaze.detect(frame);
    List<Detection> haarFaces = haar.detect(frame);

    assertThat(faces).hasSize(1);
    assertThat(haarFaces).hasSize(1);
    Detection d = faces.get(0);
    assertThat(d.score()).isGreaterThan(0.7);
    assertThat(d.iou(haarFaces.get(0))).isGreaterThan(0.5);
    assertThat(d.hasEyes()).isTrue();
    assertThat(d.rightEyeX()).isLessThan(d.leftEyeX());   // the subject's right eye is on the image's left
    FaceLandmarks l = mesh.landmarks(frame, d);
    assertThat(l.presence()).isGreaterThan(0.9);
    assertThat(l.eyeOpenness()).isBetween(0.25, 0.45);
    assertThat(Math.abs(l.yawDegrees())).isLessThan(8);
    assertThat(l.noseRatio()).isBetween(0.4, 0.6);
    assertThat(l.interOcular()).isBetween(0.3 * d.width(), 0.6 * d.width());
  }

  @Test
  void mirroredAstronaut_sameFaceOnTheOtherSide() {
    Mat frame = TestMedia.frame640(TestMedia.read(TestMedia.ASTRONAUT));
    Mat mirrored = new Mat();
    Core.flip(frame, mirrored, 1);

    Detection a = blaze.detect(frame).get(0);
    Detection b = blaze.detect(mirrored).get(0);

    assertThat(b.centerX()).isCloseTo(640 - a.centerX(), org.assertj.core.data.Offset.offset(8.0));
    assertThat(b.centerY()).isCloseTo(a.centerY(), org.assertj.core.data.Offset.offset(8.0));
  }

  @Test
  void hopper_fullFrame_foundByBothDetectors() {
    // The same portrait as in the scene below, at full size: the miss there is the face's size, not the face.
    Mat frame = TestMedia.frame640(TestMedia.read(TestMedia.HOPPER));

    List<Detection> faces = blaze.detect(frame);
    List<Detection> haarFaces = haar.detect(frame);

    assertThat(faces).hasSize(1);
    assertThat(haarFaces).hasSize(1);
    assertThat(faces.get(0).iou(haarFaces.get(0))).isGreaterThan(0.5);
  }

  @Test
  void missingCascade_failsNamingTheFile(@TempDir Path dir) {
    Path none = dir.resolve(VisionModels.HAAR_CASCADE);

    assertThatThrownBy(() -> new HaarFaceDetector(none))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(none.toString())
        .hasMessageContaining("agent/models");
  }

  @Test
  void smallFaceInAClutteredScene_foundByHaarAlt2_notByTheShortRangeModel() {
    // BlazeFace short range is made for faces within ~2 m of a kiosk camera; this face is ~56 px wide.
    Mat frame = TestMedia.smallFaceInAScene();

    List<Detection> haarFaces = haar.detect(frame);

    assertThat(haarFaces).isNotEmpty();
    Detection far = haarFaces.get(0);
    assertThat(far.width()).isBetween(30.0, 90.0);
    assertThat(blaze.detect(frame)).isEmpty();
  }

  @Test
  void cameraman_profileFace_noFrontalFaceConfirmed() {
    Mat frame = TestMedia.frame640(TestMedia.read(TestMedia.CAMERA));

    assertThat(haar.detect(frame)).isEmpty();
    for (Detection d : blaze.detect(frame)) {
      assertThat(mesh.landmarks(frame, d).presence()).isLessThan(0.5);
    }
  }

  @Test
  void twoResidents_sideBySide_twoFaces() {
    Mat half = TestMedia.resident().submat(0, 480, 160, 480);
    Mat two = new Mat();
    Core.hconcat(List.of(half, half), two);

    assertThat(blaze.detect(two)).hasSize(2);
  }

  @Test
  void closedEyes_renderedOverTheLids_lowerTheEyeOpenness() {
    Mat frame = TestMedia.frame640(TestMedia.read(TestMedia.ASTRONAUT));
    SyntheticVideos v = new SyntheticVideos(frame, TestMedia.models());

    double open = mesh.landmarks(frame, blaze.detect(frame).get(0)).eyeOpenness();
    Mat closed = v.eyesClosed(1.0);
    double shut = mesh.landmarks(closed, blaze.detect(closed).get(0)).eyeOpenness();

    assertThat(shut).isLessThan(open * 0.7);
  }
}
