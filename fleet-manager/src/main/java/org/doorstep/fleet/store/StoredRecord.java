package org.doorstep.fleet.store;

import java.util.Objects;

/**
 * One record as the fleet keeps it: the indexed columns plus the signed body and its signature, so
 * that the record can be re-verified later.
 *
 * <p>{@code bodyJson} holds personal data in clear (ID number, name): the store keeps it sealed at rest
 * and opens it on read; {@link #toString()} leaves it out.
 *
 * @param summary       indexed columns
 * @param bodyJson      canonical JSON text of the envelope's {@code body}; empty once the retention
 *                      purged the record's personal data ({@link #personalDataPurged()})
 * @param signatureJson canonical JSON text of the envelope's {@code sig} ({@code alg}, {@code kid}, {@code value})
 */
public record StoredRecord(RecordSummary summary, String bodyJson, String signatureJson) {
  public StoredRecord {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(bodyJson, "bodyJson");
    Objects.requireNonNull(signatureJson, "signatureJson");
  }

  public String recordId() {
    return summary.recordId();
  }

  public String deviceId() {
    return summary.deviceId();
  }

  /** Whether the retention purged the body (ID number, name); the summary's statistics remain. */
  public boolean personalDataPurged() {
    return bodyJson.isEmpty();
  }

  @Override
  public String toString() {
    return "StoredRecord[" + summary + ", body=" + bodyJson.length() + " chars]";
  }
}
