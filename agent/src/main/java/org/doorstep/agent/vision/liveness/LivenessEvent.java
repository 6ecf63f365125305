package org.doorstep.agent.vision.liveness;

import java.time.Instant;
import java.util.Objects;
import org.doorstep.agent.vision.detect.FrameMeasurement;
import org.doorstep.agent.vision.quality.QualityVerdict;

/** What the challenge state machine is fed: a measured frame, or time passing without one. */
public sealed interface LivenessEvent {
  /** A frame's measurements and the quality gate's verdict on it. */
  record Frame(FrameMeasurement measurement, QualityVerdict quality) implements LivenessEvent {
    public Frame {
      Objects.requireNonNull(measurement, "measurement");
      Objects.requireNonNull(quality, "quality");
    }
  }

  /** Time passed (the camera delivered nothing): time limits are checked against {@code now}. */
  record Tick(Instant now) implements LivenessEvent {
    public Tick {
      Objects.requireNonNull(now, "now");
    }
  }
}
