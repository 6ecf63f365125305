package org.doorstep.agent.vision.match;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The three ONNX model files the matcher runs: a face detector, a 68-point landmark model and a 512-d
 * face embedding model. All load in OpenCV dnn (no other runtime).
 *
 * <p>The default files come from the npm package {@code faceplugin-face-recognition-js@0.0.1}
 * ({@code model/} folder). Its package says MIT, but the provenance and training-data licence of the
 * weights are unknown: a deployment must supply an embedding model it is licensed to use, at the
 * path the config gives.
 *
 * @param detector   face detector, input {@code [1,3,240,320]}, outputs {@code scores} and {@code boxes}
 * @param landmarks  68 landmarks (iBUG order), input {@code [1,1,64,64]} grey, output {@code [1,136]}
 * @param embedding  face embedding, input {@code [1,3,112,112]} aligned face, output {@code [1,512]}
 */
public record FaceModels(Path detector, Path landmarks, Path embedding) {
  /** File name of the detector in a models folder. */
  public static final String DETECTOR_FILE = "fr_detect.onnx";
  /** File name of the landmark model in a models folder. */
  public static final String LANDMARKS_FILE = "fr_landmark.onnx";
  /** File name of the embedding model in a models folder. */
  public static final String EMBEDDING_FILE = "fr_feature.onnx";
  /** What to do when the files are missing (said by every "missing model" error). */
  public static final String HOW_TO_GET = "the build places them in agent/target/models (needs Node's npm: "
      + "apt-get install npm); by hand: npm pack faceplugin-face-recognition-js@0.0.1, untar, use its model/ folder";

  public FaceModels {
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(landmarks, "landmarks");
    Objects.requireNonNull(embedding, "embedding");
  }

  /** The standard file names in {@code dir} (not checked: see {@link #requireReadable()}). */
  public static FaceModels in(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return new FaceModels(dir.resolve(DETECTOR_FILE), dir.resolve(LANDMARKS_FILE), dir.resolve(EMBEDDING_FILE));
  }

  /**
   * This set, once every file is a readable regular file.
   *
   * @throws IllegalStateException naming every missing file and how to get them
   */
  public FaceModels requireReadable() {
    List<String> missing = new ArrayList<>();
    for (Path p : List.of(detector, landmarks, embedding)) {
      if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
        missing.add(p.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("face model file(s) missing: " + String.join(", ", missing) + "; "
          + HOW_TO_GET);
    }
    return this;
  }
}
