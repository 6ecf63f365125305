package org.doorstep.agent.vision.match;

import io.vertx.core.Future;
import java.util.Optional;
import org.doorstep.agent.privacy.ExpiringStore;
import org.doorstep.config.contract.IdNumber;

/**
 * The photo from each resident's last successful certification, kept on this kiosk only (encrypted) as a
 * second match reference when their ID photo has grown too old ("ID photo too old", policy.mismatch). It has
 * its own retention ({@code policy.mismatch.referencePhotoRetention}), not the records' one.
 *
 * <p>Threads: callable from the event loop; file work runs on a worker. Failures: {@link
 * java.io.UncheckedIOException} for the disk, {@link org.doorstep.config.crypto.CryptoException} for a
 * photo that fails authentication (tampered or another kiosk's key).
 */
public interface ReferencePhotoStore extends ExpiringStore {
  /**
   * The resident's reference photo (encoded image bytes; the caller zeroes them after use).
   *
   * @return empty when none is kept or it is older than the retention (then it is deleted)
   */
  Future<Optional<byte[]>> lastPhoto(IdNumber idNumber);

  /** Keeps {@code photo} (encoded image) as the resident's reference, replacing an older one. */
  Future<Void> keep(IdNumber idNumber, byte[] photo);

  /** Deletes the resident's reference photo; completes with whether there was one. */
  Future<Boolean> forget(IdNumber idNumber);

  /**
   * Deletes every photo older than the retention; completes with how many were deleted. The purge job
   * ({@link org.doorstep.agent.privacy.PurgeJob}) calls it at every run.
   */
  @Override
  Future<Integer> purgeExpired();
}
