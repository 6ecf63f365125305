package org.doorstep.agent.privacy;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Evidence bytes (face frames, the ID-card photo, document scans) kept on the kiosk, encrypted, until
 * the retention policy purges them. Records carry only {@link EvidenceRef#toEvidence() kind, hash and
 * size}; the bytes never leave the kiosk.
 *
 * <pre>{@code
 * EvidenceRef frame = evidence.put(recordId, "face-frame", "image/jpeg", jpeg).await();
 * draft = draft.withEvidence(List.of(frame.toEvidence()));      // the record names the hash
 * List<StoredEvidence> back = evidence.get(recordId).await();    // staff review, while retained
 * evidence.purge(List.of(recordId)).await();                     // session aborted: gone now
 * }</pre>
 *
 * <p>Threads: callable from any Vert.x context; operations run one at a time, in call order. Failures:
 * {@link EvidenceException}.
 */
public interface EvidenceStore {
  /**
   * Encrypts and stores {@code plaintext} for {@code recordId}. The caller may put several items of one
   * kind (several face frames).
   *
   * @param kind      {@code face-frame}, {@code id-photo}, {@code document-scan} … (not blank)
   * @param mediaType e.g. {@code image/jpeg} (not blank)
   * @return the reference, with the SHA-256 and size of {@code plaintext}
   */
  Future<EvidenceRef> put(String recordId, String kind, String mediaType, byte[] plaintext);

  /** Every item of {@code recordId}, decrypted, in the order they were put; empty when none (or purged). */
  Future<List<StoredEvidence>> get(String recordId);

  /** Deletes every item of {@code recordIds}; returns how many items were deleted. */
  Future<Integer> purge(Collection<String> recordIds);

  /** Record ids with an item stored before {@code createdBefore} (candidates for orphan purging). */
  Future<List<String>> recordIdsStoredBefore(Instant createdBefore);
}
