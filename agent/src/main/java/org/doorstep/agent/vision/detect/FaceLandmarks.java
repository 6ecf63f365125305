package org.doorstep.agent.vision.detect;

import java.util.Objects;

/**
 * The 468 points of MediaPipe's face mesh in image pixels (x, y) with relative depth z (same scale as x,
 * smaller is nearer the camera), and the measures liveness needs: eye openness, mouth openness, head yaw
 * and pitch. Point numbers are MediaPipe's canonical mesh indices. "Right" and "left" are the subject's:
 * their right eye is on the image's left (the camera does not mirror).
 *
 * @param xyz      468×3 coordinates; not copied (do not change it)
 * @param presence the mesh model's face-presence probability (0..1)
 */
public record FaceLandmarks(float[] xyz, double presence) {
  /** Points in the mesh. */
  public static final int POINTS = 468;
  // Eye corners and lids (EAR with two vertical pairs, as for the iBUG-68 eye).
  static final int[] RIGHT_EYE = {33, 133, 160, 144, 158, 153};
  static final int[] LEFT_EYE = {362, 263, 385, 380, 387, 373};
  /** Eye contours (upper and lower lid), for drawing or masking an eye. */
  public static final int[] RIGHT_EYE_CONTOUR = {33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145,
      144, 163, 7};
  public static final int[] LEFT_EYE_CONTOUR = {362, 398, 384, 385, 386, 387, 388, 466, 263, 249, 390, 373, 374,
      380, 381, 382};
  static final int UPPER_LIP = 13;
  static final int LOWER_LIP = 14;
  static final int MOUTH_RIGHT = 61;
  static final int MOUTH_LEFT = 291;
  static final int NOSE_TIP = 1;
  static final int RIGHT_CHEEK = 234;
  static final int LEFT_CHEEK = 454;
  static final int FOREHEAD = 10;
  static final int CHIN = 152;

  public FaceLandmarks {
    Objects.requireNonNull(xyz, "xyz");
    if (xyz.length != POINTS * 3) {
      throw new IllegalArgumentException("xyz: must hold " + POINTS * 3 + " values, held " + xyz.length);
    }
  }

  public double x(int i) {
    return xyz[3 * i];
  }

  public double y(int i) {
    return xyz[3 * i + 1];
  }

  public double z(int i) {
    return xyz[3 * i + 2];
  }

  private double dist(int a, int b) {
    return Math.hypot(x(a) - x(b), y(a) - y(b));
  }

  private double ear(int[] e) {
    double width = dist(e[0], e[1]);
    return width <= 0 ? 0 : (dist(e[2], e[3]) + dist(e[4], e[5])) / (2 * width);
  }

  /** Eye aspect ratio of the subject's right eye: about 0.3 open, under 0.15 closed. */
  public double rightEyeOpenness() {
    return ear(RIGHT_EYE);
  }

  /** Eye aspect ratio of the subject's left eye. */
  public double leftEyeOpenness() {
    return ear(LEFT_EYE);
  }

  /** Mean eye aspect ratio of both eyes. */
  public double eyeOpenness() {
    return (rightEyeOpenness() + leftEyeOpenness()) / 2;
  }

  /** Inner-lip gap over mouth width: about 0–0.1 closed, above 0.35 wide open. */
  public double mouthOpenness() {
    double width = dist(MOUTH_RIGHT, MOUTH_LEFT);
    return width <= 0 ? 0 : dist(UPPER_LIP, LOWER_LIP) / width;
  }

  /**
   * Head yaw in degrees from the mesh depth across the cheeks: 0 facing the camera, positive when the
   * resident turns to their left (nose towards the image's right), negative to their right.
   */
  public double yawDegrees() {
    return Math.toDegrees(Math.atan2(z(LEFT_CHEEK) - z(RIGHT_CHEEK), x(LEFT_CHEEK) - x(RIGHT_CHEEK)));
  }

  /**
   * Head pitch in degrees from the mesh depth between forehead and chin: 0 level, positive when the
   * resident looks down (nods), negative looking up.
   */
  public double pitchDegrees() {
    return Math.toDegrees(Math.atan2(z(CHIN) - z(FOREHEAD), y(CHIN) - y(FOREHEAD)));
  }

  /**
   * Where the nose tip lies between the cheeks, 0..1: about 0.5 frontal, larger when the resident turns
   * to their left. A 2-D cross-check of {@link #yawDegrees()}.
   */
  public double noseRatio() {
    double span = x(LEFT_CHEEK) - x(RIGHT_CHEEK);
    return span == 0 ? 0.5 : (x(NOSE_TIP) - x(RIGHT_CHEEK)) / span;
  }

  /** Distance between the eye centres, pixels (the face's scale). */
  public double interOcular() {
    double rx = (x(33) + x(133)) / 2;
    double ry = (y(33) + y(133)) / 2;
    double lx = (x(362) + x(263)) / 2;
    double ly = (y(362) + y(263)) / 2;
    return Math.hypot(lx - rx, ly - ry);
  }
}
