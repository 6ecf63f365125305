package org.doorstep.agent.vision.liveness;

import java.time.Duration;
import java.util.Objects;

/**
 * How one challenge went.
 *
 * @param kind           the challenge
 * @param passed         performed within its time limit
 * @param took           from the prompt to the movement (the time limit when missed), over all attempts
 * @param scoreMilli     how far the movement went, integer thousandths: blink = depth of the eye closing
 *                       relative to the open eye; turn and nod = degrees / 90; open mouth = lip gap over mouth
 *                       width
 * @param thresholdMilli the score needed ({@link LivenessPolicy#thresholdMilli})
 * @param attempts       times asked
 */
public record ChallengeOutcome(ChallengeKind kind, boolean passed, Duration took, int scoreMilli, int thresholdMilli,
    int attempts) {
  public ChallengeOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(took, "took");
    if (scoreMilli < 0 || scoreMilli > 1000 || thresholdMilli < 0 || thresholdMilli > 1000 || attempts < 1) {
      throw new IllegalArgumentException("scores in 0..1000, attempts >= 1");
    }
  }
}
