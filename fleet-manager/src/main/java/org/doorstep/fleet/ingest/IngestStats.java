package org.doorstep.fleet.ingest;

import java.util.EnumMap;
import java.util.Map;
import org.doorstep.config.contract.Ack;

/**
 * A snapshot of the pipeline's counters since start. Counters only grow; {@code queued} is a gauge.
 *
 * @param received       inbound publishes handed to the sink (every channel)
 * @param stored         records newly committed
 * @param duplicates     records already stored before (acked as stored, not written again)
 * @param rejected       records refused, by reason (each also acked as a rejection when its device is known from the topic)
 * @param dropped        publishes dropped unprocessed: pipeline saturated or closed, or the
 *                       device lookup failed; never acked, so agents resend them
 * @param unroutable     publishes on a topic that is not a v1 device topic (not acked: no device to ack)
 * @param states         state messages saved
 * @param commandResults command results received
 * @param batches        store transactions committed
 * @param storeFailures  store transactions that failed (their records were not acked)
 * @param ackFailures    acks the broker did not take in time
 * @param queued         publishes accepted and not yet finished, now
 * @param seqGaps        sequence numbers found missing when a record was stored with a seq above its
 *                       device's highest + 1 (seen by this instance since start; a later record may fill them)
 * @param clockSkewed    records stored with the {@code clockSkew} flag
 */
public record IngestStats(
    long received,
    long stored,
    long duplicates,
    Map<Ack.RejectReason, Long> rejected,
    long dropped,
    long unroutable,
    long states,
    long commandResults,
    long batches,
    long storeFailures,
    long ackFailures,
    int queued,
    long seqGaps,
    long clockSkewed) {
  /** Stats without the sequence and clock counters. */
  public IngestStats(long received, long stored, long duplicates, Map<Ack.RejectReason, Long> rejected, long dropped,
      long unroutable, long states, long commandResults, long batches, long storeFailures, long ackFailures,
      int queued) {
    this(received, stored, duplicates, rejected, dropped, unroutable, states, commandResults, batches, storeFailures,
        ackFailures, queued, 0, 0);
  }

  /** Fills every reject reason (0 when absent). */
  public IngestStats {
    EnumMap<Ack.RejectReason, Long> all = new EnumMap<>(Ack.RejectReason.class);
    for (Ack.RejectReason r : Ack.RejectReason.codes()) {
      all.put(r, 0L);
    }
    if (rejected != null) {
      all.putAll(rejected);
    }
    rejected = java.util.Collections.unmodifiableMap(all);
  }

  /** Records rejected for any reason. */
  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Records rejected for {@code reason}. */
  public long rejected(Ack.RejectReason reason) {
    return rejected.getOrDefault(reason, 0L);
  }
}
