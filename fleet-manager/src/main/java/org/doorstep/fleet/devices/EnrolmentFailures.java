package org.doorstep.fleet.devices;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The enrolment attempts the fleet refused, per device: the last refusal (reason, detail, time) and how
 * many in a row, until the device enrols. {@code GET /api/devices} shows a device with one as {@code
 * "enrolment": {"state": "FAILING", …}}: a kiosk stranded between the fleet's enrolment and its own
 * (killed before it saved its certificate, retrying with a spent token) or holding an expired token is
 * visible at the county office, not only on the kiosk.
 *
 * <p>Only refusals of a <em>known</em> token are attributed (the token names its device); an unknown
 * token names no device that could be trusted. Kept in memory: a restart forgets them, and the next
 * attempt records them again (a stranded kiosk retries at its next start). Shaped for the alarms of
 * issue 12 to adopt: one condition per device, raised and cleared. Thread-safe.
 */
public final class EnrolmentFailures {
  /**
   * A device's failing enrolment.
   *
   * @param reason   the refusal's stable reason ({@code TOKEN_USED}, {@code TOKEN_EXPIRED}, …)
   * @param detail   its explanation (never the token)
   * @param at       the last refusal
   * @param since    the first refusal of the run
   * @param attempts refusals since the last success
   */
  public record Failure(String reason, String detail, Instant at, Instant since, int attempts) {
    /** Validates presence. */
    public Failure {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(since, "since");
    }
  }

  private final Clock clock;
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();

  /** @param clock the time of each refusal */
  public EnrolmentFailures(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Records a refusal of {@code deviceId}'s enrolment. */
  public void refused(String deviceId, String reason, String detail) {
    Instant now = clock.instant();
    failures.merge(deviceId, new Failure(reason, detail == null ? "" : detail, now, now, 1),
        (old, fresh) -> new Failure(reason, fresh.detail(), now, old.since(), old.attempts() + 1));
  }

  /** {@code deviceId} enrolled (or renewed): its failures are over. */
  public void succeeded(String deviceId) {
    failures.remove(deviceId);
  }

  /** The failing enrolment of {@code deviceId}; empty when its last attempt did not fail. */
  public Optional<Failure> of(String deviceId) {
    return Optional.ofNullable(failures.get(deviceId));
  }
}
