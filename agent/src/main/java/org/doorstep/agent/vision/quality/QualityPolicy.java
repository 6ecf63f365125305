package org.doorstep.agent.vision.quality;

/**
 * The limits of the quality gate. Sizes and offsets are fractions of the frame, so they hold at any
 * resolution.
 *
 * @param minFaceWidth   face box width over frame width below which the resident is asked to come closer
 * @param maxFaceWidth   above which they are asked to move back
 * @param maxOffset      largest distance of the face centre from the frame centre, as a fraction of the
 *                       frame's width (x) or height (y)
 * @param minBrightness  mean grey of the face below which it is too dark (0..255)
 * @param maxBrightness  above which it is too bright
 * @param minSharpness   Laplacian variance of the face (128 px wide) below which it is blurred
 * @param maxYaw         largest head yaw, degrees, for a frontal face
 * @param maxPitch       largest head pitch, degrees
 * @param minPresence    the mesh's face-presence probability below which the "face" is not one
 */
public record QualityPolicy(double minFaceWidth, double maxFaceWidth, double maxOffset, double minBrightness,
    double maxBrightness, double minSharpness, double maxYaw, double maxPitch, double minPresence) {
  /** Limits for a kiosk camera at 640×480, 40–80 cm from the resident (a face 15 cm wide fills about a fifth of the frame at 60 cm). */
  public static final QualityPolicy DEFAULT = new QualityPolicy(0.18, 0.70, 0.22, 50, 210, 15, 20, 25, 0.5);

  public QualityPolicy {
    if (!(minFaceWidth > 0 && minFaceWidth < maxFaceWidth && maxFaceWidth <= 1)) {
      throw new IllegalArgumentException("face width limits: need 0 < min < max <= 1, were " + minFaceWidth
          + ", " + maxFaceWidth);
    }
    if (!(maxOffset > 0 && maxOffset <= 0.5)) {
      throw new IllegalArgumentException("maxOffset: must be in (0, 0.5], was " + maxOffset);
    }
    if (!(minBrightness >= 0 && minBrightness < maxBrightness && maxBrightness <= 255)) {
      throw new IllegalArgumentException("brightness limits: need 0 <= min < max <= 255");
    }
    if (minSharpness < 0 || maxYaw <= 0 || maxPitch <= 0 || minPresence < 0 || minPresence > 1) {
      throw new IllegalArgumentException("sharpness >= 0, yaw and pitch > 0, presence in 0..1");
    }
  }
}
