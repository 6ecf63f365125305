package org.doorstep.agent.vision.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.vision.detect.Detection;
import org.doorstep.agent.vision.detect.FaceMeasures;
import org.doorstep.agent.vision.detect.FrameMeasurement;
import org.doorstep.agent.vision.liveness.LivenessState.Phase;
import org.doorstep.agent.vision.quality.QualityVerdict;
import org.junit.jupiter.api.Test;

/** The challenge state machine on measurement sequences (15 frames per second). */
class ChallengeMachineTest {
  private static final Instant T0 = Instant.parse("2025-03-01T09:30:00Z");
  private static final LivenessPolicy POLICY = LivenessPolicy.of(Duration.ofSeconds(5), 1);
  private static final double EYE = 0.32;

  private final ChallengeMachine machine = new ChallengeMachine(POLICY);
  private LivenessState state;
  private Instant now = T0;
  private final java.util.List<Guidance> shown = new java.util.ArrayList<>();

  private void start(ChallengeKind... kinds) {
    ChallengeMachine.Step s = machine.start(List.of(kinds), now);
    state = s.state();
    shown.addAll(s.show());
  }

  private void frame(int faces, double eye, double mouth, double yaw, double pitch, boolean ok) {
    now = now.plusMillis(66);
    Optional<FaceMeasures> face = faces == 0 ? Optional.empty() : Optional.of(new FaceMeasures(
        new Detection(240, 140, 160, 160, 0.9), 1.0, 80, 140, eye, mouth, yaw, pitch));
    FrameMeasurement m = new FrameMeasurement(now, 640, 480, faces, face);
    QualityVerdict q = ok ? new QualityVerdict(true, Guidance.GOOD, 0.8)
        : new QualityVerdict(false, faces == 0 ? Guidance.LOOK_AT_CAMERA : Guidance.MOVE_CLOSER, 0);
    ChallengeMachine.Step s = machine.next(state, new LivenessEvent.Frame(m, q), now);
    state = s.state();
    shown.addAll(s.show());
  }

  private void neutral(int n) {
    for (int i = 0; i < n; i++) {
      frame(1, EYE + (i % 3 - 1) * 0.01, 0.05, 1 + (i % 2), 10, true);
    }
  }

  private void positioned(ChallengeKind... kinds) {
    start(kinds);
    neutral(POLICY.baselineFrames());
    assertThat(state.phase()).isEqualTo(Phase.CHALLENGE);
  }

  @Test
  void positioning_needsAGoodRunAndABadFrameRestartsIt() {
    start(ChallengeKind.BLINK);
    neutral(POLICY.baselineFrames() - 1);
    frame(1, EYE, 0.05, 0, 10, false);
    assertThat(state.phase()).isEqualTo(Phase.POSITIONING);
    assertThat(state.guidance()).isEqualTo(Guidance.MOVE_CLOSER);
    neutral(POLICY.baselineFrames());

    assertThat(state.phase()).isEqualTo(Phase.CHALLENGE);
    assertThat(shown).containsSubsequence(Guidance.LOOK_AT_CAMERA, Guidance.GOOD, Guidance.MOVE_CLOSER,
        Guidance.GOOD, Guidance.BLINK);
    assertThat(state.baseline().eye()).isCloseTo(EYE, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void blink_openClosedOpen_passesWithItsDepthAsScore() {
    positioned(ChallengeKind.BLINK);
    frame(1, EYE, 0.05, 1, 10, true);
    frame(1, EYE * 0.7, 0.05, 1, 10, true);
    frame(1, EYE * 0.45, 0.05, 1, 10, true);
    assertThat(state.phase()).isEqualTo(Phase.CHALLENGE);
    frame(1, EYE, 0.05, 1, 10, true);

    assertThat(state.phase()).isEqualTo(Phase.PASSED);
    ChallengeOutcome o = state.outcomes().get(0);
    assertThat(o.passed()).isTrue();
    assertThat(o.scoreMilli()).isBetween(530, 570);
    assertThat(o.thresholdMilli()).isEqualTo(300);
    assertThat(o.attempts()).isEqualTo(1);
    assertThat(o.took()).isEqualTo(Duration.ofMillis(4 * 66));
    assertThat(shown).endsWith(Guidance.DONE);
  }

  @Test
  void blink_landmarkNoiseOfAStillPhoto_isNotABlink() {
    positioned(ChallengeKind.BLINK);
    // A rigid photo: eye openness wobbles by up to 15 % (measured on the synthesised replay), never closes.
    for (int i = 0; i < 60; i++) {
      frame(1, EYE * (0.85 + 0.15 * ((i * 7) % 5) / 4.0), 0.05, 1, 10, true);
    }
    assertThat(state.phase()).isEqualTo(Phase.CHALLENGE);
    assertThat(state.attempt()).isEqualTo(1);
  }

  @Test
  void turnLeft_heldForTwoFrames_passes_turnRightThenNeedsTheOtherSide() {
    positioned(ChallengeKind.TURN_LEFT, ChallengeKind.TURN_RIGHT);
    frame(1, EYE, 0.05, 12, 10, false);
    frame(1, EYE, 0.05, 25, 10, false);
    assertThat(state.index()).isZero();
    frame(1, EYE, 0.05, 28, 10, false);
    assertThat(state.index()).isEqualTo(1);
    assertThat(state.guidance()).isEqualTo(Guidance.TURN_RIGHT);
    // Still turned left: not a right turn.
    frame(1, EYE, 0.05, 20, 10, false);
    frame(1, EYE, 0.05, 5, 10, true);
    frame(1, EYE, 0.05, -22, 10, false);
    frame(1, EYE, 0.05, -24, 10, false);

    assertThat(state.phase()).isEqualTo(Phase.PASSED);
    assertThat(state.outcomes()).extracting(ChallengeOutcome::kind)
        .containsExactly(ChallengeKind.TURN_LEFT, ChallengeKind.TURN_RIGHT);
    assertThat(state.outcomes().get(0).scoreMilli()).isCloseTo(296,
        org.assertj.core.data.Offset.offset(5));
    assertThat(state.outcomes().get(0).thresholdMilli()).isEqualTo(222);
  }

  @Test
  void turnLeft_oneNoisyFrame_isNotATurn() {
    positioned(ChallengeKind.TURN_LEFT);
    frame(1, EYE, 0.05, 30, 10, false);
    frame(1, EYE, 0.05, 2, 10, true);
    frame(1, EYE, 0.05, 30, 10, false);
    frame(1, EYE, 0.05, 2, 10, true);
    assertThat(state.phase()).isEqualTo(Phase.CHALLENGE);
  }

  @Test
  void nod_downAndBackUp_passes() {
    positioned(ChallengeKind.NOD);
    frame(1, EYE, 0.05, 1, 25, false);
    frame(1, EYE, 0.05, 1, 26, false);
    assertThat(state.phase()).isEqualTo(Phase.CHALLENGE);
    frame(1, EYE, 0.05, 1, 12, true);
    assertThat(state.phase()).isEqualTo(Phase.PASSED);
  }

  @Test
  void openMouth_passes() {
    positioned(ChallengeKind.OPEN_MOUTH);
    frame(1, EYE, 0.4, 1, 10, true);
    frame(1, EYE, 0.45, 1, 10, true);
    assertThat(state.phase()).isEqualTo(Phase.PASSED);
    assertThat(state.outcomes().get(0).scoreMilli()).isEqualTo(400);
  }

  @Test
  void missedChallenge_isAskedAgainOnce_thenTheCheckFails() {
    positioned(ChallengeKind.BLINK);
    for (int i = 0; i < 80; i++) {
      frame(1, EYE, 0.05, 1, 10, true);
    }
    assertThat(state.attempt()).isEqualTo(2);
    assertThat(shown).containsSubsequence(Guidance.BLINK, Guidance.TRY_AGAIN, Guidance.BLINK);
    for (int i = 0; i < 80; i++) {
      frame(1, EYE, 0.05, 1, 10, true);
    }

    assertThat(state.phase()).isEqualTo(Phase.FAILED);
    ChallengeOutcome o = state.outcomes().get(0);
    assertThat(o.passed()).isFalse();
    assertThat(o.attempts()).isEqualTo(2);
    assertThat(o.took()).isGreaterThan(Duration.ofSeconds(10));
    assertThat(state.failure()).hasValueSatisfying(f -> assertThat(f).contains("BLINK attempt 2")
        .contains("not seen in 5 s"));
  }

  @Test
  void retry_thenPerformed_passesWithTwoAttempts() {
    positioned(ChallengeKind.BLINK);
    for (int i = 0; i < 80; i++) {
      frame(1, EYE, 0.05, 1, 10, true);
    }
    frame(1, EYE * 0.5, 0.05, 1, 10, true);
    frame(1, EYE, 0.05, 1, 10, true);

    assertThat(state.phase()).isEqualTo(Phase.PASSED);
    assertThat(state.outcomes().get(0).attempts()).isEqualTo(2);
  }

  @Test
  void twoFaces_areNotUsed_andTheScreenSaysOnlyOnePerson() {
    positioned(ChallengeKind.OPEN_MOUTH);
    frame(2, EYE, 0.5, 1, 10, false);
    frame(2, EYE, 0.5, 1, 10, false);
    frame(2, EYE, 0.5, 1, 10, false);

    assertThat(state.phase()).isEqualTo(Phase.CHALLENGE);
    assertThat(state.guidance()).isEqualTo(Guidance.ONLY_ONE_PERSON);
  }

  @Test
  void faceGoneLongerThanTheLimit_missesTheChallenge() {
    LivenessPolicy strict = LivenessPolicy.of(Duration.ofSeconds(30), 0);
    ChallengeMachine m = new ChallengeMachine(strict);
    ChallengeMachine.Step s = m.start(List.of(ChallengeKind.BLINK), now);
    for (int i = 0; i < strict.baselineFrames(); i++) {
      now = now.plusMillis(66);
      s = m.next(s.state(), new LivenessEvent.Frame(new FrameMeasurement(now, 640, 480, 1, Optional.of(
          new FaceMeasures(new Detection(240, 140, 160, 160, 0.9), 1, 80, 140, EYE, 0.05, 0, 10))),
          new QualityVerdict(true, Guidance.GOOD, 0.8)), now);
    }
    now = now.plus(strict.lostFaceLimit()).plusMillis(100);
    s = m.next(s.state(), new LivenessEvent.Tick(now), now);

    assertThat(s.state().phase()).isEqualTo(Phase.FAILED);
    assertThat(s.state().failure()).hasValueSatisfying(f -> assertThat(f).contains("left the camera"));
  }

  @Test
  void noUsableFace_failsAfterThePositioningLimit() {
    start(ChallengeKind.BLINK);
    frame(0, 0, 0, 0, 0, false);
    now = now.plus(POLICY.positioningLimit()).plusSeconds(1);
    ChallengeMachine.Step s = machine.next(state, new LivenessEvent.Tick(now), now);

    assertThat(s.state().phase()).isEqualTo(Phase.FAILED);
    assertThat(s.state().outcomes()).isEmpty();
    assertThat(s.state().failure()).hasValueSatisfying(f -> assertThat(f).contains("no usable face"));
  }

  @Test
  void finishedCheck_ignoresFurtherEvents() {
    positioned(ChallengeKind.OPEN_MOUTH);
    frame(1, EYE, 0.5, 1, 10, true);
    frame(1, EYE, 0.5, 1, 10, true);
    LivenessState done = state;
    ChallengeMachine.Step s = machine.next(done, new LivenessEvent.Tick(now.plusSeconds(60)), now.plusSeconds(60));
    assertThat(s.state()).isSameAs(done);
    assertThat(s.show()).isEmpty();
  }

  @Test
  void unknownChallengeName_isRefusedNamingTheKnownOnes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChallengeKind.of("SMILE"))
        .hasMessageContaining("SMILE").hasMessageContaining("OPEN_MOUTH");
    assertThat(ChallengeKind.of("turn_left")).isEqualTo(ChallengeKind.TURN_LEFT);
  }
}
