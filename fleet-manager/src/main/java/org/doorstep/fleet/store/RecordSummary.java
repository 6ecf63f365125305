package org.doorstep.fleet.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The indexed columns of one stored record: what lists and searches return. Holds no personal data
 * in clear: the ID number is masked ({@code 110***********123X}).
 *
 * @param recordId       globally unique record id (UUIDv7 text)
 * @param deviceId       the terminal that signed it
 * @param seq            per-device sequence number
 * @param service        service id from the catalog
 * @param mode           {@code CertificationRecord.Mode} name
 * @param outcome        {@code CertificationRecord.Outcome} name
 * @param cardType       {@code CertificationRecord.CardType} name
 * @param idNumberMasked the subject's ID number, masked
 * @param capturedAt     device clock when the session finished (millisecond precision)
 * @param receivedAt     fleet clock when the record reached the ingest pipeline (millisecond precision)
 * @param configVersion  config bundle version in force on the terminal
 * @param clockSkew      whether {@code capturedAt} was farther from the fleet clock than the ingest
 *                       tolerance when the record arrived (flagged, not refused)
 */
public record RecordSummary(
    String recordId,
    String deviceId,
    long seq,
    String service,
    String mode,
    String outcome,
    String cardType,
    String idNumberMasked,
    Instant capturedAt,
    Instant receivedAt,
    long configVersion,
    boolean clockSkew) {
  /** A summary without a clock-skew flag. */
  public RecordSummary(String recordId, String deviceId, long seq, String service, String mode, String outcome,
      String cardType, String idNumberMasked, Instant capturedAt, Instant receivedAt, long configVersion) {
    this(recordId, deviceId, seq, service, mode, outcome, cardType, idNumberMasked, capturedAt, receivedAt,
        configVersion, false);
  }

  /** Validates that every reference member is present. */
  public RecordSummary {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(cardType, "cardType");
    Objects.requireNonNull(idNumberMasked, "idNumberMasked");
    Objects.requireNonNull(capturedAt, "capturedAt");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
