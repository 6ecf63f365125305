package org.doorstep.agent.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.doorstep.agent.vision.match.FaceModels;

/**
 * Real photos and model files for the vision tests, from Debian packages and the build's model step.
 * A missing file fails the test with a message naming what to install, never skips it.
 */
public final class VisionMedia {
  /** System property with the folder of the face model files (set by the agent pom). */
  public static final String MODELS_DIR_PROPERTY = "doorstep.models.dir";

  private static final Path SKIMAGE_DATA = Paths.get("/usr/lib/python3/dist-packages/skimage/data");
  private static final Path OPENCV_DATA = Paths.get("/usr/share/doc/opencv-doc/examples/data");

  private VisionMedia() {}

  /** The NASA astronaut portrait (Eileen Collins), 512×512 PNG, one frontal face. */
  public static byte[] astronaut() {
    return read(SKIMAGE_DATA.resolve("astronaut.png"), "python3-skimage");
  }

  /** The "cameraman" photo, 512×512 grey PNG, one face in profile. */
  public static byte[] camera() {
    return read(SKIMAGE_DATA.resolve("camera.png"), "python3-skimage");
  }

  /** A footballer, 548×342 JPEG, one small face (~31 px). */
  public static byte[] messi() {
    return read(OPENCV_DATA.resolve("messi5.jpg"), "opencv-doc");
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

  private static byte[] read(Path p, String debianPackage) {
    if (!Files.isRegularFile(p)) {
      fail("test photo " + p + " is missing: apt-get install " + debianPackage);
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
