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
 * @param mismatch          what happens when the face still does not match after the retries ("ID photo
 *                          too old"); {@code null} in a config built in code means neither fallback
 */
public record Policy(
    Liveness liveness,
    Integer matchThresholdMilli,
    Integer matchRetries,
    Duration sessionTimeout,
    Duration retention,
    Integer uploadBatchSize,
    Duration ackTimeout,
    Duration heartbeatInterval,
    Mismatch mismatch) {

  /** A policy without mismatch fallbacks (code written before {@code mismatch} existed). */
  public Policy(Liveness liveness, Integer matchThresholdMilli, Integer matchRetries, Duration sessionTimeout,
      Duration retention, Integer uploadBatchSize, Duration ackTimeout, Duration heartbeatInterval) {
    this(liveness, matchThresholdMilli, matchRetries, sessionTimeout, retention, uploadBatchSize, ackTimeout,
        heartbeatInterval, null);
  }

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

  /**
   * The "ID photo too old" policy (Xianyou: 6,392 residents failed because their ID photo no longer
   * looked like them). Applies only when liveness passed and every match retry was used.
   *
   * @param lastCertificationPhoto  first match the live face against the resident's photo from their last
   *                                successful certification, kept encrypted on this kiosk only
   * @param staffAssisted           then hand over to staff, who confirm person, photo and card (operator id
   *                                required); the on-site photo and the ID photo become evidence; false:
   *                                the session ends not certified
   * @param staffWait               how long the kiosk waits for a staff member's decision
   * @param referencePhotoRetention how long a certified resident's photo is kept as their next reference
   */
  public record Mismatch(Boolean lastCertificationPhoto, Boolean staffAssisted, Duration staffWait,
      Duration referencePhotoRetention) {
    /** Neither fallback: a mismatch after the retries ends not certified. */
    public static final Mismatch NONE = new Mismatch(false, false, Duration.ofMinutes(5), Duration.ofDays(400));
  }
}
