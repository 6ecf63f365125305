package org.doorstep.agent.vision.detect;

/**
 * One face found in a frame: its box in pixels and the detector's confidence. Eye keypoints are given
 * when the detector has them (BlazeFace); else they are NaN.
 *
 * @param x      left edge
 * @param y      top edge
 * @param width  box width (> 0)
 * @param height box height (> 0)
 * @param score  confidence 0..1
 * @param rightEyeX the subject's right eye (image left), x; NaN when unknown
 * @param rightEyeY same, y
 * @param leftEyeX  the subject's left eye (image right), x; NaN when unknown
 * @param leftEyeY  same, y
 */
public record Detection(double x, double y, double width, double height, double score,
    double rightEyeX, double rightEyeY, double leftEyeX, double leftEyeY) {
  public Detection {
    if (!(width > 0) || !(height > 0)) {
      throw new IllegalArgumentException("width and height must be > 0, were " + width + "x" + height);
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score: must be in 0..1, was " + score);
    }
  }

  /** A box without eye keypoints. */
  public Detection(double x, double y, double width, double height, double score) {
    this(x, y, width, height, score, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /** Box centre, x. */
  public double centerX() {
    return x + width / 2;
  }

  /** Box centre, y. */
  public double centerY() {
    return y + height / 2;
  }

  /** Whether the eye keypoints are known. */
  public boolean hasEyes() {
    return !Double.isNaN(rightEyeX) && !Double.isNaN(leftEyeX);
  }

  /** Intersection over union with {@code o} (0..1). */
  public double iou(Detection o) {
    double ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
    double iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
    double inter = ix * iy;
    double union = width * height + o.width * o.height - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
