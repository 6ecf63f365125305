package org.doorstep.agent.privacy;

import io.vertx.core.Future;

/**
 * A store of personal data with a retention of its own (not tied to a record's ack), e.g. the residents'
 * reference photos ({@code policy.mismatch.referencePhotoRetention}). {@link PurgeJob} calls {@link
 * #purgeExpired()} at every run, so what is past its retention goes even when nobody reads it.
 */
@FunctionalInterface
public interface ExpiringStore {
  /** Deletes every item older than the store's retention; completes with how many were deleted. */
  Future<Integer> purgeExpired();
}
