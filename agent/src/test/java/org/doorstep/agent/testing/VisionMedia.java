package org.doorstep.agent.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Paths;
import org.doorstep.agent.vision.match.FaceModels;
import org.doorstep.agent.vision.testing.TestMedia;

/**
 * Real photos (as bytes) and model files for the vision tests: the photos committed with the tests
 * ({@link TestMedia}; sources and licences in agent/src/test/resources/photos/README.md), the models from the
 * build's model step. A missing file fails the test with a message naming what is wrong, never skips it.
 */
public final class VisionMedia {
  /** System property with the folder of the face model files (set by the agent pom). */
  public static final String MODELS_DIR_PROPERTY = "doorstep.models.dir";

  private VisionMedia() {}

  /** The NASA astronaut portrait (Eileen Collins, public domain), 512×512 PNG, one frontal face. */
  public static byte[] astronaut() {
    return TestMedia.bytes(TestMedia.ASTRONAUT);
  }

  /** The "camera" photo (CC0), 512×512 grey PNG, one face in near profile. */
  public static byte[] camera() {
    return TestMedia.bytes(TestMedia.CAMERA);
  }

  /** The U.S. Navy portrait of Grace Hopper (public domain), 512×600 JPEG, one frontal face. */
  public static byte[] hopper() {
    return TestMedia.bytes(TestMedia.HOPPER);
  }

  /** The face model files, from {@value #MODELS_DIR_PROPERTY}. */
  public static FaceModels faceModels() {
    String dir = System.getProperty(MODELS_DIR_PROPERTY);
    if (dir == null || dir.isBlank()) {
      fail("system property " + MODELS_DIR_PROPERTY + " is not set: run the tests through ./mvnw (the agent pom "
          + "sets it) or pass -D" + MODELS_DIR_PROPERTY + "=<folder with fr_detect.onnx, fr_landmark.onnx, "
          + "fr_feature.onnx>; " + FaceModels.HOW_TO_GET);
    }
    FaceModels m = FaceModels.in(Paths.get(dir));
    try {
      return m.requireReadable();
    } catch (IllegalStateException e) {
      return fail(e.getMessage() + " (-D" + MODELS_DIR_PROPERTY + "=" + dir + ")");
    }
  }
}
