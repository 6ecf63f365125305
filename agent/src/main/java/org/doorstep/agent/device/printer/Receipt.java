package org.doorstep.agent.device.printer;

import java.time.Instant;
import java.util.Objects;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/**
 * What a certification receipt says. A receipt leaves the kiosk in the resident's hand, so it only
 * ever shows masked values ({@link ReceiptLayout}); the record id lets staff find the full record.
 *
 * @param deviceId   the terminal
 * @param outcome    certified or not
 * @param idNumber   the card holder (printed masked: first 3, last 4)
 * @param name       the card holder (printed masked: first character)
 * @param recordId   id of the committed record
 * @param seq        per-device sequence of the record
 * @param capturedAt when the session finished
 */
public record Receipt(String deviceId, Outcome outcome, IdNumber idNumber, PersonName name, String recordId,
    long seq, Instant capturedAt) {
  public Receipt {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(idNumber, "idNumber");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(capturedAt, "capturedAt");
  }
}
