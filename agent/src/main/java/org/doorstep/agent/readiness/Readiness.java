package org.doorstep.agent.readiness;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps this terminal from taking certifications now: a set of {@link Blocker}s, one per {@link
 * Problem}. A terminal with any blocker {@linkplain #canCertify() cannot certify}: the certification
 * runner refuses the next resident ("this terminal cannot take certifications now", {@code
 * kiosk.cannot-certify}) before a card is read, the idle screen says so instead of "place your card", and
 * {@code GET /api/health} lists the blockers under {@code readiness} for the staff view.
 *
 * <p>Why refuse rather than certify and keep the record: a certification the kiosk cannot store (disk full)
 * or can never deliver (enrolment refused: the fleet will not take its records) is a promise to the
 * resident that nobody keeps. A kiosk that is merely offline, or not enrolled <em>yet</em> (fleet
 * unreachable), keeps certifying: its records wait in the outbox.
 *
 * <p>Logging: a new blocker at ERROR (staff must act), its end at INFO. Thread-safe; listeners are called
 * on the thread that raised or cleared.
 */
public final class Readiness {
  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

  /** Why the terminal cannot take certifications. Stable names: the health API shows them. */
  public enum Problem {
    /** The data folder's file system is full: a record could not be stored. Clears when space returns. */
    DISK_FULL,
    /**
     * The fleet refused this kiosk's enrolment for good (token used, expired or unknown; device taken):
     * its records could never be delivered. Clears when the kiosk is enrolled (staff issue a new token).
     */
    ENROLMENT_REFUSED,
    /**
     * The fleet stored records of this kiosk with higher sequence numbers than its outbox holds (its
     * outbox and control database were lost or replaced by older copies): new records would be refused
     * ({@code SEQUENCE_CONFLICT}). Clears when the outbox catches up, or when staff restart the agent
     * with {@code --accept-outbox-loss} (numbering continues above the fleet's mark).
     */
    OUTBOX_BEHIND_FLEET
  }

  /**
   * One blocker.
   *
   * @param problem what
   * @param detail  why, for staff (file, free bytes, the fleet's reason); never personal data
   * @param since   when it was raised
   */
  public record Blocker(Problem problem, String detail, Instant since) {
    /** Validates presence. */
    public Blocker {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(since, "since");
    }
  }

  private final Clock clock;
  private final Map<Problem, Blocker> blockers = new EnumMap<>(Problem.class);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** @param clock the {@code since} of each blocker */
  public Readiness(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Raises {@code problem} (a second raise keeps the first {@code since} and updates the detail).
   *
   * @return true when it was not raised before
   */
  public boolean raise(Problem problem, String detail) {
    Objects.requireNonNull(problem, "problem");
    boolean fresh;
    synchronized (blockers) {
      Blocker before = blockers.get(problem);
      fresh = before == null;
      blockers.put(problem, new Blocker(problem, detail == null ? "" : detail,
          fresh ? clock.instant() : before.since()));
    }
    if (fresh) {
      LOG.error("terminal cannot take certifications: {} ({})", problem, detail);
      notifyListeners();
    }
    return fresh;
  }

  /**
   * Clears {@code problem}.
   *
   * @return true when it was raised
   */
  public boolean clear(Problem problem) {
    Blocker gone;
    synchronized (blockers) {
      gone = blockers.remove(problem);
    }
    if (gone != null) {
      LOG.info("{} resolved (since {}){}", problem, gone.since(),
          canCertify() ? ": terminal takes certifications again" : "");
      notifyListeners();
    }
    return gone != null;
  }

  /** Whether no blocker is raised. */
  public boolean canCertify() {
    synchronized (blockers) {
      return blockers.isEmpty();
    }
  }

  /** Whether {@code problem} is raised. */
  public boolean has(Problem problem) {
    synchronized (blockers) {
      return blockers.containsKey(problem);
    }
  }

  /** The blockers, in {@link Problem} order; empty when the terminal can certify. */
  public List<Blocker> blockers() {
    synchronized (blockers) {
      return List.copyOf(new ArrayList<>(blockers.values()));
    }
  }

  /**
   * Calls {@code listener} after every raise of a new blocker and every clear.
   *
   * @return closing it unsubscribes
   */
  public AutoCloseable subscribe(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void notifyListeners() {
    for (Runnable l : listeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        LOG.warn("readiness listener failed", e);
      }
    }
  }
}
