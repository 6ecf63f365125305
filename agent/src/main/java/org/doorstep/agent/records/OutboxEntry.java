package org.doorstep.agent.records;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One record in the outbox.
 *
 * @param recordId      the record's id (primary key)
 * @param seq           per-device sequence, unique
 * @param payload       the signed envelope, published as is (not copied: treat as read-only)
 * @param createdAt     commit time
 * @param attempts      publishes so far
 * @param nextAttemptAt when the record is due (again) if still pending
 * @param status        pending, delivered or rejected
 * @param ackedAt       when the fleet answered (delivered or rejected)
 * @param rejectReason  the fleet's reason, for staff, when rejected
 */
public record OutboxEntry(String recordId, long seq, byte[] payload, Instant createdAt, int attempts,
    Instant nextAttemptAt, Status status, Optional<Instant> ackedAt, Optional<String> rejectReason) {

  /** Delivery status. */
  public enum Status {
    /** Committed, not yet acked: will be (re)published. */
    PENDING,
    /** The fleet stored it. Kept until the retention policy purges it. */
    DELIVERED,
    /** The fleet refused it; kept with the reason for staff, never re-sent. */
    REJECTED
  }

  public OutboxEntry {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(ackedAt, "ackedAt");
    Objects.requireNonNull(rejectReason, "rejectReason");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutboxEntry e && e.recordId.equals(recordId) && e.seq == seq
        && java.util.Arrays.equals(e.payload, payload) && e.createdAt.equals(createdAt) && e.attempts == attempts
        && e.nextAttemptAt.equals(nextAttemptAt) && e.status == status && e.ackedAt.equals(ackedAt)
        && e.rejectReason.equals(rejectReason);
  }

  @Override
  public int hashCode() {
    return recordId.hashCode();
  }

  @Override
  public String toString() {
    return "OutboxEntry[" + recordId + ", seq=" + seq + ", " + status + ", attempts=" + attempts
        + ", next=" + nextAttemptAt + rejectReason.map(r -> ", rejected: " + r).orElse("") + "]";
  }
}
