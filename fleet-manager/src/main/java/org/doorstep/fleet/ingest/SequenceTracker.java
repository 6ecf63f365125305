package org.doorstep.fleet.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Per-device highest stored sequence number, to notice gaps as records are stored. Pure and not
 * thread-safe: the pipeline calls it on its own context only.
 *
 * <p>Out-of-order arrival is normal (unordered verify pool, QoS 1 resends), so a record below the
 * highest is not a replay: it may fill a gap. A replay — a <em>different</em> record claiming a
 * stored (device, seq) — is refused by the store ({@code SEQUENCE_CONFLICT}). The durable, exact gap
 * count per device is computed by the store ({@code seqGaps} in {@code /api/devices}); this tracker
 * only makes the moment a gap appears visible (one WARN per gap) and counts gaps seen by this instance.
 * It starts empty: the first record of a device after a start sets its baseline.
 */
final class SequenceTracker {
  private final Map<String, Long> highest = new HashMap<>();

  /**
   * Notes a newly stored record.
   *
   * @return the number of sequence numbers skipped just before {@code seq} (a new gap), if any
   */
  OptionalLong stored(String deviceId, long seq) {
    Long before = highest.get(deviceId);
    if (before == null || seq > before) {
      highest.put(deviceId, seq);
    }
    if (before != null && seq > before + 1) {
      return OptionalLong.of(seq - before - 1);
    }
    return OptionalLong.empty();
  }
}
