package org.doorstep.agent.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdCard;

/**
 * Something that happened: a device answered, the resident acted, or time passed. Events that do not
 * apply to the current state are ignored (the step leaves the session unchanged).
 */
public sealed interface Event {
  /** The reader reports a card on its pad. */
  record CardInserted() implements Event {}

  /** The card was read. */
  record CardRead(IdCard card) implements Event {
    public CardRead {
      Objects.requireNonNull(card, "card");
    }
  }

  /**
   * The card could not be read (or was gone before the read).
   *
   * @param message what the screen should say, when the reader said precisely what went wrong
   *                ({@code reader.place-card-flat} …); empty: {@link ResidentMessage#CARD_UNREADABLE}
   */
  record CardReadFailed(DeviceFault fault, Optional<ResidentMessage> message) implements Event {
    public CardReadFailed {
      Objects.requireNonNull(message, "message");
    }

    /** A failure without a precise message. */
    public CardReadFailed(DeviceFault fault) {
      this(fault, Optional.empty());
    }
  }

  /** The resident agreed to face capture. */
  record ConsentGiven() implements Event {}

  /** The resident declined. */
  record ConsentRefused() implements Event {}

  /** A liveness capture finished (whether the challenges were performed or not). */
  record FaceCaptured(FaceCapture capture) implements Event {
    public FaceCaptured {
      Objects.requireNonNull(capture, "capture");
    }
  }

  /** The 1:1 match finished with this cosine similarity, integer thousandths. */
  record FaceChecked(int scoreMilli) implements Event {}

  /**
   * The kiosk keeps no photo from this resident's last successful certification (none yet, expired, or
   * unreadable), so it cannot be a match reference.
   */
  record ReferencePhotoMissing() implements Event {}

  /**
   * A staff member's decision in {@link State#STAFF_ASSIST}: whether the person in front of the kiosk is
   * the one in the card photo and the card is genuine and theirs.
   *
   * @param operatorId      the staff member's id (recorded as the record's operator), at most 64 characters
   * @param personConfirmed the resident is the person in the on-site photo
   * @param photoConfirmed  the resident is the person in the card photo
   * @param cardConfirmed   the card is genuine, valid and the resident's
   */
  record StaffDecision(String operatorId, boolean personConfirmed, boolean photoConfirmed, boolean cardConfirmed)
      implements Event {
    public StaffDecision {
      if (operatorId == null || operatorId.isBlank()) {
        throw new IllegalArgumentException("operatorId: required for a staff decision");
      }
      if (operatorId.length() > 64) {
        throw new IllegalArgumentException("operatorId: at most 64 characters, was " + operatorId.length());
      }
    }

    /** Whether all three were confirmed. */
    public boolean confirmed() {
      return personConfirmed && photoConfirmed && cardConfirmed;
    }
  }

  /** The camera or the vision pipeline failed. */
  record FaceCheckFailed(DeviceFault fault) implements Event {}

  /** The outbox committed the record. */
  record RecordCommitted(String recordId, long seq) implements Event {
    public RecordCommitted {
      Objects.requireNonNull(recordId, "recordId");
    }
  }

  /** The outbox could not commit the record. */
  record CommitFailed(String reason) implements Event {}

  /** The receipt printed. */
  record ReceiptPrinted() implements Event {}

  /**
   * The receipt did not print.
   *
   * @param problem what the printer reported, for the screen ({@code printer.paper-out} …), when known
   */
  record PrintFailed(DeviceFault fault, Optional<ResidentMessage> problem) implements Event {
    public PrintFailed {
      Objects.requireNonNull(problem, "problem");
    }

    /** A failure without a printer problem to show. */
    public PrintFailed(DeviceFault fault) {
      this(fault, Optional.empty());
    }
  }

  /** The resident pressed cancel. */
  record Cancel() implements Event {}

  /**
   * The kiosk was tampered with (tamper switch): the session ends at once, whatever its state, and its
   * personal data (card, photo, face capture) is dropped.
   */
  record Tampered() implements Event {}

  /** The card left the reader. */
  record CardRemoved() implements Event {}

  /**
   * A card was placed while the terminal cannot take certifications (disk full, enrolment refused:
   * {@code readiness}): the resident is refused before the card is read, nothing is promised.
   */
  record CardRefused() implements Event {}

  /** Time passed; the flow checks the current state's time limit against {@code now}. */
  record Tick(Instant now) implements Event {
    public Tick {
      Objects.requireNonNull(now, "now");
    }
  }
}
