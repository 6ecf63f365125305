package org.doorstep.agent.records;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable store of signed records between the kiosk and the fleet (transactional outbox). A
 * record is committed before the receipt prints and stays {@code PENDING} until the fleet acks it.
 *
 * <p>Threads: callable from any Vert.x context; the futures complete on the caller's context.
 * Operations run one at a time, in call order. Failures: {@link OutboxException}.
 */
public interface Outbox {
  /**
   * Allocates the next per-device sequence number, seals the record for it and stores it, all in one
   * transaction: either both the record and its sequence are durable or neither is.
   *
   * @param sealer builds the signed record for the allocated sequence
   * @param now    commit time; the record is due at once
   */
  Future<OutboxEntry> commit(RecordSealer sealer, Instant now);

  /** Pending records due at {@code now} ({@code next_attempt_at <= now}), oldest sequence first, at most {@code limit}. */
  Future<List<OutboxEntry>> due(Instant now, int limit);

  /**
   * Notes that {@code ids} were just published: counts the attempt and makes each due again after
   * {@code backoff.delayAfter(attempts)} unless it is acked first. Non-pending ids are left alone.
   */
  Future<Void> reschedule(Collection<String> ids, Instant now, RetryBackoff backoff);

  /** Makes every pending record due at {@code at} (after a (re)connect: acks to an earlier session are lost). */
  Future<Integer> rescheduleAllPending(Instant at);

  /** Marks pending or rejected ids delivered; unknown ids are ignored. Returns how many changed. */
  Future<Integer> markDelivered(Collection<String> ids, Instant now);

  /**
   * Marks a pending id rejected with the fleet's reason: kept for staff ({@link #summary}), never
   * published again. Returns whether it was pending (a repeated refusal changes nothing).
   *
   * @param code   the fleet's reason code ({@code NOT_CANONICAL}, {@code BAD_SIGNATURE} …)
   * @param detail the fleet's explanation, may be empty
   */
  Future<Boolean> markRejected(String id, String code, String detail, Instant now);

  /** Pending and rejected counts and the {@code latestRejected} most recent refusals, newest first. */
  Future<OutboxSummary> summary(int latestRejected);

  /** How many records are pending, and since when the oldest of them. */
  Future<OutboxBacklog> backlog();

  /** How many records are pending. */
  default Future<Long> pendingCount() {
    return backlog().map(OutboxBacklog::pending);
  }

  /** The entry of {@code id}, in any status. */
  Future<Optional<OutboxEntry>> find(String id);

  /**
   * Deletes every record the fleet answered (delivered or rejected) before {@code ackedBefore}, with
   * its personal data, so that its bytes are gone from the store's files. Pending records are never
   * purged, however old.
   *
   * @return the ids purged, oldest sequence first
   */
  Future<List<String>> purgeAcked(Instant ackedBefore);

  /** Which of {@code ids} the outbox holds (in any status). */
  Future<Set<String>> knownIds(Collection<String> ids);
}
