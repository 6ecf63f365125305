package org.doorstep.agent.records;

import java.util.Objects;

/**
 * A record ready for the outbox: its id and sequence plus the signed envelope bytes that go on the
 * wire unchanged (re-sends publish the same bytes, so the fleet sees the same signature).
 *
 * @param recordId the record's UUIDv7
 * @param seq      per-device sequence
 * @param payload  canonical bytes of the signed {@code record} envelope (not copied: treat as read-only)
 */
public record SignedRecord(String recordId, long seq, byte[] payload) {
  public SignedRecord {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedRecord r && r.recordId.equals(recordId) && r.seq == seq
        && java.util.Arrays.equals(r.payload, payload);
  }

  @Override
  public int hashCode() {
    return recordId.hashCode();
  }

  @Override
  public String toString() {
    return "SignedRecord[" + recordId + ", seq=" + seq + ", " + payload.length + " B]";
  }
}
