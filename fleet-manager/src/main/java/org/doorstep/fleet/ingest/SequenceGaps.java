package org.doorstep.fleet.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-device sequence gaps that <em>stay</em> open, as records are stored. Pure: no I/O, no clock of
 * its own (every call is given {@code now}), not thread-safe (the pipeline calls it on its context).
 *
 * <p>Arrival is unordered (parallel verify pool, QoS 1 resends, batches), so a record above the
 * highest seen opens a <em>candidate</em> gap for the numbers it skips, and a late record that arrives
 * within {@link #window()} closes its part of it silently: a gap filled later is not a gap. A candidate
 * that is still (partly) open {@code window} after it opened is <em>confirmed</em> by {@link #due}:
 * reported once, with the numbers still missing, and forgotten (a record arriving after that is stored
 * as usual; it is not reported again). The store's {@code seqGaps} per device ({@code /api/devices})
 * remains the durable, exact count; this class decides when a gap is worth a WARN and the
 * {@code seqGaps} counter of {@code /health}.
 *
 * <p>The first record of a device after a start sets its baseline: numbers below it are not gaps of
 * this instance. At most {@link #MAX_OPEN_PER_DEVICE} candidates are tracked per device; beyond that
 * the oldest is confirmed at once (a device skipping that often is worth a look anyway).
 */
final class SequenceGaps {
  /** Candidates tracked per device before the oldest is confirmed early. */
  static final int MAX_OPEN_PER_DEVICE = 1_000;

  /**
   * A run of missing sequence numbers of one device.
   *
   * @param deviceId the device
   * @param from     first missing seq (inclusive)
   * @param to       last missing seq (inclusive)
   * @param openedAt when the record that skipped them was stored
   */
  record Gap(String deviceId, long from, long to, Instant openedAt) {
    Gap {
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(openedAt, "openedAt");
      if (from < 1 || to < from) {
        throw new IllegalArgumentException("from, to: must satisfy 1 <= from <= to, was " + from + ".." + to);
      }
    }

    /** How many sequence numbers are missing. */
    long missing() {
      return to - from + 1;
    }
  }

  private final Duration window;
  private final Map<String, Device> devices = new HashMap<>();

  /** @param window how long a gap may stay open before it counts (positive) */
  SequenceGaps(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window: must be positive, was " + window);
    }
    this.window = window;
  }

  Duration window() {
    return window;
  }

  /**
   * Notes a newly stored record.
   *
   * @return gaps confirmed early because the device has too many open candidates; usually empty
   */
  List<Gap> stored(String deviceId, long seq, Instant now) {
    Device d = devices.get(deviceId);
    if (d == null) {
      devices.put(deviceId, new Device(seq));
      return List.of();
    }
    if (seq > d.highest) {
      if (seq > d.highest + 1) {
        d.open.put(d.highest + 1, new Gap(deviceId, d.highest + 1, seq - 1, now));
      }
      d.highest = seq;
      List<Gap> early = new ArrayList<>();
      while (d.open.size() > MAX_OPEN_PER_DEVICE) {
        early.add(d.open.pollFirstEntry().getValue());
      }
      return early;
    }
    fill(d, seq);
    return List.of();
  }

  /** A late record: removes {@code seq} from the candidate holding it, splitting it if needed. */
  private static void fill(Device d, long seq) {
    Map.Entry<Long, Gap> e = d.open.floorEntry(seq);
    if (e == null || e.getValue().to() < seq) {
      return; // not missing (a duplicate seq is the store's business) or below the baseline
    }
    Gap g = d.open.remove(e.getKey());
    if (g.from() < seq) {
      d.open.put(g.from(), new Gap(g.deviceId(), g.from(), seq - 1, g.openedAt()));
    }
    if (seq < g.to()) {
      d.open.put(seq + 1, new Gap(g.deviceId(), seq + 1, g.to(), g.openedAt()));
    }
  }

  /**
   * The gaps still open {@link #window()} or longer after they opened, each reported once (and no
   * longer tracked), oldest first per device.
   */
  List<Gap> due(Instant now) {
    Instant openedBefore = now.minus(window);
    List<Gap> out = new ArrayList<>();
    for (Device d : devices.values()) {
      Iterator<Gap> it = d.open.values().iterator();
      while (it.hasNext()) {
        Gap g = it.next();
        if (!g.openedAt().isAfter(openedBefore)) {
          out.add(g);
          it.remove();
        }
      }
    }
    return out;
  }

  /** Candidate gaps not yet confirmed (all devices). */
  int openCount() {
    return devices.values().stream().mapToInt(d -> d.open.size()).sum();
  }

  private static final class Device {
    long highest;
    /** Candidates by first missing seq; disjoint, all below {@code highest}. */
    final TreeMap<Long, Gap> open = new TreeMap<>();

    Device(long first) {
      this.highest = first;
    }
  }
}
