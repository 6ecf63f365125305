package org.doorstep.config.profile;

import java.time.Duration;
import java.util.List;

/**
 * What the terminal applies. Durations are ISO-8601 ({@code PT30S}); scores are integer
 * thousandths (0–1000), as on the wire.
 *
 * @param liveness          liveness challenges and threshold
 * @param matchThresholdMilli cosine similarity (×1000) at or above which the face matches the ID photo
 * @param matchRetries      extra attempts after a mismatch before staff assistance is offered
 * @param sessionTimeout    a resident idle this long is timed out and the session wiped
 * @param retention         how long evidence and personal fields stay after the fleet's ack
 * @param uploadBatchSize   records published per drain round (bounded also by the broker's receive maximum)
 * @param ackTimeout        a record not acked in this time is published again (with backoff)
 * @param heartbeatInterval period of state messages
 */
public record Policy(
    Liveness liveness,
    Integer matchThresholdMilli,
    Integer matchRetries,
    Duration sessionTimeout,
    Duration retention,
    Integer uploadBatchSize,
    Duration ackTimeout,
    Duration heartbeatInterval) {

  /**
   * @param challenges       the pool challenges are drawn from: {@code BLINK}, {@code TURN_LEFT},
   *                         {@code TURN_RIGHT}, {@code NOD}, {@code OPEN_MOUTH}
   * @param count            how many are drawn per session
   * @param perChallenge     time limit of each challenge
   * @param thresholdMilli   liveness score needed to pass
   * @param retries          challenges that may be asked again after a miss, over one face attempt
   */
  public record Liveness(List<String> challenges, Integer count, Duration perChallenge, Integer thresholdMilli,
      Integer retries) {
    public Liveness {
      challenges = challenges == null ? List.of() : List.copyOf(challenges);
    }

    /** Liveness with one retry (code written before {@code retries} existed). */
    public Liveness(List<String> challenges, Integer count, Duration perChallenge, Integer thresholdMilli) {
      this(challenges, count, perChallenge, thresholdMilli, 1);
    }
  }
}
