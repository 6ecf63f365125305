package org.doorstep.fleet.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.doorstep.fleet.store.JdbcRecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention at the fleet: every {@link #INTERVAL} (and once at start), the personal fields of records
 * received more than {@code security.personalDataRetention} ago are purged
 * ({@link JdbcRecordStore#purgePersonalData}); the statistics columns stay. A retention of zero keeps
 * everything. Several instances on one database may run it concurrently: the update is idempotent.
 */
public final class RetentionJob {
  /** How often the purge runs. */
  public static final Duration INTERVAL = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  private final Vertx vertx;
  private final JdbcRecordStore store;
  private final Duration retention;
  private final Clock clock;
  private long timer = -1;

  public RetentionJob(Vertx vertx, JdbcRecordStore store, Duration retention, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs now and every {@link #INTERVAL}; does nothing when the retention is zero (keep forever). */
  public void start() {
    if (retention.isZero()) {
      LOG.info("Personal data retention: keep forever (security.personalDataRetention is zero)");
      return;
    }
    runLogged();
    timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> runLogged());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** One purge with the configured retention; the number of records purged. */
  public Future<Integer> purgeNow() {
    return store.purgePersonalData(clock.instant().minus(retention), clock.instant());
  }

  private void runLogged() {
    purgeNow().onSuccess(n -> {
      if (n > 0) {
        LOG.info("Purged the personal fields of {} record(s) received more than {} ago", n, retention);
      }
    }).onFailure(err -> LOG.warn("Personal data purge failed (retried in {}): {}", INTERVAL, err.getMessage()));
  }
}
