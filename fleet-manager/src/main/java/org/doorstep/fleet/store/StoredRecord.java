package org.doorstep.fleet.store;

import java.util.Objects;

/**
 * One record as the fleet keeps it: the indexed columns plus the signed body and its signature, so
 * that the record can be re-verified later.
 *
 * <p>{@code bodyJson} holds personal data in clear (ID number, name) until issue #6 encrypts it;
 * {@link #toString()} therefore leaves it out.
 *
 * @param summary       indexed columns
 * @param bodyJson      canonical JSON text of the envelope's {@code body}
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

  @Override
  public String toString() {
    return "StoredRecord[" + summary + ", body=" + bodyJson.length() + " chars]";
  }
}
