package org.doorstep.agent.session;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.session.Effect.AskConsent;
import org.doorstep.agent.session.Effect.CallStaff;
import org.doorstep.agent.session.Effect.CaptureFace;
import org.doorstep.agent.session.Effect.Certification;
import org.doorstep.agent.session.Effect.CommitRecord;
import org.doorstep.agent.session.Effect.EndSession;
import org.doorstep.agent.session.Effect.KeepReferencePhoto;
import org.doorstep.agent.session.Effect.MatchFace;
import org.doorstep.agent.session.Effect.MatchReferencePhoto;
import org.doorstep.agent.session.Effect.PrintReceipt;
import org.doorstep.agent.session.Effect.ReadCard;
import org.doorstep.agent.session.Effect.ShowMessage;
import org.doorstep.agent.session.Event.Cancel;
import org.doorstep.agent.session.Event.CardInserted;
import org.doorstep.agent.session.Event.CardRead;
import org.doorstep.agent.session.Event.CardReadFailed;
import org.doorstep.agent.session.Event.CardRemoved;
import org.doorstep.agent.session.Event.CommitFailed;
import org.doorstep.agent.session.Event.ConsentGiven;
import org.doorstep.agent.session.Event.ConsentRefused;
import org.doorstep.agent.session.Event.FaceCaptured;
import org.doorstep.agent.session.Event.FaceCheckFailed;
import org.doorstep.agent.session.Event.FaceChecked;
import org.doorstep.agent.session.Event.PrintFailed;
import org.doorstep.agent.session.Event.ReceiptPrinted;
import org.doorstep.agent.session.Event.RecordCommitted;
import org.doorstep.agent.session.Event.ReferencePhotoMissing;
import org.doorstep.agent.session.Event.StaffDecision;
import org.doorstep.agent.session.Event.Tick;
import org.doorstep.config.contract.CertificationRecord.Challenge;
import org.doorstep.config.contract.CertificationRecord.FaceMatch;
import org.doorstep.config.contract.CertificationRecord.Liveness;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Outcome;

/**
 * The self-service certification workflow as a transition table.
 *
 * <pre>
 * WAITING_FOR_CARD --CardRefused--> FAILED(CANNOT_CERTIFY_NOW): the terminal cannot certify now; nothing read
 * WAITING_FOR_CARD --CardInserted--> CARD_READ --CardRead(valid)--> AWAITING_CONSENT --ConsentGiven--> FACE_CAPTURE
 * FACE_CAPTURE --FaceCaptured(live)--> MATCHING --FaceChecked(≥ threshold)--> RECORDING(CERTIFIED)
 *   not live: attempts left → FACE_CAPTURE again, none left → RECORDING(NOT_CERTIFIED)
 *   live, below threshold ("ID photo too old", policy.mismatch):
 *     attempts left → FACE_CAPTURE again
 *     none left, lastCertificationPhoto → MATCHING against the last certification's photo
 *       --FaceChecked(≥ threshold)--> RECORDING(CERTIFIED); below or ReferencePhotoMissing → next line
 *     staffAssisted → STAFF_ASSIST --StaffDecision(all confirmed)--> RECORDING(STAFF_CONFIRMED, STAFF_ASSISTED)
 *       StaffDecision(not all) → RECORDING(NOT_CERTIFIED, STAFF_ASSISTED); timeout → RECORDING(NOT_CERTIFIED)
 *     otherwise → RECORDING(NOT_CERTIFIED)
 *   card without a photo (social-security card): live → MATCHING against the last certification's photo
 *     (policy.lastCertificationPhoto; else the staff line below) --FaceChecked(≥ threshold)--> RECORDING(CERTIFIED);
 *     below: attempts left → FACE_CAPTURE again, none left → staff line; ReferencePhotoMissing → staff line
 * RECORDING --RecordCommitted--> PRINTING (+ KeepReferencePhoto when certified or staff-confirmed and the
 *   policy keeps photos) --ReceiptPrinted | PrintFailed | timeout--> DONE
 * CARD_READ: CardReadFailed → FAILED(CARD_UNREADABLE), expired card → FAILED(CARD_EXPIRED)
 * AWAITING_CONSENT: ConsentRefused → CANCELLED
 * FACE_CAPTURE, MATCHING: FaceCheckFailed → FAILED(CAMERA_UNAVAILABLE_SEE_STAFF)
 * RECORDING: CommitFailed or timeout → FAILED(RECORD_NOT_SAVED_SEE_STAFF)
 * CARD_READ … STAFF_ASSIST: Cancel → CANCELLED, timeout → TIMED_OUT (STAFF_ASSIST: see above)
 * CARD_READ … MATCHING: CardRemoved → CANCELLED(CARD_REMOVED); STAFF_ASSIST ignores it (staff inspect the card)
 * any state but WAITING_FOR_CARD: Tampered → FAILED(OUT_OF_SERVICE_SEE_STAFF), personal data dropped
 * DONE, CANCELLED, TIMED_OUT, FAILED --CardRemoved--> WAITING_FOR_CARD
 * </pre>
 *
 * Once the record is being committed ({@link State#isRecording()}) cancel and card removal are
 * ignored: the certification happened and must be recorded and, if possible, printed.
 *
 * <p>Pure: no I/O, no clock, no threads; the same inputs always give the same step. Thread-safe.
 */
public final class CertificationFlow {
  /** The match reference recorded in {@link FaceMatch#reference()}: the chip photo of the ID card. */
  public static final String MATCH_REFERENCE = "id-card-photo";
  /**
   * The match reference recorded in {@link FaceMatch#reference()} when the live face was compared with the
   * resident's photo from their last successful certification (kept encrypted on the kiosk).
   */
  public static final String LAST_CERTIFICATION_REFERENCE = "last-certification-photo";

  private final FlowPolicy policy;

  public CertificationFlow(FlowPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public FlowPolicy policy() {
    return policy;
  }

  /** The first session of a kiosk that starts at {@code now}, with its screen effect. */
  public Step start(Instant now) {
    return Step.of(Session.idle(0, now), new ShowMessage(ResidentMessage.PLACE_CARD));
  }

  /**
   * The step for {@code event} in {@code session} at {@code now}.
   *
   * @return the new session and its effects; the unchanged session and no effects when the event does
   *     not apply in the session's state
   */
  public Step next(Session session, Event event, Instant now) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(now, "now");
    State s = session.state();
    if (event instanceof Tick tick) {
      return timeout(session, tick.now());
    }
    if (event instanceof Event.Tampered) {
      return tampered(session, now);
    }
    if (event instanceof Cancel) {
      return s.isInteractive() ? end(session, State.CANCELLED, ResidentMessage.CANCELLED, now) : ignore(session);
    }
    if (event instanceof CardRemoved) {
      if (s.isTerminal()) {
        return Step.of(Session.idle(session.number(), now), new ShowMessage(ResidentMessage.PLACE_CARD));
      }
      // Staff may lift the card to inspect it: that does not end a staff-assisted session.
      return s.isInteractive() && s != State.STAFF_ASSIST
          ? end(session, State.CANCELLED, ResidentMessage.CARD_REMOVED, now) : ignore(session);
    }
    return switch (s) {
      case WAITING_FOR_CARD -> {
        if (event instanceof Event.CardRefused) {
          yield end(session.withNumber(session.number() + 1), State.FAILED, ResidentMessage.CANNOT_CERTIFY_NOW, now);
        }
        yield event instanceof CardInserted
            ? Step.of(session.withNumber(session.number() + 1).enter(State.CARD_READ, now),
                new ShowMessage(ResidentMessage.READING_CARD), new ReadCard())
            : ignore(session);
      }
      case CARD_READ -> cardRead(session, event, now);
      case AWAITING_CONSENT -> {
        if (event instanceof ConsentGiven) {
          yield startAttempt(session, 1, ResidentMessage.FOLLOW_CHALLENGES, now);
        }
        yield event instanceof ConsentRefused
            ? end(session, State.CANCELLED, ResidentMessage.CONSENT_REFUSED, now) : ignore(session);
      }
      case FACE_CAPTURE -> faceCaptured(session, event, now);
      case MATCHING -> faceChecked(session, event, now);
      case STAFF_ASSIST -> event instanceof StaffDecision d ? staffDecided(session, d, now) : ignore(session);
      case RECORDING -> {
        if (event instanceof RecordCommitted c) {
          Session p = session.withRecord(c.recordId(), c.seq()).enter(State.PRINTING, now);
          IdCard card = p.card().orElseThrow();
          List<Effect> effects = new ArrayList<>(3);
          effects.add(new ShowMessage(ResidentMessage.PRINTING));
          effects.add(new PrintReceipt(card, p.outcome().orElseThrow(), c.recordId(), c.seq(), now));
          keepsReference(p).ifPresent(capture -> effects.add(new KeepReferencePhoto(card, capture)));
          yield new Step(p, effects);
        }
        yield event instanceof CommitFailed
            ? end(session, State.FAILED, ResidentMessage.RECORD_NOT_SAVED_SEE_STAFF, now) : ignore(session);
      }
      case PRINTING -> {
        if (event instanceof PrintFailed failed && failed.problem().isPresent()) {
          // Show what the printer said ("paper out, ask staff") before the result, which still stands.
          Step d = done(session, false, now);
          List<Effect> effects = new ArrayList<>(d.effects().size() + 1);
          effects.add(new ShowMessage(failed.problem().get()));
          effects.addAll(d.effects());
          yield new Step(d.session(), effects);
        }
        yield event instanceof ReceiptPrinted || event instanceof PrintFailed
            ? done(session, event instanceof ReceiptPrinted, now) : ignore(session);
      }
      case DONE, CANCELLED, TIMED_OUT, FAILED -> ignore(session);
    };
  }

  private Step cardRead(Session session, Event event, Instant now) {
    if (event instanceof CardReadFailed failed) {
      return end(session, State.FAILED, failed.message().orElse(ResidentMessage.CARD_UNREADABLE), now);
    }
    if (!(event instanceof CardRead read)) {
      return ignore(session);
    }
    Session withCard = session.withCard(read.card());
    LocalDate today = now.atZone(policy.zone()).toLocalDate();
    if (read.card().validUntil().isBefore(today)) {
      return end(withCard, State.FAILED, ResidentMessage.CARD_EXPIRED, now);
    }
    return Step.of(withCard.enter(State.AWAITING_CONSENT, now),
        new ShowMessage(ResidentMessage.CONFIRM_CONSENT), new AskConsent());
  }

  private Step faceCaptured(Session session, Event event, Instant now) {
    if (event instanceof FaceCheckFailed) {
      return end(session, State.FAILED, ResidentMessage.CAMERA_UNAVAILABLE_SEE_STAFF, now);
    }
    if (!(event instanceof FaceCaptured fc)) {
      return ignore(session);
    }
    FaceCapture c = fc.capture();
    boolean live = policy.live(c);
    Liveness liveness = new Liveness(live,
        c.challenges().stream().map(r -> new Challenge(r.kind(), r.passed(), r.took().toMillis(),
            boxed(r.scoreMilli()), boxed(r.thresholdMilli()), boxed(r.attempts()))).toList(),
        c.livenessScoreMilli(), policy.livenessThresholdMilli(), c.passive());
    Session captured = session.withCapture(c, liveness);
    if (!live) {
      return retryOrGiveUp(captured, ResidentMessage.LIVENESS_FAILED_TRY_AGAIN, now);
    }
    Optional<org.doorstep.agent.model.IdPhoto> cardPhoto = session.card().orElseThrow().photo();
    if (cardPhoto.isEmpty()) {
      return matchLastPhoto(captured, now);
    }
    return Step.of(captured.enter(State.MATCHING, now), new ShowMessage(ResidentMessage.MATCHING),
        new MatchFace(c, cardPhoto.get()));
  }

  /**
   * A live face matched against the resident's photo from their last successful certification: the card photo
   * failed ("ID photo too old"), or the card has none (social-security card). Without that policy, staff decide.
   */
  private Step matchLastPhoto(Session session, Instant now) {
    if (!policy.lastCertificationPhoto()) {
      return staffOrNotCertified(session, now);
    }
    Session again = session.withLastPhotoTried().enter(State.MATCHING, now);
    return Step.of(again, new ShowMessage(ResidentMessage.MATCHING_LAST_PHOTO),
        new MatchReferencePhoto(session.capture().orElseThrow(), session.card().orElseThrow()));
  }

  private Step faceChecked(Session session, Event event, Instant now) {
    if (event instanceof FaceCheckFailed) {
      return end(session, State.FAILED, ResidentMessage.CAMERA_UNAVAILABLE_SEE_STAFF, now);
    }
    if (event instanceof ReferencePhotoMissing && session.lastPhotoTried()) {
      return staffOrNotCertified(session, now);
    }
    if (!(event instanceof FaceChecked checked)) {
      return ignore(session);
    }
    boolean passed = checked.scoreMilli() >= policy.matchThresholdMilli();
    String reference = session.lastPhotoTried() ? LAST_CERTIFICATION_REFERENCE : MATCH_REFERENCE;
    Session matched = session.withMatch(
        new FaceMatch(passed, checked.scoreMilli(), policy.matchThresholdMilli(), reference));
    if (passed) {
      return record(matched, Outcome.CERTIFIED, now);
    }
    boolean cardHasPhoto = matched.card().orElseThrow().hasPhoto();
    if (!cardHasPhoto && matched.attempt() < policy.maxAttempts()) {
      // A social-security card: the last certification's photo is the only reference; try the face again.
      return startAttempt(matched, matched.attempt() + 1, ResidentMessage.MISMATCH_TRY_AGAIN, now);
    }
    if (session.lastPhotoTried()) {
      return staffOrNotCertified(matched, now);
    }
    if (matched.attempt() < policy.maxAttempts()) {
      return startAttempt(matched, matched.attempt() + 1, ResidentMessage.MISMATCH_TRY_AGAIN, now);
    }
    // Liveness passed and the card photo keeps failing: perhaps it is too old. Try last year's photo.
    return matchLastPhoto(matched, now);
  }

  /** A live face that matched no reference: staff decide when the policy says so, else not certified. */
  private Step staffOrNotCertified(Session session, Instant now) {
    if (!policy.staffAssisted()) {
      return record(session, Outcome.NOT_CERTIFIED, now);
    }
    return Step.of(session.enter(State.STAFF_ASSIST, now), new ShowMessage(ResidentMessage.WAIT_FOR_STAFF),
        new CallStaff());
  }

  /**
   * Staff confirmed (or not) person, photo and card: recorded in staff-assisted mode with their id and,
   * per Guangdong's rule, the card photo as evidence beside the on-site photo.
   */
  private Step staffDecided(Session session, StaffDecision d, Instant now) {
    Outcome outcome = d.confirmed() ? Outcome.STAFF_CONFIRMED : Outcome.NOT_CERTIFIED;
    return record(session.withOperator(d.operatorId()), outcome, now);
  }

  /** The capture to keep as the resident's next reference, when the policy keeps one and they passed. */
  private Optional<FaceCapture> keepsReference(Session s) {
    Outcome o = s.outcome().orElseThrow();
    boolean passed = o == Outcome.CERTIFIED || o == Outcome.STAFF_CONFIRMED;
    boolean live = s.liveness().map(Liveness::passed).orElse(false);
    return policy.lastCertificationPhoto() && passed && live ? s.capture() : Optional.empty();
  }

  private Step retryOrGiveUp(Session session, ResidentMessage tryAgain, Instant now) {
    if (session.attempt() < policy.maxAttempts()) {
      return startAttempt(session, session.attempt() + 1, tryAgain, now);
    }
    return record(session, Outcome.NOT_CERTIFIED, now);
  }

  private Step startAttempt(Session session, int attempt, ResidentMessage message, Instant now) {
    return Step.of(session.withAttempt(attempt).enter(State.FACE_CAPTURE, now),
        new ShowMessage(message), new CaptureFace(attempt));
  }

  private Step record(Session session, Outcome outcome, Instant now) {
    Session r = session.withOutcome(outcome).enter(State.RECORDING, now);
    boolean staff = r.operator().isPresent();
    return Step.of(r, new ShowMessage(ResidentMessage.SAVING), new CommitRecord(new Certification(
        r.card().orElseThrow(), outcome, r.liveness(), r.match(), r.capture(), now,
        staff ? Mode.STAFF_ASSISTED : Mode.SELF, r.operator(), staff && r.card().orElseThrow().hasPhoto())));
  }

  private Step done(Session session, boolean printed, Instant now) {
    Outcome o = session.outcome().orElseThrow();
    boolean certified = o == Outcome.CERTIFIED || o == Outcome.STAFF_CONFIRMED;
    ResidentMessage m = !certified ? ResidentMessage.NOT_CERTIFIED_SEE_STAFF
        : printed ? ResidentMessage.CERTIFIED_TAKE_RECEIPT : ResidentMessage.CERTIFIED_NO_RECEIPT;
    return end(session, State.DONE, m, now);
  }

  /**
   * Tamper: an idle kiosk has nothing to drop; a session in progress ends FAILED at once (a record being
   * committed is not waited for: its late answer is dropped); a finished session still on screen loses its
   * personal data. The screen asks the resident to take the card and call staff.
   */
  private Step tampered(Session session, Instant now) {
    State s = session.state();
    if (s == State.WAITING_FOR_CARD) {
      return ignore(session);
    }
    if (s.isTerminal()) {
      return Step.of(session.wiped().withMessage(ResidentMessage.OUT_OF_SERVICE_SEE_STAFF),
          new ShowMessage(ResidentMessage.OUT_OF_SERVICE_SEE_STAFF));
    }
    return end(session.wiped(), State.FAILED, ResidentMessage.OUT_OF_SERVICE_SEE_STAFF, now);
  }

  private Step timeout(Session session, Instant now) {
    Optional<java.time.Duration> limit = policy.timeoutOf(session.state());
    if (limit.isEmpty() || now.isBefore(session.enteredAt().plus(limit.get()))) {
      return ignore(session);
    }
    return switch (session.state()) {
      case RECORDING -> end(session, State.FAILED, ResidentMessage.RECORD_NOT_SAVED_SEE_STAFF, now);
      // The record is committed: the certification stands even though the printer hangs.
      case PRINTING -> done(session, false, now);
      // No staff came: the resident failed the face check, which is recorded as before the fallback.
      case STAFF_ASSIST -> record(session, Outcome.NOT_CERTIFIED, now);
      default -> end(session, State.TIMED_OUT, ResidentMessage.TIMED_OUT_START_AGAIN, now);
    };
  }

  private static Step end(Session session, State terminal, ResidentMessage message, Instant now) {
    Session ended = session.enter(terminal, now).withMessage(message);
    List<Effect> effects = new ArrayList<>(2);
    effects.add(new ShowMessage(message));
    effects.add(new EndSession(ended));
    return new Step(ended, effects);
  }

  private static Optional<Integer> boxed(java.util.OptionalInt v) {
    return v.isPresent() ? Optional.of(v.getAsInt()) : Optional.empty();
  }

  private static Step ignore(Session session) {
    return new Step(session, List.of());
  }
}
