package org.doorstep.agent.vision.liveness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.vision.detect.FaceMeasures;
import org.doorstep.agent.vision.detect.FrameMeasurement;
import org.doorstep.agent.vision.liveness.LivenessState.Baseline;
import org.doorstep.agent.vision.liveness.LivenessState.Phase;
import org.doorstep.agent.vision.liveness.LivenessState.Progress;

/**
 * The active liveness check as a transition function fed by per-frame measurements.
 *
 * <pre>
 * POSITIONING --{@code baselineFrames} good frames in a row--> CHALLENGE(0)   (a bad frame restarts the run)
 * POSITIONING --positioningLimit--> FAILED("no usable face")
 * CHALLENGE(i) --movement seen--> CHALLENGE(i+1) … --last one--> PASSED
 * CHALLENGE(i) --perChallenge elapsed, or the face gone for lostFaceLimit--> retry left: CHALLENGE(i) again
 *                                                                          none: FAILED
 * </pre>
 *
 * Movements are measured against the baseline (the resident's neutral face): blink = eye openness falls by
 * {@code blinkDepth} and comes back; turn = yaw moves by {@code turnDegrees} toward the asked side for
 * {@code holdFrames} frames; nod = pitch goes down by {@code nodDegrees} and comes back up halfway; open
 * mouth = mouth openness rises by {@code mouthOpening}. During a challenge a frame with two faces or none
 * is not used (the screen says why); head pose may leave the quality gate's frontal range (that is the
 * point of a turn).
 *
 * <p>Pure: no clock, no I/O; the same inputs give the same step. Thread-safe.
 */
public final class ChallengeMachine {
  /** Eye openness at or above this fraction of the baseline counts as open. */
  static final double EYE_OPEN = 0.9;

  private final LivenessPolicy policy;

  public ChallengeMachine(LivenessPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public LivenessPolicy policy() {
    return policy;
  }

  /**
   * The result of one transition.
   *
   * @param state the new state
   * @param show  what the screen should show now, in order (empty: nothing changes)
   */
  public record Step(LivenessState state, List<Guidance> show) {
    public Step {
      Objects.requireNonNull(state, "state");
      show = List.copyOf(show);
    }
  }

  /** The first state: positioning, asking the resident to face the camera. */
  public Step start(List<ChallengeKind> sequence, Instant now) {
    LivenessState s = new LivenessState(Phase.POSITIONING, sequence, 0, 1, policy.retries(), now, now, now,
        Baseline.EMPTY, Progress.NONE, List.of(), Guidance.LOOK_AT_CAMERA, Optional.empty());
    return new Step(s, List.of(Guidance.LOOK_AT_CAMERA));
  }

  /** The step for {@code event} at {@code now}; a finished check ignores everything. */
  public Step next(LivenessState s, LivenessEvent event, Instant now) {
    Objects.requireNonNull(s, "state");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(now, "now");
    if (s.phase().isDone()) {
      return new Step(s, List.of());
    }
    if (s.phase() == Phase.POSITIONING) {
      return positioning(s, event, now);
    }
    return challenge(s, event, now);
  }

  private Step positioning(LivenessState s, LivenessEvent event, Instant now) {
    if (elapsed(s.phaseStartedAt(), now).compareTo(policy.positioningLimit()) > 0) {
      return fail(s, "no usable face within " + policy.positioningLimit().toSeconds() + " s (last advice: "
          + s.guidance().words() + ")", now);
    }
    if (!(event instanceof LivenessEvent.Frame f)) {
      return new Step(s, List.of());
    }
    if (!f.quality().ok()) {
      LivenessState reset = with(s, s.phase(), s.index(), s.attempt(), s.retriesLeft(), s.phaseStartedAt(),
          s.askedAt(), s.lastFaceAt(), Baseline.EMPTY, s.progress(), s.outcomes(), f.quality().guidance());
      return show(s, reset);
    }
    FaceMeasures m = f.measurement().face().orElseThrow();
    Baseline b = s.baseline().add(m.eyeOpenness(), m.mouthOpenness(), m.yaw(), m.pitch());
    if (b.frames() < policy.baselineFrames()) {
      return show(s, with(s, s.phase(), s.index(), s.attempt(), s.retriesLeft(), s.phaseStartedAt(), s.askedAt(),
          s.lastFaceAt(), b, s.progress(), s.outcomes(), Guidance.GOOD));
    }
    ChallengeKind first = s.sequence().get(0);
    LivenessState asking = with(s, Phase.CHALLENGE, 0, 1, s.retriesLeft(), now, now, now, b, Progress.NONE,
        s.outcomes(), first.prompt());
    return show(s, asking);
  }

  private Step challenge(LivenessState s, LivenessEvent event, Instant now) {
    if (event instanceof LivenessEvent.Frame f) {
      FrameMeasurement m = f.measurement();
      if (m.faces() == 1 && m.face().isPresent()) {
        FaceMeasures face = m.face().get();
        Progress p = progress(s.current(), s.progress(), s.baseline(), face);
        boolean done = performed(s.current(), p);
        LivenessState seen = with(s, s.phase(), s.index(), s.attempt(), s.retriesLeft(), s.phaseStartedAt(),
            s.askedAt(), now, s.baseline(), p, s.outcomes(), s.current().prompt());
        if (done) {
          return passed(seen, now);
        }
        if (!overdue(seen, now)) {
          return show(s, seen);
        }
        return missed(seen, "the movement was not seen in " + policy.perChallenge().toSeconds() + " s", now);
      }
      Guidance why = m.faces() > 1 ? Guidance.ONLY_ONE_PERSON : Guidance.LOOK_AT_CAMERA;
      LivenessState unseen = with(s, s.phase(), s.index(), s.attempt(), s.retriesLeft(), s.phaseStartedAt(),
          s.askedAt(), s.lastFaceAt(), s.baseline(), s.progress(), s.outcomes(), why);
      if (m.faces() == 0 && elapsed(s.lastFaceAt(), now).compareTo(policy.lostFaceLimit()) > 0) {
        return missed(unseen, "the face left the camera for more than " + policy.lostFaceLimit().toSeconds()
            + " s", now);
      }
      if (overdue(unseen, now)) {
        return missed(unseen, "the movement was not seen in " + policy.perChallenge().toSeconds() + " s", now);
      }
      return show(s, unseen);
    }
    if (overdue(s, now)) {
      return missed(s, "no frame and the movement was not seen in " + policy.perChallenge().toSeconds() + " s",
          now);
    }
    if (elapsed(s.lastFaceAt(), now).compareTo(policy.lostFaceLimit()) > 0) {
      return missed(s, "the face left the camera for more than " + policy.lostFaceLimit().toSeconds() + " s", now);
    }
    return new Step(s, List.of());
  }

  /** How the current challenge's progress moves with one frame's face. */
  Progress progress(ChallengeKind kind, Progress p, Baseline b, FaceMeasures f) {
    return switch (kind) {
      case BLINK -> {
        double r = b.eye() <= 0 ? 1 : f.eyeOpenness() / b.eye();
        double depth = Math.max(p.peak(), 1 - r);
        int stage = p.stage();
        if (stage == 0 && r >= EYE_OPEN) {
          stage = 1;
        } else if (stage == 1 && r <= 1 - policy.blinkDepth()) {
          stage = 2;
        } else if (stage == 2 && r >= EYE_OPEN) {
          stage = 3;
        }
        yield new Progress(stage, stage >= 1 ? depth : p.peak(), p.held());
      }
      case TURN_LEFT -> hold(p, f.yaw() - b.yaw(), policy.turnDegrees(), 90);
      case TURN_RIGHT -> hold(p, b.yaw() - f.yaw(), policy.turnDegrees(), 90);
      case OPEN_MOUTH -> hold(p, f.mouthOpenness() - b.mouth(), policy.mouthOpening(), 1);
      case NOD -> {
        double d = f.pitch() - b.pitch();
        double peak = Math.max(p.peak(), d / 90);
        if (p.stage() == 0) {
          int held = d >= policy.nodDegrees() ? p.held() + 1 : 0;
          yield new Progress(held >= policy.holdFrames() ? 1 : 0, peak, held);
        }
        yield new Progress(d <= policy.nodDegrees() / 2 ? 2 : 1, peak, p.held());
      }
    };
  }

  private Progress hold(Progress p, double movement, double needed, double scale) {
    int held = movement >= needed ? p.held() + 1 : 0;
    return new Progress(held >= policy.holdFrames() ? 1 : 0, Math.max(p.peak(), movement / scale), held);
  }

  private static boolean performed(ChallengeKind kind, Progress p) {
    return switch (kind) {
      case BLINK -> p.stage() == 3;
      case NOD -> p.stage() == 2;
      default -> p.stage() == 1;
    };
  }

  private boolean overdue(LivenessState s, Instant now) {
    return elapsed(s.phaseStartedAt(), now).compareTo(policy.perChallenge()) > 0;
  }

  private Step passed(LivenessState s, Instant now) {
    List<ChallengeOutcome> outcomes = new ArrayList<>(s.outcomes());
    outcomes.add(outcome(s, true, now));
    int next = s.index() + 1;
    if (next >= s.sequence().size()) {
      LivenessState done = with(s, Phase.PASSED, s.index(), s.attempt(), s.retriesLeft(), s.phaseStartedAt(),
          s.askedAt(), s.lastFaceAt(), s.baseline(), s.progress(), outcomes, Guidance.DONE);
      return show(s, done);
    }
    LivenessState asking = with(s, Phase.CHALLENGE, next, 1, s.retriesLeft(), now, now, now, s.baseline(),
        Progress.NONE, outcomes, s.sequence().get(next).prompt());
    return show(s, asking);
  }

  private Step missed(LivenessState s, String why, Instant now) {
    if (s.retriesLeft() > 0) {
      // Same challenge again; its best movement so far is kept for the score.
      LivenessState again = with(s, Phase.CHALLENGE, s.index(), s.attempt() + 1, s.retriesLeft() - 1, now,
          s.askedAt(), now, s.baseline(), new Progress(0, s.progress().peak(), 0), s.outcomes(),
          s.current().prompt());
      return new Step(again, List.of(Guidance.TRY_AGAIN, s.current().prompt()));
    }
    List<ChallengeOutcome> outcomes = new ArrayList<>(s.outcomes());
    outcomes.add(outcome(s, false, now));
    LivenessState failed = new LivenessState(Phase.FAILED, s.sequence(), s.index(), s.attempt(), 0,
        s.phaseStartedAt(), s.askedAt(), s.lastFaceAt(), s.baseline(), s.progress(), outcomes, Guidance.DONE,
        Optional.of(s.current() + " attempt " + s.attempt() + ": " + why));
    return show(s, failed);
  }

  private Step fail(LivenessState s, String why, Instant now) {
    LivenessState failed = new LivenessState(Phase.FAILED, s.sequence(), s.index(), s.attempt(), s.retriesLeft(),
        s.phaseStartedAt(), s.askedAt(), s.lastFaceAt(), s.baseline(), s.progress(), s.outcomes(), Guidance.DONE,
        Optional.of(why));
    return show(s, failed);
  }

  private ChallengeOutcome outcome(LivenessState s, boolean passed, Instant now) {
    ChallengeKind k = s.current();
    return new ChallengeOutcome(k, passed, elapsed(s.askedAt(), now), LivenessPolicy.milli(s.progress().peak()),
        policy.thresholdMilli(k), s.attempt());
  }

  private static Step show(LivenessState before, LivenessState after) {
    return new Step(after, after.guidance() == before.guidance() ? List.of() : List.of(after.guidance()));
  }

  private static LivenessState with(LivenessState s, Phase phase, int index, int attempt, int retriesLeft,
      Instant phaseStartedAt, Instant askedAt, Instant lastFaceAt, Baseline baseline, Progress progress,
      List<ChallengeOutcome> outcomes, Guidance guidance) {
    return new LivenessState(phase, s.sequence(), index, attempt, retriesLeft, phaseStartedAt, askedAt, lastFaceAt,
        baseline, progress, outcomes, guidance, s.failure());
  }

  private static Duration elapsed(Instant from, Instant now) {
    return now.isBefore(from) ? Duration.ZERO : Duration.between(from, now);
  }
}
