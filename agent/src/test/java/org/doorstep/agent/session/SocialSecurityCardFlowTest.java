package org.doorstep.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.doorstep.agent.model.ChallengeResult;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdPhoto;
import org.doorstep.agent.session.Effect.CallStaff;
import org.doorstep.agent.session.Effect.CaptureFace;
import org.doorstep.agent.session.Effect.CommitRecord;
import org.doorstep.agent.session.Effect.MatchFace;
import org.doorstep.agent.session.Effect.MatchReferencePhoto;
import org.doorstep.agent.session.Effect.ShowMessage;
import org.doorstep.agent.session.Event.CardInserted;
import org.doorstep.agent.session.Event.CardRead;
import org.doorstep.agent.session.Event.ConsentGiven;
import org.doorstep.agent.session.Event.FaceCaptured;
import org.doorstep.agent.session.Event.FaceChecked;
import org.doorstep.agent.session.Event.ReferencePhotoMissing;
import org.doorstep.agent.session.Event.StaffDecision;
import org.doorstep.config.contract.CertificationRecord.CardType;
import org.doorstep.config.contract.CertificationRecord.FaceMatch;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;
import org.junit.jupiter.api.Test;

/**
 * The card step with a social-security card (agent/docs/social-security-card.md §8): the card carries no photo, so
 * a live face is matched against the resident's last certification photo only, retried while attempts are left,
 * then staff decide; the face is never matched against nothing.
 */
class SocialSecurityCardFlowTest {
  private static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
  private static final IdCard SS_CARD = IdCard.socialSecurityCard(IdNumber.of("11010519491231002X"),
      PersonName.of("张三"), LocalDate.of(2030, 1, 1));

  private static FlowPolicy policy(boolean lastPhoto, boolean staff) {
    return new FlowPolicy(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(140),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), 700, 600, 2,
        ZoneId.of("Asia/Shanghai"), lastPhoto, staff, Duration.ofMinutes(5));
  }

  private final CertificationFlow flow = new CertificationFlow(policy(true, true));

  private static FaceCapture live() {
    return new FaceCapture("c1", List.of(new ChallengeResult("BLINK", true, Duration.ofMillis(900))), 950,
        "a".repeat(64), 1234);
  }

  private static Session drive(CertificationFlow f, Event... events) {
    Session s = f.start(T0).session();
    for (Event e : events) {
      s = f.next(s, e, T0).session();
    }
    return s;
  }

  private static Session inCapture(CertificationFlow f) {
    return drive(f, new CardInserted(), new CardRead(SS_CARD), new ConsentGiven());
  }

  private static Effect.Certification committed(Step step) {
    return step.effects().stream().filter(CommitRecord.class::isInstance)
        .map(e -> ((CommitRecord) e).certification()).findFirst().orElseThrow();
  }

  @Test
  void a_live_face_is_matched_against_the_last_certification_photo_at_once() {
    Step step = flow.next(inCapture(flow), new FaceCaptured(live()), T0);
    assertThat(step.state()).isEqualTo(State.MATCHING);
    assertThat(step.session().lastPhotoTried()).isTrue();
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.MATCHING_LAST_PHOTO),
        new MatchReferencePhoto(live(), SS_CARD));
    assertThat(step.effects()).noneMatch(MatchFace.class::isInstance);
  }

  @Test
  void a_match_certifies_in_self_mode_with_the_last_certification_reference_and_the_card_type() {
    Session matching = flow.next(inCapture(flow), new FaceCaptured(live()), T0).session();
    Step step = flow.next(matching, new FaceChecked(810), T0);
    Effect.Certification c = committed(step);
    assertThat(c.outcome()).isEqualTo(Outcome.CERTIFIED);
    assertThat(c.mode()).isEqualTo(Mode.SELF);
    assertThat(c.card().cardType()).isEqualTo(CardType.SOCIAL_SECURITY_CARD);
    assertThat(c.match()).contains(new FaceMatch(true, 810, 600, CertificationFlow.LAST_CERTIFICATION_REFERENCE));
    assertThat(c.idPhotoEvidence()).isFalse();
  }

  @Test
  void a_mismatch_with_an_attempt_left_captures_again_then_staff_decide() {
    Session matching = flow.next(inCapture(flow), new FaceCaptured(live()), T0).session();
    Step retry = flow.next(matching, new FaceChecked(300), T0);
    assertThat(retry.state()).isEqualTo(State.FACE_CAPTURE);
    assertThat(retry.session().attempt()).isEqualTo(2);
    assertThat(retry.effects()).containsExactly(new ShowMessage(ResidentMessage.MISMATCH_TRY_AGAIN),
        new CaptureFace(2));

    Step second = flow.next(retry.session(), new FaceCaptured(live()), T0);
    assertThat(second.effects()).contains(new MatchReferencePhoto(live(), SS_CARD));
    Step staff = flow.next(second.session(), new FaceChecked(310), T0);
    assertThat(staff.state()).isEqualTo(State.STAFF_ASSIST);
    assertThat(staff.effects()).containsExactly(new ShowMessage(ResidentMessage.WAIT_FOR_STAFF), new CallStaff());
  }

  @Test
  void no_kept_photo_goes_to_staff_without_a_retry() {
    Session matching = flow.next(inCapture(flow), new FaceCaptured(live()), T0).session();
    Step step = flow.next(matching, new ReferencePhotoMissing(), T0);
    assertThat(step.state()).isEqualTo(State.STAFF_ASSIST);
    assertThat(step.session().match()).isEmpty();
  }

  @Test
  void staff_confirmation_is_recorded_without_card_photo_evidence() {
    Session matching = flow.next(inCapture(flow), new FaceCaptured(live()), T0).session();
    Session staff = flow.next(matching, new ReferencePhotoMissing(), T0).session();
    Effect.Certification c = committed(flow.next(staff, new StaffDecision("staff-07", true, true, true), T0));
    assertThat(c.outcome()).isEqualTo(Outcome.STAFF_CONFIRMED);
    assertThat(c.mode()).isEqualTo(Mode.STAFF_ASSISTED);
    assertThat(c.operator()).contains("staff-07");
    assertThat(c.idPhotoEvidence()).as("the social-security card has no photo to attach").isFalse();
  }

  @Test
  void without_the_photo_policy_a_live_face_goes_straight_to_staff() {
    CertificationFlow f = new CertificationFlow(policy(false, true));
    Step step = f.next(inCapture(f), new FaceCaptured(live()), T0);
    assertThat(step.state()).isEqualTo(State.STAFF_ASSIST);
    assertThat(step.effects()).noneMatch(e -> e instanceof MatchFace || e instanceof MatchReferencePhoto);
  }

  @Test
  void without_either_fallback_it_is_never_certified_by_itself() {
    CertificationFlow f = new CertificationFlow(policy(false, false));
    Step step = f.next(inCapture(f), new FaceCaptured(live()), T0);
    Effect.Certification c = committed(step);
    assertThat(c.outcome()).isEqualTo(Outcome.NOT_CERTIFIED);
    assertThat(c.match()).isEmpty();
  }

  @Test
  void an_expired_social_security_card_fails_before_consent() {
    IdCard expired = IdCard.socialSecurityCard(IdNumber.of("11010519491231002X"), PersonName.of("张三"),
        LocalDate.of(2026, 3, 1));
    Step step = flow.next(drive(flow, new CardInserted()), new CardRead(expired), T0);
    assertThat(step.state()).isEqualTo(State.FAILED);
    assertThat(step.session().message()).contains(ResidentMessage.CARD_EXPIRED);
  }

  @Test
  void only_a_social_security_card_may_come_without_a_photo() {
    assertThatThrownBy(() -> new IdCard(CardType.RESIDENT, IdNumber.of("11010519491231002X"), PersonName.of("张三"),
        LocalDate.MAX, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("photo: required for a RESIDENT card");
    assertThatThrownBy(() -> new IdCard(CardType.SOCIAL_SECURITY_CARD, IdNumber.of("11010519491231002X"),
        PersonName.of("张三"), LocalDate.MAX, Optional.of(IdPhoto.of(new byte[] {1, 2, 3})), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("photo: a social-security card carries no readable photo");
    assertThat(SS_CARD.toString()).doesNotContain("11010519491231002X").doesNotContain("张三").contains("no photo");
  }
}
