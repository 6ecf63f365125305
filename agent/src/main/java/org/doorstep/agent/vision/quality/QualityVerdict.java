package org.doorstep.agent.vision.quality;

import java.util.Objects;
import org.doorstep.agent.model.Guidance;

/**
 * Whether a frame is good enough to work with, and what to tell the resident.
 *
 * @param ok       one face, big enough, centred, lit, sharp and frontal
 * @param guidance {@link Guidance#GOOD} when ok, else the first thing to fix, in plain words
 * @param score    0..1, higher is better (sharpness and frontality of an ok frame; 0 when not ok): picks
 *                 the best frame to keep
 */
public record QualityVerdict(boolean ok, Guidance guidance, double score) {
  public QualityVerdict {
    Objects.requireNonNull(guidance, "guidance");
  }

  static QualityVerdict fix(Guidance g) {
    return new QualityVerdict(false, g, 0);
  }
}
