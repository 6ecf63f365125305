package org.doorstep.agent.records;

import java.time.Instant;
import java.util.Optional;

/**
 * What the outbox still has to deliver: the state message's {@code outboxPending} and
 * {@code outboxOldestAt}.
 *
 * @param pending         records committed and not yet answered by the fleet
 * @param oldestPendingAt when the oldest of them was committed; empty when none is pending
 */
public record OutboxBacklog(long pending, Optional<Instant> oldestPendingAt) {
  public OutboxBacklog {
    if (pending < 0) {
      throw new IllegalArgumentException("pending: must be >= 0");
    }
    if ((pending == 0) != oldestPendingAt.isEmpty()) {
      throw new IllegalArgumentException("oldestPendingAt: present exactly when something is pending");
    }
  }
}
