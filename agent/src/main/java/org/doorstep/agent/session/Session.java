package org.doorstep.agent.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdCard;
import org.doorstep.config.contract.CertificationRecord.FaceMatch;
import org.doorstep.config.contract.CertificationRecord.Liveness;
import org.doorstep.config.contract.CertificationRecord.Outcome;

/**
 * One certification session as the flow sees it: the {@link State} plus what the session has learnt
 * so far. Immutable; {@link CertificationFlow} returns a new one on every step. {@code toString()} is
 * safe to log: the card masks itself.
 *
 * @param number    counts sessions on this kiosk (0 = idle before the first card); lets the runner drop
 *                  late completions of an earlier session
 * @param state     where the session is
 * @param enteredAt when {@code state} was entered (for its timeout)
 * @param card      the card read, from {@link State#AWAITING_CONSENT} on
 * @param attempt   face attempts started (0 before the first capture)
 * @param capture   the latest liveness capture
 * @param liveness  liveness verdict of the latest capture
 * @param match     match verdict of the latest attempt
 * @param outcome   the decision, from {@link State#RECORDING} on
 * @param recordId  id of the committed record, from {@link State#PRINTING} on
 * @param seq       per-device sequence of the committed record (0 before)
 * @param message   what the screen says in a terminal state
 * @param lastPhotoTried whether the live face was sent to be matched against the resident's photo from
 *                  their last successful certification (after the card photo's retries)
 * @param operator  the staff member who decided in {@link State#STAFF_ASSIST}; present = staff-assisted
 */
public record Session(
    long number,
    State state,
    Instant enteredAt,
    Optional<IdCard> card,
    int attempt,
    Optional<FaceCapture> capture,
    Optional<Liveness> liveness,
    Optional<FaceMatch> match,
    Optional<Outcome> outcome,
    Optional<String> recordId,
    long seq,
    Optional<ResidentMessage> message,
    boolean lastPhotoTried,
    Optional<String> operator) {

  public Session {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(enteredAt, "enteredAt");
    Objects.requireNonNull(card, "card");
    Objects.requireNonNull(capture, "capture");
    Objects.requireNonNull(liveness, "liveness");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(operator, "operator");
  }

  /** An idle kiosk, waiting for a card; {@code previous} numbers the sessions so far. */
  public static Session idle(long previous, Instant now) {
    return new Session(previous, State.WAITING_FOR_CARD, now, Optional.empty(), 0, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), false,
        Optional.empty());
  }

  Session enter(State s, Instant now) {
    return new Session(number, s, now, card, attempt, capture, liveness, match, outcome, recordId, seq, message,
        lastPhotoTried, operator);
  }

  Session withNumber(long n) {
    return new Session(n, state, enteredAt, card, attempt, capture, liveness, match, outcome, recordId, seq, message,
        lastPhotoTried, operator);
  }

  Session withCard(IdCard c) {
    return new Session(number, state, enteredAt, Optional.of(c), attempt, capture, liveness, match, outcome,
        recordId, seq, message, lastPhotoTried, operator);
  }

  Session withAttempt(int a) {
    return new Session(number, state, enteredAt, card, a, capture, liveness, match, outcome, recordId, seq, message,
        lastPhotoTried, operator);
  }

  Session withCapture(FaceCapture c, Liveness l) {
    return new Session(number, state, enteredAt, card, attempt, Optional.of(c), Optional.of(l), Optional.empty(),
        outcome, recordId, seq, message, lastPhotoTried, operator);
  }

  Session withMatch(FaceMatch m) {
    return new Session(number, state, enteredAt, card, attempt, capture, liveness, Optional.of(m), outcome,
        recordId, seq, message, lastPhotoTried, operator);
  }

  Session withOutcome(Outcome o) {
    return new Session(number, state, enteredAt, card, attempt, capture, liveness, match, Optional.of(o),
        recordId, seq, message, lastPhotoTried, operator);
  }

  Session withRecord(String id, long s) {
    return new Session(number, state, enteredAt, card, attempt, capture, liveness, match, outcome,
        Optional.of(id), s, message, lastPhotoTried, operator);
  }

  /** This session without its personal data: card (number, name, photo), face capture and verdicts. */
  Session wiped() {
    return new Session(number, state, enteredAt, Optional.empty(), attempt, Optional.empty(), Optional.empty(),
        Optional.empty(), outcome, recordId, seq, message, lastPhotoTried, operator);
  }

  Session withLastPhotoTried() {
    return new Session(number, state, enteredAt, card, attempt, capture, liveness, match, outcome, recordId, seq,
        message, true, operator);
  }

  Session withOperator(String id) {
    return new Session(number, state, enteredAt, card, attempt, capture, liveness, match, outcome, recordId, seq,
        message, lastPhotoTried, Optional.of(id));
  }

  Session withMessage(ResidentMessage m) {
    return new Session(number, state, enteredAt, card, attempt, capture, liveness, match, outcome, recordId, seq,
        Optional.of(m), lastPhotoTried, operator);
  }
}
