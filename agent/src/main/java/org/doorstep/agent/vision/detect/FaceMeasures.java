package org.doorstep.agent.vision.detect;

import java.util.Objects;

/**
 * What one frame says about the face in it: where it is, how sharp and bright it looks, and the
 * landmark measures liveness uses.
 *
 * @param box          the detected face
 * @param presence     the mesh model's face-presence probability (0..1)
 * @param sharpness    variance of the Laplacian of the face, scaled to a 128-px-wide crop (blur: low)
 * @param brightness   mean grey level of the face (0..255)
 * @param eyeOpenness  mean eye aspect ratio of both eyes
 * @param mouthOpenness inner-lip gap over mouth width
 * @param yaw          head yaw, degrees, + = the resident's left
 * @param pitch        head pitch, degrees, + = looking down
 */
public record FaceMeasures(Detection box, double presence, double sharpness, double brightness, double eyeOpenness,
    double mouthOpenness, double yaw, double pitch) {
  public FaceMeasures {
    Objects.requireNonNull(box, "box");
  }
}
