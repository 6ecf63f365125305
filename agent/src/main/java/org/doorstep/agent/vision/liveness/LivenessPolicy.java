package org.doorstep.agent.vision.liveness;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers of the active challenges. Movements are measured against the resident's own neutral face
 * (the baseline, averaged over the frames before the first challenge).
 *
 * @param positioningLimit   time to get one good frame after another ({@link #baselineFrames}) before the
 *                           challenges start
 * @param perChallenge       time limit of one challenge ({@code policy.liveness.perChallenge})
 * @param retries            challenges that may be asked again after a miss, over the whole check
 *                           ({@code policy.liveness.retries})
 * @param baselineFrames     good frames in a row that make the baseline
 * @param blinkDepth         eye openness must fall by this fraction of the baseline (0.2 = to 80 %) and come
 *                           back for a blink
 * @param turnDegrees        yaw change, degrees, for a head turn
 * @param nodDegrees         downward pitch change, degrees, for a nod (and back up by half of it)
 * @param mouthOpening       mouth openness increase (inner-lip gap over mouth width) for an open mouth
 * @param holdFrames         frames in a row a turn, nod or open mouth must be held (noise is not a movement)
 * @param lostFaceLimit      a face missing this long during a challenge counts as leaving: the challenge fails
 */
public record LivenessPolicy(Duration positioningLimit, Duration perChallenge, int retries, int baselineFrames,
    double blinkDepth, double turnDegrees, double nodDegrees, double mouthOpening, int holdFrames,
    Duration lostFaceLimit) {
  public LivenessPolicy {
    Objects.requireNonNull(positioningLimit, "positioningLimit");
    Objects.requireNonNull(perChallenge, "perChallenge");
    Objects.requireNonNull(lostFaceLimit, "lostFaceLimit");
    if (perChallenge.isNegative() || perChallenge.isZero() || positioningLimit.isNegative()
        || positioningLimit.isZero()) {
      throw new IllegalArgumentException("time limits must be > 0");
    }
    if (retries < 0 || baselineFrames < 1 || holdFrames < 1) {
      throw new IllegalArgumentException("retries >= 0, baselineFrames >= 1, holdFrames >= 1");
    }
    if (!(blinkDepth > 0 && blinkDepth < 1) || !(turnDegrees > 0 && turnDegrees < 90)
        || !(nodDegrees > 0 && nodDegrees < 90) || !(mouthOpening > 0 && mouthOpening < 1)) {
      throw new IllegalArgumentException("blinkDepth and mouthOpening in (0, 1), turn and nod degrees in (0, 90)");
    }
  }

  /** Defaults with the configured time limit per challenge and retry budget. */
  public static LivenessPolicy of(Duration perChallenge, int retries) {
    return new LivenessPolicy(Duration.ofSeconds(20), perChallenge, retries, 5, 0.3, 20, 12, 0.25, 2,
        Duration.ofSeconds(3));
  }

  /** The score needed by {@code kind}, integer thousandths (what the record carries as the threshold). */
  public int thresholdMilli(ChallengeKind kind) {
    return switch (kind) {
      case BLINK -> milli(blinkDepth);
      case TURN_LEFT, TURN_RIGHT -> milli(turnDegrees / 90);
      case NOD -> milli(nodDegrees / 90);
      case OPEN_MOUTH -> milli(mouthOpening);
    };
  }

  static int milli(double v) {
    return (int) Math.round(Math.max(0, Math.min(1, v)) * 1000);
  }
}
