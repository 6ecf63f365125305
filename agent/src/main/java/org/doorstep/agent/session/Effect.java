package org.doorstep.agent.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdPhoto;
import org.doorstep.config.contract.CertificationRecord.FaceMatch;
import org.doorstep.config.contract.CertificationRecord.Liveness;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Outcome;

/** Work the flow asks the runner to do. Each device effect answers with an {@link Event}. */
public sealed interface Effect {
  /** Read the card on the reader; answer {@link Event.CardRead} or {@link Event.CardReadFailed}. */
  record ReadCard() implements Effect {}

  /** Ask for consent; answer {@link Event.ConsentGiven} or {@link Event.ConsentRefused}. */
  record AskConsent() implements Effect {}

  /**
   * Run a liveness capture (the runner draws the challenges from the policy pool); answer {@link
   * Event.FaceCaptured} or {@link Event.FaceCheckFailed}.
   *
   * @param attempt 1-based attempt number
   */
  record CaptureFace(int attempt) implements Effect {}

  /** Match the capture with the card photo; answer {@link Event.FaceChecked} or {@link Event.FaceCheckFailed}. */
  record MatchFace(FaceCapture capture, IdPhoto photo) implements Effect {}

  /**
   * Match the capture with the resident's photo from their last successful certification, if the kiosk
   * keeps one; answer {@link Event.FaceChecked}, {@link Event.ReferencePhotoMissing} or {@link
   * Event.FaceCheckFailed}.
   */
  record MatchReferencePhoto(FaceCapture capture, IdCard card) implements Effect {
    public MatchReferencePhoto {
      Objects.requireNonNull(capture, "capture");
      Objects.requireNonNull(card, "card");
    }
  }

  /**
   * Call a staff member to the kiosk (staff-assisted certification); the decision comes back as {@link
   * Event.StaffDecision} from the staff screen.
   */
  record CallStaff() implements Effect {}

  /**
   * Keep the capture's frame (encrypted, on this kiosk only) as the resident's reference for their next
   * certification, replacing any older one. Fire and forget: no answer.
   */
  record KeepReferencePhoto(IdCard card, FaceCapture capture) implements Effect {
    public KeepReferencePhoto {
      Objects.requireNonNull(card, "card");
      Objects.requireNonNull(capture, "capture");
    }
  }

  /** Build, sign and commit the record; answer {@link Event.RecordCommitted} or {@link Event.CommitFailed}. */
  record CommitRecord(Certification certification) implements Effect {
    public CommitRecord {
      Objects.requireNonNull(certification, "certification");
    }
  }

  /** Print the receipt of a committed record; answer {@link Event.ReceiptPrinted} or {@link Event.PrintFailed}. */
  record PrintReceipt(IdCard card, Outcome outcome, String recordId, long seq, Instant capturedAt) implements Effect {}

  /** Show a message. */
  record ShowMessage(ResidentMessage message) implements Effect {}

  /**
   * The session is over: forget its personal data once the summary is logged.
   *
   * @param session the final session (terminal state, message, record id if any)
   */
  record EndSession(Session session) implements Effect {}

  /**
   * What a record says about a finished session.
   *
   * @param card       the card holder
   * @param outcome    the decision
   * @param liveness   the last liveness verdict
   * @param match      the last match verdict
   * @param capture    the last capture (evidence hash and size)
   * @param capturedAt when the decision was reached
   * @param mode       {@code SELF}, or {@code STAFF_ASSISTED} once a staff member decided
   * @param operator   the staff member's id in {@code STAFF_ASSISTED} mode
   * @param idPhotoEvidence attach the card photo as evidence beside the on-site photo (Guangdong's rule for
   *                   staff-assisted cases); only for a card that has one (not a social-security card)
   */
  record Certification(IdCard card, Outcome outcome, Optional<Liveness> liveness, Optional<FaceMatch> match,
      Optional<FaceCapture> capture, Instant capturedAt, Mode mode, Optional<String> operator,
      boolean idPhotoEvidence) {
    public Certification {
      Objects.requireNonNull(card, "card");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(operator, "operator");
      if (mode != Mode.SELF && operator.isEmpty()) {
        throw new IllegalArgumentException("operator: required in mode " + mode);
      }
      if (idPhotoEvidence && !card.hasPhoto()) {
        throw new IllegalArgumentException("idPhotoEvidence: the " + card.cardType() + " card has no photo");
      }
    }

    /** A self-service certification without extra evidence. */
    public Certification(IdCard card, Outcome outcome, Optional<Liveness> liveness, Optional<FaceMatch> match,
        Optional<FaceCapture> capture, Instant capturedAt) {
      this(card, outcome, liveness, match, capture, capturedAt, Mode.SELF, Optional.empty(), false);
    }
  }
}
