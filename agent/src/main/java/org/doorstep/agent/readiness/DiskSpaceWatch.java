package org.doorstep.agent.readiness;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises and clears {@link Readiness.Problem#DISK_FULL} for the data folder: raised when its file
 * system has less than the reserve left ({@link #DEFAULT_RESERVE_BYTES}), checked every interval and
 * whenever the kiosk is about to take a resident, or at once when a store reports a write that failed
 * for lack of space ({@link #writeFailed}); cleared by itself once the free space is back above the
 * reserve (after a failed write: above what was free when it failed plus the reserve, at least {@link
 * #MIN_RECOVERY_BYTES} more: SQLite needed more than that).
 *
 * <p>Why a reserve: a certification writes its evidence (a face frame, tens of KiB) and its record with
 * WAL frames and checkpoints; refusing the resident while a few MiB are still free means the refusal
 * comes before the card is read, not as "record not saved" after the face check.
 *
 * <p>Threads: create and call on the agent's context; the free-space query runs on a worker.
 */
public final class DiskSpaceWatch {
  private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceWatch.class);
  /** Free space below which the terminal stops taking residents: 8 MiB, hundreds of certifications' worth. */
  public static final long DEFAULT_RESERVE_BYTES = 8L * 1024 * 1024;
  /**
   * After a write failed for lack of space: how much more than was free then must be free before the
   * blocker clears (at least; the reserve when it is larger). 1 MiB: SQLite needed more than was left.
   */
  public static final long MIN_RECOVERY_BYTES = 1024L * 1024;
  /** How often the free space is checked while nothing else asks: 10 s. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final Path dataDir;
  private final long reserveBytes;
  private final Readiness readiness;
  private final Duration interval;
  private long timer = -1;
  /** Free bytes when a write failed for lack of space; -1 when none did since the last clear. */
  private long freeAtFailure = -1;

  /**
   * @param dataDir      the data folder (outbox, evidence, control store)
   * @param reserveBytes free space below which the terminal cannot certify; at least 0
   * @param interval     between checks
   */
  public DiskSpaceWatch(Vertx vertx, Path dataDir, long reserveBytes, Readiness readiness, Duration interval) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dataDir = dataDir.toAbsolutePath();
    if (reserveBytes < 0) {
      throw new IllegalArgumentException("reserveBytes: must be 0 or more");
    }
    this.reserveBytes = reserveBytes;
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.interval = Objects.requireNonNull(interval, "interval");
  }

  /** Checks now, then every interval. */
  public Future<Void> start() {
    timer = vertx.setPeriodic(Math.max(10, interval.toMillis()), id -> checkNow());
    return checkNow();
  }

  /** Stops checking (the blocker stays as it is). */
  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /**
   * Queries the free space and raises or clears the blocker. Never fails: a folder whose space cannot
   * be read is logged and left as it was.
   */
  public Future<Void> checkNow() {
    return vertx.executeBlocking(this::usableBytes, false)
        .map(free -> {
          apply(free);
          return (Void) null;
        })
        .otherwise(err -> {
          LOG.debug("free space of {} not readable: {}", dataDir, err.getMessage());
          return null;
        });
  }

  /**
   * A store's write failed because the disk is full: raises the blocker at once (without waiting for a
   * check), with {@code detail} (the store's message, naming the file).
   */
  public void writeFailed(String detail) {
    long free;
    try {
      free = usableBytes();
    } catch (IOException e) {
      free = 0;
    }
    freeAtFailure = Math.max(freeAtFailure, free);
    readiness.raise(Readiness.Problem.DISK_FULL, "disk full: " + detail);
  }

  private void apply(long free) {
    long needed = freeAtFailure >= 0 ? freeAtFailure + Math.max(reserveBytes, MIN_RECOVERY_BYTES) : reserveBytes;
    if (free < needed) {
      readiness.raise(Readiness.Problem.DISK_FULL, "disk full: " + free + " bytes free in " + dataDir
          + ", at least " + needed + " needed");
    } else if (readiness.clear(Readiness.Problem.DISK_FULL)) {
      freeAtFailure = -1;
      LOG.info("{} has {} bytes free again", dataDir, free);
    }
  }

  private long usableBytes() throws IOException {
    Path probe = dataDir;
    while (probe != null && !Files.exists(probe)) {
      probe = probe.getParent();
    }
    return Files.getFileStore(probe == null ? dataDir : probe).getUsableSpace();
  }
}
