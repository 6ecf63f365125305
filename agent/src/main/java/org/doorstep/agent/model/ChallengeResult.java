package org.doorstep.agent.model;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How one liveness challenge went.
 *
 * @param kind           {@code BLINK}, {@code TURN_LEFT}, {@code TURN_RIGHT}, {@code NOD} or {@code OPEN_MOUTH}
 * @param passed         whether the resident performed it within its time limit
 * @param took           how long it took
 * @param scoreMilli     how far the movement went, integer thousandths (empty from the simulator)
 * @param thresholdMilli the score needed (empty from the simulator)
 * @param attempts       times it was asked (empty from the simulator)
 */
public record ChallengeResult(String kind, boolean passed, Duration took, OptionalInt scoreMilli,
    OptionalInt thresholdMilli, OptionalInt attempts) {
  public ChallengeResult {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(scoreMilli, "scoreMilli");
    Objects.requireNonNull(thresholdMilli, "thresholdMilli");
    Objects.requireNonNull(attempts, "attempts");
  }

  /** A result without measurements (the simulated face check). */
  public ChallengeResult(String kind, boolean passed, Duration took) {
    this(kind, passed, took, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
  }
}
