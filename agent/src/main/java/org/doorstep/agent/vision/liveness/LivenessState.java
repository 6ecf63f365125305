package org.doorstep.agent.vision.liveness;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.model.Guidance;

/**
 * Where the active liveness check is. Immutable; {@link ChallengeMachine#next} returns a new one.
 *
 * @param phase          positioning, a challenge, or done
 * @param sequence       the challenges to ask, in order
 * @param index          the challenge being asked (index into {@code sequence})
 * @param attempt        attempt of that challenge, from 1
 * @param retriesLeft    retries left over the whole check
 * @param phaseStartedAt when positioning or the current attempt started (for its time limit)
 * @param askedAt        when the current challenge was first asked (for its duration)
 * @param lastFaceAt     when a face was last seen during a challenge
 * @param baseline       the resident's neutral face
 * @param progress       how far the current challenge got
 * @param outcomes       finished challenges, in order
 * @param guidance       what the screen shows now
 * @param failure        why the check failed, in words for logs (empty unless {@link Phase#FAILED})
 */
public record LivenessState(Phase phase, List<ChallengeKind> sequence, int index, int attempt, int retriesLeft,
    Instant phaseStartedAt, Instant askedAt, Instant lastFaceAt, Baseline baseline, Progress progress,
    List<ChallengeOutcome> outcomes, Guidance guidance, Optional<String> failure) {

  /** The phases. */
  public enum Phase {
    /** Waiting for a run of good frames (the baseline). */
    POSITIONING,
    /** Asking {@code sequence[index]}. */
    CHALLENGE,
    /** Every challenge performed. */
    PASSED,
    /** A challenge missed with no retry left, the face never got usable, or it left. */
    FAILED;

    /** Whether the check is over. */
    public boolean isDone() {
      return this == PASSED || this == FAILED;
    }
  }

  public LivenessState {
    Objects.requireNonNull(phase, "phase");
    sequence = List.copyOf(sequence);
    Objects.requireNonNull(phaseStartedAt, "phaseStartedAt");
    Objects.requireNonNull(askedAt, "askedAt");
    Objects.requireNonNull(lastFaceAt, "lastFaceAt");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(progress, "progress");
    outcomes = List.copyOf(outcomes);
    Objects.requireNonNull(guidance, "guidance");
    Objects.requireNonNull(failure, "failure");
    if (sequence.isEmpty()) {
      throw new IllegalArgumentException("sequence: at least one challenge");
    }
  }

  /** The challenge being asked. */
  public ChallengeKind current() {
    return sequence.get(Math.min(index, sequence.size() - 1));
  }

  /**
   * The resident's neutral face: running means over good frames in a row.
   *
   * @param frames how many frames are in the means
   */
  public record Baseline(int frames, double eye, double mouth, double yaw, double pitch) {
    static final Baseline EMPTY = new Baseline(0, 0, 0, 0, 0);

    Baseline add(double e, double m, double y, double p) {
      int n = frames + 1;
      return new Baseline(n, eye + (e - eye) / n, mouth + (m - mouth) / n, yaw + (y - yaw) / n,
          pitch + (p - pitch) / n);
    }
  }

  /**
   * Progress of the current challenge.
   *
   * @param stage blink: 0 waiting for open eyes, 1 open seen, 2 closed seen; nod: 0 waiting for down, 1 down
   *              seen; others unused
   * @param peak  largest movement seen over all attempts (the challenge's score, 0..1)
   * @param held  frames in a row the movement has been held
   */
  public record Progress(int stage, double peak, int held) {
    static final Progress NONE = new Progress(0, 0, 0);
  }
}
