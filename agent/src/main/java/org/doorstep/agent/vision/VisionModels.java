package org.doorstep.agent.vision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The folder holding the vision models, with the exact file names the build puts there
 * ({@code agent/models/fetch-models.sh}: {@code npm pack} by pinned version, SHA-256 checked, plus the Haar
 * cascade committed beside the script). The MediaPipe models (Apache-2.0) do detection and landmarks; the
 * faceplugin ONNX models (licence and provenance unclear, docs/vision.md) are extra signals and the 1:1
 * embedding.
 *
 * @param dir the folder ({@code devices.camera.modelsDir}; in tests the system property
 *            {@value #SYSTEM_PROPERTY})
 */
public record VisionModels(Path dir) {
  /** BlazeFace short range (MediaPipe, Apache-2.0): 128×128 input, 896 anchors. */
  public static final String FACE_DETECTION = "face_detection_short_range.tflite";
  /** MediaPipe face mesh (Apache-2.0): 192×192 input, 468 points with depth. */
  public static final String FACE_LANDMARK = "face_landmark.tflite";
  /** Faceplugin detector (RFB-320 style), an alternative detector. */
  public static final String FR_DETECT = "fr_detect.onnx";
  /** Faceplugin 68-point landmarks. */
  public static final String FR_LANDMARK = "fr_landmark.onnx";
  /** Faceplugin 512-d face embedding (1:1 match; the other engineer's {@code FaceMatcher}). */
  public static final String FR_FEATURE = "fr_feature.onnx";
  /** Faceplugin eye open/closed classifier. */
  public static final String FR_EYE = "fr_eye.onnx";
  /** Faceplugin head pose (yaw/pitch/roll bins). */
  public static final String FR_POSE = "fr_pose.onnx";
  /** Faceplugin passive anti-spoof classifier (MiniFASNet style; not validated). */
  public static final String FR_LIVENESS = "fr_liveness.onnx";
  /**
   * OpenCV's Haar frontal-face cascade (Intel License Agreement, BSD-style), the fallback detector's model: no
   * false positive on the test photos, unlike {@code _default}. Committed in {@code agent/models}, not fetched.
   */
  public static final String HAAR_CASCADE = "haarcascade_frontalface_alt2.xml";
  /** Every file the build puts into the models folder (fetched or shipped). */
  public static final List<String> ALL = List.of(FACE_DETECTION, FACE_LANDMARK, FR_DETECT, FR_LANDMARK, FR_FEATURE,
      FR_EYE, FR_POSE, FR_LIVENESS, HAAR_CASCADE);
  /** The files the capture pipeline needs: detection and landmarks (the anti-spoof model is optional). */
  public static final List<String> CAPTURE = List.of(FACE_DETECTION, FACE_LANDMARK);
  /** System property naming the folder (set by the agent's Surefire/Failsafe configuration). */
  public static final String SYSTEM_PROPERTY = "doorstep.models.dir";
  /** What to do when models are missing, for error messages. */
  public static final String HOW_TO_GET = "the agent build fetches them with npm: install Node's npm "
      + "(Debian: apt-get install -y npm) and run ./mvnw -B compile -pl agent -am (docs/vision.md)";

  public VisionModels {
    Objects.requireNonNull(dir, "dir");
  }

  /** The models folder named by the system property {@value #SYSTEM_PROPERTY}, if set. */
  public static Optional<VisionModels> fromSystemProperty() {
    String p = System.getProperty(SYSTEM_PROPERTY, "");
    return p.isBlank() ? Optional.empty() : Optional.of(new VisionModels(Path.of(p)));
  }

  /** The path of {@code file} in this folder (whether it exists or not). */
  public Path path(String file) {
    return dir.resolve(file);
  }

  /** Whether {@code file} is present (a regular, non-empty file). */
  public boolean has(String file) {
    Path p = path(file);
    try {
      return Files.isRegularFile(p) && Files.size(p) > 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Which of {@code files} are missing. */
  public List<String> missing(List<String> files) {
    return files.stream().filter(f -> !has(f)).toList();
  }

  /**
   * The path of {@code file}.
   *
   * @throws IllegalStateException naming the file, the folder and how to get it, when it is missing
   */
  public Path require(String file) {
    if (!has(file)) {
      throw new IllegalStateException("vision model " + file + " is missing in " + dir.toAbsolutePath() + ": "
          + HOW_TO_GET);
    }
    return path(file);
  }
}
