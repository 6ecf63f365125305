package org.doorstep.agent.vision.quality;

import java.util.Objects;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.vision.detect.FaceMeasures;
import org.doorstep.agent.vision.detect.FrameMeasurement;

/**
 * Judges one frame's measurements against the {@link QualityPolicy} and says, in plain words, the first
 * thing to fix, in this order: a face at all, only one person, distance, position, light, head straight,
 * sharpness. Positions are the resident's: the camera does not mirror, so a face on the image's left is
 * on the resident's right and they are asked to move to their left.
 *
 * <p>Pure and thread-safe.
 */
public final class QualityGate {
  private final QualityPolicy policy;

  public QualityGate(QualityPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public QualityPolicy policy() {
    return policy;
  }

  /** The verdict on {@code m}. */
  public QualityVerdict judge(FrameMeasurement m) {
    if (m.faces() > 1) {
      return QualityVerdict.fix(Guidance.ONLY_ONE_PERSON);
    }
    if (m.faces() == 0 || m.face().isEmpty() || m.face().get().presence() < policy.minPresence()) {
      return QualityVerdict.fix(Guidance.LOOK_AT_CAMERA);
    }
    FaceMeasures f = m.face().get();
    double widthFraction = f.box().width() / m.width();
    if (widthFraction < policy.minFaceWidth()) {
      return QualityVerdict.fix(Guidance.MOVE_CLOSER);
    }
    if (widthFraction > policy.maxFaceWidth()) {
      return QualityVerdict.fix(Guidance.MOVE_BACK);
    }
    double dx = f.box().centerX() / m.width() - 0.5;
    double dy = f.box().centerY() / m.height() - 0.5;
    if (Math.abs(dx) > policy.maxOffset() && Math.abs(dx) >= Math.abs(dy)) {
      // Face on the image's left = on the resident's right: they move to their left.
      return QualityVerdict.fix(dx < 0 ? Guidance.MOVE_LEFT : Guidance.MOVE_RIGHT);
    }
    if (Math.abs(dy) > policy.maxOffset()) {
      return QualityVerdict.fix(dy < 0 ? Guidance.MOVE_DOWN : Guidance.MOVE_UP);
    }
    if (f.brightness() < policy.minBrightness()) {
      return QualityVerdict.fix(Guidance.TOO_DARK);
    }
    if (f.brightness() > policy.maxBrightness()) {
      return QualityVerdict.fix(Guidance.TOO_BRIGHT);
    }
    if (Math.abs(f.yaw()) > policy.maxYaw() || Math.abs(f.pitch()) > policy.maxPitch()) {
      return QualityVerdict.fix(Guidance.LOOK_STRAIGHT);
    }
    if (f.sharpness() < policy.minSharpness()) {
      return QualityVerdict.fix(Guidance.HOLD_STILL);
    }
    double sharp = Math.min(1, f.sharpness() / (4 * policy.minSharpness()));
    double frontal = 1 - Math.min(1, (Math.abs(f.yaw()) + Math.abs(f.pitch()) / 2) / (2 * policy.maxYaw()));
    double centred = 1 - Math.min(1, Math.hypot(dx, dy) / policy.maxOffset());
    return new QualityVerdict(true, Guidance.GOOD, 0.5 * sharp + 0.3 * frontal + 0.2 * centred);
  }
}
