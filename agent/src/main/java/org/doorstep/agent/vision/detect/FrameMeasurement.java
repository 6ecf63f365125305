package org.doorstep.agent.vision.detect;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The measurements of one camera frame, the input of the quality gate and of the liveness challenges.
 *
 * @param at     when the frame was taken
 * @param width  frame width, pixels
 * @param height frame height, pixels
 * @param faces  how many faces the detector found
 * @param face   measures of the main (largest) face, when there is one and the mesh confirmed it
 */
public record FrameMeasurement(Instant at, int width, int height, int faces, Optional<FaceMeasures> face) {
  public FrameMeasurement {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(face, "face");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("frame size must be > 0, was " + width + "x" + height);
    }
    if (faces < 0) {
      throw new IllegalArgumentException("faces: must be >= 0, was " + faces);
    }
  }
}
