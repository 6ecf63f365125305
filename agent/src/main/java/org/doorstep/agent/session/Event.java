package org.doorstep.agent.session;

import java.time.Instant;
import java.util.Objects;
import org.doorstep.agent.device.DeviceFault;
import org.doorstep.agent.device.camera.FaceCapture;
import org.doorstep.agent.device.idcard.IdCard;

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

  /** The card could not be read (or was gone before the read). */
  record CardReadFailed(DeviceFault fault) implements Event {}

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

  /** The receipt did not print. */
  record PrintFailed(DeviceFault fault) implements Event {}

  /** The resident pressed cancel. */
  record Cancel() implements Event {}

  /** The card left the reader. */
  record CardRemoved() implements Event {}

  /** Time passed; the flow checks the current state's time limit against {@code now}. */
  record Tick(Instant now) implements Event {
    public Tick {
      Objects.requireNonNull(now, "now");
    }
  }
}
