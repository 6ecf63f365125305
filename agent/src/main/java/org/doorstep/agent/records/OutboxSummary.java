package org.doorstep.agent.records;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the outbox holds, for staff (the local health API): how many records wait for the fleet and
 * which ones the fleet refused. No personal data: ids, sequence numbers and the fleet's reasons only.
 *
 * @param pending          records committed and not yet answered by the fleet
 * @param rejected         records the fleet refused, kept (never re-sent) until the retention purge
 * @param rejectedByReason {@code rejected} split by the fleet's reason code ({@code NOT_CANONICAL} …)
 * @param latestRejected   the most recent refusals, newest first (at most the limit asked for)
 */
public record OutboxSummary(long pending, long rejected, Map<String, Long> rejectedByReason,
    List<Rejected> latestRejected) {

  public OutboxSummary {
    if (pending < 0 || rejected < 0) {
      throw new IllegalArgumentException("pending, rejected: must be >= 0");
    }
    rejectedByReason = Map.copyOf(rejectedByReason);
    latestRejected = List.copyOf(latestRejected);
  }

  /**
   * One refused record.
   *
   * @param recordId   the record's id
   * @param seq        its sequence number
   * @param reason     the fleet's reason code
   * @param detail     the fleet's explanation (never personal data), may be empty
   * @param rejectedAt when the refusal arrived
   */
  public record Rejected(String recordId, long seq, String reason, String detail, Instant rejectedAt) {
    public Rejected {
      Objects.requireNonNull(recordId, "recordId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(rejectedAt, "rejectedAt");
    }
  }
}
