package org.doorstep.agent.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.doorstep.agent.records.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention on the kiosk: once the fleet has answered a record (stored or rejected) and
 * {@code policy.retention} has passed, the record (its signed payload holds the full ID number and name)
 * and its evidence are deleted so that their bytes are gone from the data directory's database files.
 * Runs every {@link #DEFAULT_INTERVAL} and on demand ({@link #purgeNow}, the {@code purge} command).
 *
 * <p>Rules, at instant {@code now} with retention {@code r}:
 * <ul>
 *   <li>outbox records acked (delivered or rejected) before {@code now - r} are deleted, with every
 *       evidence item of theirs;</li>
 *   <li>evidence items stored before {@code now - max(r, }{@link #ORPHAN_GRACE}{@code )} whose record the
 *       outbox does not hold (the session never committed one) are deleted too;</li>
 *   <li>pending records and their evidence are never purged, however old: they are not yet at the fleet;</li>
 *   <li>every {@link ExpiringStore} (the reference photos) deletes what is past its own retention ({@code r}
 *       does not apply to them).</li>
 * </ul>
 *
 * <p>Command for the command registry: name {@value #COMMAND}, argument {@value #RETENTION_ARG}
 * (optional ISO-8601 duration, {@code >= PT0S}, default {@code policy.retention}; {@code PT0S} purges
 * everything acked so far). The result is the {@link PurgeReport} (counts, no personal data).
 */
public final class PurgeJob {
  /** The command name the command registry maps to {@link #purgeNow(Duration)}. */
  public static final String COMMAND = "purge";
  /** The command's optional argument: the retention to apply instead of {@code policy.retention}. */
  public static final String RETENTION_ARG = "retention";
  /** How often the periodic purge runs. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
  /**
   * Evidence without an outbox record is kept at least this long, so that a purge with a short retention
   * never deletes the evidence of a session that is still running (sessions last minutes).
   */
  public static final Duration ORPHAN_GRACE = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(PurgeJob.class);

  private final Vertx vertx;
  private final Outbox outbox;
  private final EvidenceStore evidence;
  private final Duration retention;
  private final Clock clock;
  private final List<ExpiringStore> expiring;
  private long timer = -1;
  private Future<PurgeReport> last = Future.succeededFuture();

  /**
   * @param retention {@code policy.retention}: how long personal data stays after the fleet's answer
   */
  public PurgeJob(Vertx vertx, Outbox outbox, EvidenceStore evidence, Duration retention, Clock clock) {
    this(vertx, outbox, evidence, retention, clock, List.of());
  }

  /**
   * @param retention {@code policy.retention}: how long personal data stays after the fleet's answer
   * @param expiring  stores with their own retention, purged at every run too (reference photos)
   */
  public PurgeJob(Vertx vertx, Outbox outbox, EvidenceStore evidence, Duration retention, Clock clock,
      List<? extends ExpiringStore> expiring) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.evidence = Objects.requireNonNull(evidence, "evidence");
    this.retention = requireNotNegative(retention);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.expiring = List.copyOf(Objects.requireNonNull(expiring, "expiring"));
  }

  /** Purges now and then every {@code interval}; failures are logged and retried at the next run. */
  public void start(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: must be positive, was " + interval);
    }
    runLogged();
    timer = vertx.setPeriodic(interval.toMillis(), id -> runLogged());
  }

  /** Stops the periodic purge (a running one completes). */
  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** {@link #purgeNow(Duration)} with {@code policy.retention}. */
  public Future<PurgeReport> purgeNow() {
    return purgeNow(retention);
  }

  /**
   * Purges with {@code retentionOverride} (the {@code purge} command's argument). Purges run one at a
   * time, in call order.
   *
   * @return the report; fails with the outbox's or evidence store's exception (what was committed before
   *     the failure stays purged; the rest is purged at the next run)
   * @throws IllegalArgumentException when the retention is negative
   */
  public synchronized Future<PurgeReport> purgeNow(Duration retentionOverride) {
    Duration r = requireNotNegative(retentionOverride);
    Future<PurgeReport> mine = last.transform(ignored -> run(r));
    last = mine;
    return mine;
  }

  private Future<PurgeReport> run(Duration r) {
    Instant now = clock.instant();
    Instant ackedBefore = now.minus(r);
    Instant orphanBefore = now.minus(r.compareTo(ORPHAN_GRACE) > 0 ? r : ORPHAN_GRACE);
    return outbox.purgeAcked(ackedBefore).compose(records -> evidence.purge(records).compose(items ->
        evidence.recordIdsStoredBefore(orphanBefore).compose(candidates -> outbox.knownIds(candidates).compose(known -> {
          List<String> orphans = new ArrayList<>(candidates);
          orphans.removeAll(known);
          return evidence.purge(orphans);
        })).compose(orphanItems -> purgeExpired().map(expired ->
            new PurgeReport(now, r, records.size(), items, orphanItems, expired)))));
  }

  private Future<Integer> purgeExpired() {
    Future<Integer> total = Future.succeededFuture(0);
    for (ExpiringStore store : expiring) {
      total = total.compose(n -> store.purgeExpired().map(m -> n + m));
    }
    return total;
  }

  private void runLogged() {
    purgeNow().onSuccess(report -> {
      if (report.purgedAnything()) {
        LOG.info("purged personal data past retention {}: {} record(s), {} evidence item(s), {} orphan item(s),"
            + " {} item(s) past their own retention", report.retention(), report.records(), report.evidenceItems(),
            report.orphanItems(), report.expiredItems());
      }
    }).onFailure(err -> LOG.warn("purge failed (retried at the next run): {}", err.getMessage()));
  }

  private static Duration requireNotNegative(Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(RETENTION_ARG + ": must be an ISO-8601 duration >= PT0S, was " + d);
    }
    return d;
  }
}
