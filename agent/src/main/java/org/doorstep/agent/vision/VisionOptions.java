package org.doorstep.agent.vision;

import java.util.Objects;
import org.doorstep.agent.vision.liveness.LivenessPolicy;
import org.doorstep.agent.vision.quality.QualityPolicy;

/**
 * How the real face check runs.
 *
 * @param models          the models folder ({@code devices.camera.modelsDir})
 * @param quality         the quality gate's limits
 * @param liveness        the active challenges' numbers (time limits and retries from {@code policy.liveness})
 * @param motionThreshold residual motion inside the face a live face must show ({@link
 *                        org.doorstep.agent.vision.liveness.MotionCheck})
 * @param antiSpoofMinMilli minimum live score of the anti-spoof model (0 = advisory only: recorded, decides
 *                        nothing; the model is not validated)
 * @param jpegQuality     JPEG quality of the kept frame (0–100)
 */
public record VisionOptions(VisionModels models, QualityPolicy quality, LivenessPolicy liveness,
    double motionThreshold, int antiSpoofMinMilli, int jpegQuality) {
  /** Residual motion threshold set on synthesised videos (live blink 2.8, rigid photo 1.5–1.8): see docs/vision.md. */
  public static final double DEFAULT_MOTION_THRESHOLD = 2.2;

  public VisionOptions {
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(liveness, "liveness");
    if (!(motionThreshold > 0) || antiSpoofMinMilli < 0 || antiSpoofMinMilli > 1000 || jpegQuality < 0
        || jpegQuality > 100) {
      throw new IllegalArgumentException("motionThreshold > 0, antiSpoofMinMilli in 0..1000, jpegQuality in 0..100");
    }
  }

  /** Defaults around {@code models} and {@code liveness}. */
  public static VisionOptions of(VisionModels models, LivenessPolicy liveness) {
    return new VisionOptions(models, QualityPolicy.DEFAULT, liveness, DEFAULT_MOTION_THRESHOLD, 0, 90);
  }
}
