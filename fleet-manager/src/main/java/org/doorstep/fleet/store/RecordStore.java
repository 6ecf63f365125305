package org.doorstep.fleet.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Where verified records are kept: exactly once per record id, whatever the agents resend.
 *
 * <p>Threads: every method may be called from any thread (an event loop included) and returns at
 * once; the JDBC work runs on the store's worker threads (one writer, one reader), and the future
 * completes on the caller's Vert.x context (or a new one when called from a foreign thread).
 * Writes are serialised on one connection, so batches never interleave.
 *
 * <p>Failures: a failed future carries a {@link StoreException}; {@link StoreException.Reason#CLOSED}
 * once the database is closed (the store has no lifecycle of its own: {@link FleetStores#close()}).
 */
public interface RecordStore {

  /** Which engine backs the store: {@code sqlite} or {@code postgresql} (for /health and logs). */
  String kind();

  /**
   * Inserts a batch in one transaction. A record whose id is already stored (by the same device) is
   * not written again and reported {@link StoreOutcome#DUPLICATE}; one whose (device id, seq) is
   * held by a different record is reported {@link StoreOutcome#SEQUENCE_CONFLICT}; one whose id is
   * held by another device's record {@link StoreOutcome#ID_CONFLICT}. The future succeeds only after
   * the commit, so everything reported {@link StoreOutcome#isDurable() durable} may be acked.
   *
   * <p>Also advances each device's last-record time to the batch's latest {@code receivedAt}.
   *
   * @param batch records to insert, at most a few thousand; empty is allowed
   * @return one outcome per input record, in input order; fails with {@code FAILED} (rolled back,
   *     nothing stored) or {@code UNAVAILABLE}
   */
  Future<BatchResult> storeBatch(List<StoredRecord> batch);

  /**
   * One record with its body.
   *
   * @return empty when no record has this id
   */
  Future<Optional<StoredRecord>> findRecord(String recordId);

  /**
   * A page of record summaries, newest first by capture time.
   *
   * @param query filters and page; see {@link RecordQuery}
   */
  Future<RecordPage> findRecords(RecordQuery query);

  /**
   * The highest sequence number stored of one device: the fleet's mark, which a kiosk that lost its
   * outbox and control database compares its own with ({@code GET /api/device/sequence},
   * docs/wire-protocol.md section 9.4). An index seek on {@code records_device_seq (device_id, seq)}.
   *
   * @return 0 when none of its records is stored
   */
  Future<Long> lastSequence(String deviceId);
}
