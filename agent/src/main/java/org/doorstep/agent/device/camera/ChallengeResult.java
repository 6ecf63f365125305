package org.doorstep.agent.device.camera;

import java.time.Duration;
import java.util.Objects;

/**
 * How one liveness challenge went.
 *
 * @param kind   {@code BLINK}, {@code TURN_LEFT}, {@code TURN_RIGHT}, {@code NOD} or {@code OPEN_MOUTH}
 * @param passed whether the resident performed it within its time limit
 * @param took   how long it took
 */
public record ChallengeResult(String kind, boolean passed, Duration took) {
  public ChallengeResult {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(took, "took");
  }
}
