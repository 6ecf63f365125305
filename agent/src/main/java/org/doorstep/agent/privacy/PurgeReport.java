package org.doorstep.agent.privacy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one purge removed. Contains no personal data (record ids and counts only), so it can be logged
 * and returned as a command result as is.
 *
 * @param at            when the purge ran
 * @param retention     the retention applied: records acked before {@code at - retention} were purged
 * @param records       outbox records (signed payloads with ID number and name) deleted
 * @param evidenceItems evidence items of those records deleted
 * @param orphanItems   evidence items deleted whose record never reached (or had already left) the outbox
 * @param expiredItems  items of {@link ExpiringStore}s (reference photos) deleted past their own retention
 */
public record PurgeReport(Instant at, Duration retention, int records, int evidenceItems, int orphanItems,
    int expiredItems) {
  public PurgeReport {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(retention, "retention");
  }

  /** Whether anything was deleted. */
  public boolean purgedAnything() {
    return records + evidenceItems + orphanItems + expiredItems > 0;
  }
}
