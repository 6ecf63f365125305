package org.doorstep.fleet.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the {@link IngestPipeline}.
 *
 * @param batchSize     most records per store transaction (and per ack round). 500 keeps a SQLite
 *                      transaction under ~10 ms while amortising its fsync over many records
 * @param linger        how long the first record of a batch waits for company before the batch is
 *                      written anyway. 5 ms is small next to an agent's ack timeout (seconds) and
 *                      enough to gather a batch at a few thousand records/s
 * @param queueCapacity most messages accepted but not yet finished (verifying, waiting for a batch,
 *                      being stored); beyond it new messages are dropped and counted, because the
 *                      broker thread must never block and agents resend whatever is not acked
 * @param verifyThreads threads that decode and verify signatures (CPU work); default one per core
 * @param ackTimeout    how long a batch waits for the broker to take its acks before moving on
 * @param clockSkewTolerance how far a record's {@code capturedAt} may be from the fleet clock (either
 *                      way) before the stored record is flagged {@code clockSkew}; default 10 minutes:
 *                      well above NTP-synced drift and the agent's resend delays for a fresh record,
 *                      small enough to catch a kiosk whose clock was set wrong (records are still stored:
 *                      a kiosk offline for hours legitimately uploads old captures, which the flag marks for review)
 * @param seqGapWindow  how long skipped sequence numbers may stay missing before they count as a gap
 *                      ({@link SequenceGaps}); default 1 minute: records arrive out of order within
 *                      milliseconds (parallel verify, batches) and an agent resends what is not acked
 *                      after its ack timeout (seconds), so a number still missing after a minute was
 *                      not merely late
 */
public record IngestOptions(int batchSize, Duration linger, int queueCapacity, int verifyThreads, Duration ackTimeout,
    Duration clockSkewTolerance, Duration seqGapWindow) {
  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
  public static final int DEFAULT_QUEUE_CAPACITY = 20_000;
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CLOCK_SKEW_TOLERANCE = Duration.ofMinutes(10);
  public static final Duration DEFAULT_SEQ_GAP_WINDOW = Duration.ofMinutes(1);

  /** Options with the default clock-skew tolerance and gap window. */
  public IngestOptions(int batchSize, Duration linger, int queueCapacity, int verifyThreads, Duration ackTimeout) {
    this(batchSize, linger, queueCapacity, verifyThreads, ackTimeout, DEFAULT_CLOCK_SKEW_TOLERANCE,
        DEFAULT_SEQ_GAP_WINDOW);
  }

  /** Validates every member; the message names the member at fault. */
  public IngestOptions {
    Objects.requireNonNull(seqGapWindow, "seqGapWindow");
    if (seqGapWindow.isNegative() || seqGapWindow.isZero()) {
      throw new IllegalArgumentException("seqGapWindow: must be positive, was " + seqGapWindow);
    }
    Objects.requireNonNull(clockSkewTolerance, "clockSkewTolerance");
    if (clockSkewTolerance.isNegative() || clockSkewTolerance.isZero()) {
      throw new IllegalArgumentException("clockSkewTolerance: must be positive, was " + clockSkewTolerance);
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("batchSize: must be in 1..10000, was " + batchSize);
    }
    Objects.requireNonNull(linger, "linger");
    if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("linger: must be in 0..10s, was " + linger);
    }
    if (queueCapacity < batchSize) {
      throw new IllegalArgumentException("queueCapacity: must be >= batchSize (" + batchSize + "), was " + queueCapacity);
    }
    if (verifyThreads < 1 || verifyThreads > 64) {
      throw new IllegalArgumentException("verifyThreads: must be in 1..64, was " + verifyThreads);
    }
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    if (ackTimeout.isNegative() || ackTimeout.isZero()) {
      throw new IllegalArgumentException("ackTimeout: must be positive, was " + ackTimeout);
    }
  }

  /** The defaults above, with one verify thread per available core. */
  public static IngestOptions defaults() {
    return new IngestOptions(DEFAULT_BATCH_SIZE, DEFAULT_LINGER, DEFAULT_QUEUE_CAPACITY,
        Runtime.getRuntime().availableProcessors(), DEFAULT_ACK_TIMEOUT);
  }

  public IngestOptions withBatch(int newBatchSize, Duration newLinger) {
    return new IngestOptions(newBatchSize, newLinger, Math.max(queueCapacity, newBatchSize), verifyThreads, ackTimeout,
        clockSkewTolerance, seqGapWindow);
  }

  public IngestOptions withQueueCapacity(int capacity) {
    return new IngestOptions(batchSize, linger, capacity, verifyThreads, ackTimeout, clockSkewTolerance, seqGapWindow);
  }

  public IngestOptions withVerifyThreads(int threads) {
    return new IngestOptions(batchSize, linger, queueCapacity, threads, ackTimeout, clockSkewTolerance, seqGapWindow);
  }

  /** These options with another clock-skew tolerance. */
  public IngestOptions withClockSkewTolerance(Duration tolerance) {
    return new IngestOptions(batchSize, linger, queueCapacity, verifyThreads, ackTimeout, tolerance, seqGapWindow);
  }

  /** These options with another sequence-gap window. */
  public IngestOptions withSeqGapWindow(Duration window) {
    return new IngestOptions(batchSize, linger, queueCapacity, verifyThreads, ackTimeout, clockSkewTolerance, window);
  }
}
