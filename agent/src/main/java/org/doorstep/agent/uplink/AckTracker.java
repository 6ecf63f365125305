package org.doorstep.agent.uplink;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.doorstep.agent.records.Outbox;
import org.doorstep.agent.records.OutboxEntry;
import org.doorstep.agent.records.RetryBackoff;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireException;
import org.doorstep.config.contract.WireMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox to the fleet and applies the fleet's acks. The outbox is the only state that
 * matters: a record is published when it is due, rescheduled at once (ack timeout, doubling per
 * attempt, capped), and leaves the pending set only when an ack names it.
 *
 * <ul>
 *   <li>At most {@code min(Receive Maximum, uploadBatchSize)} of its publishes are in flight.</li>
 *   <li>On every (re)connect all pending records become due: the session is clean, so acks sent
 *       while the link was down are lost, and after a restart nothing is known to be in flight.</li>
 *   <li>Stored ids become {@code DELIVERED}, rejected ids {@code REJECTED} with the reason (kept for
 *       staff, never re-sent). Duplicated acks are harmless.</li>
 * </ul>
 * Confined to the agent's context: call {@link #start()} and {@link #kick()} there.
 */
public final class AckTracker {
  private static final Logger LOG = LoggerFactory.getLogger(AckTracker.class);

  private final Vertx vertx;
  private final Outbox outbox;
  private final Uplink uplink;
  private final String deviceId;
  private final int batchSize;
  private final RetryBackoff backoff;
  private final Duration pollInterval;
  private final Clock clock;
  private final Runnable onPendingChanged;

  private boolean draining;
  /** The last drain failure's message while drains fail; null once one succeeds. */
  private String drainFailure;
  private boolean again;
  /**
   * True once the reschedule that follows a connect has been applied. Until then nothing is
   * published: a publish between the connect and that reschedule would be made due again by it
   * and sent twice.
   */
  private boolean linkReady;
  private int publishing;
  private long timer = -1;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong acks = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();

  /**
   * @param uploadBatchSize  most publishes in flight (also bounded by the broker's Receive Maximum)
   * @param backoff          first = the policy's ack timeout; cap bounds the wait between publishes
   * @param pollInterval     how often due records are looked for besides the explicit kicks
   * @param onPendingChanged called after acks changed the pending count (for the state reporter)
   */
  public AckTracker(Vertx vertx, Outbox outbox, Uplink uplink, String deviceId, int uploadBatchSize,
      RetryBackoff backoff, Duration pollInterval, Clock clock, Runnable onPendingChanged) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.uplink = Objects.requireNonNull(uplink, "uplink");
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    if (uploadBatchSize < 1) {
      throw new IllegalArgumentException("uploadBatchSize: must be >= 1, was " + uploadBatchSize);
    }
    this.batchSize = uploadBatchSize;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onPendingChanged = Objects.requireNonNull(onPendingChanged, "onPendingChanged");
  }

  /** Subscribes to the device's acks, drains on every connect and every poll interval. */
  public Future<Void> start() {
    uplink.addStatusHandler(this::onLinkStatus);
    onLinkStatus(uplink.status()); // already connected before this tracker started
    timer = vertx.setPeriodic(Math.max(10, pollInterval.toMillis()), id -> kick());
    return uplink.subscribe(Topics.topic(deviceId, Topics.Channel.ACKS), m -> onAck(m.payload()));
  }

  private void onLinkStatus(UplinkStatus s) {
    if (!s.connected()) {
      linkReady = false;
      return;
    }
    outbox.rescheduleAllPending(clock.instant())
        .onFailure(err -> LOG.error("outbox reschedule failed: {}", err.getMessage()))
        .onComplete(r -> {
          linkReady = true;
          kick();
        });
  }

  /** Stops polling. Acks still arriving are still applied. */
  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Publishes whatever is due now (call after a commit; cheap when there is nothing to do). */
  public void kick() {
    if (draining) {
      again = true;
      return;
    }
    UplinkStatus status = uplink.status();
    int window = Math.min(status.receiveMaximum(), batchSize) - publishing;
    if (!linkReady || !status.connected() || window <= 0) {
      return;
    }
    draining = true;
    java.time.Instant now = clock.instant();
    outbox.due(now, window)
        .compose(due -> due.isEmpty() ? Future.succeededFuture(due)
            : outbox.reschedule(due.stream().map(OutboxEntry::recordId).toList(), now, backoff).map(due))
        .onSuccess(due -> {
          if (drainFailure != null) {
            LOG.info("outbox drains again (after: {})", drainFailure);
            drainFailure = null;
          }
          publishAll(due);
        })
        .onFailure(err -> {
          // Once per change, not per attempt (a full disk fails every drain until space returns).
          String why = String.valueOf(err.getMessage());
          if (!why.equals(drainFailure)) {
            LOG.warn("outbox drain failed, records wait in the outbox: {}", why);
          }
          drainFailure = why;
        })
        .onComplete(r -> {
          draining = false;
          if (again) {
            again = false;
            kick();
          }
        });
  }

  private void publishAll(List<OutboxEntry> due) {
    String topic = Topics.topic(deviceId, Topics.Channel.RECORDS);
    for (OutboxEntry e : due) {
      publishing++;
      if (e.attempts() > 0) {
        LOG.debug("re-sending record {} (attempt {})", e.recordId(), e.attempts() + 1);
      }
      uplink.publish(topic, e.payload(), false).onComplete(r -> {
        publishing--;
        if (r.succeeded()) {
          published.incrementAndGet();
        } else {
          LOG.debug("record {} not published: {}", e.recordId(), r.cause().getMessage());
        }
        kick();
      });
    }
  }

  private void onAck(byte[] payload) {
    Ack ack;
    try {
      WireMessage m = WireCodec.decode(payload);
      if (m.type() != MessageType.ACK) {
        LOG.warn("ignored {} message on the acks topic", m.type().wireName());
        return;
      }
      ack = m.bodyAs(Ack.class);
    } catch (WireException e) {
      LOG.warn("ignored malformed ack ({}): {}", e.reason(), e.getMessage());
      return;
    }
    acks.incrementAndGet();
    java.time.Instant now = clock.instant();
    Future<Integer> stored = ack.stored().isEmpty() ? Future.succeededFuture(0)
        : outbox.markDelivered(ack.stored(), now);
    Future<?> all = stored;
    for (Ack.Rejection r : ack.rejected()) {
      if (r.recordId().isEmpty()) {
        // Nothing to mark: the fleet could not read an id (the payload was unreadable). Every record
        // this agent signs carries one, so this is a message some other client published as this device.
        LOG.warn("fleet rejected a message it could not identify: {} {}", r.code(), r.detail());
        continue;
      }
      String id = r.recordId().get();
      // The code as received: one this agent does not know (a newer fleet's, RejectReason.UNKNOWN) is
      // a refusal all the same (wire-protocol §4.2), so the record is kept for staff and never re-sent.
      String reason = r.code() + (r.reason() == Ack.RejectReason.UNKNOWN ? " (a code this agent does not know)" : "")
          + (r.detail().isEmpty() ? "" : ": " + r.detail());
      all = all.compose(x -> outbox.markRejected(id, r.code(), r.detail(), now)).onSuccess(changed -> {
        if (changed) {
          LOG.warn("fleet rejected record {}: {} (kept for staff)", id, reason);
        }
      });
    }
    stored.onSuccess(n -> {
      delivered.addAndGet(n);
      if (n > 0) {
        LOG.debug("fleet stored {} record(s)", n);
      }
    });
    all.onFailure(err -> LOG.error("applying ack failed: {}", err.getMessage()))
        .onComplete(r -> onPendingChanged.run());
  }

  /** Publishes acknowledged by the broker so far (PUBACK, not the fleet's ack). */
  public long published() {
    return published.get();
  }

  /** Well-formed ack messages received from the fleet since start. Safe from any thread. */
  public long acksReceived() {
    return acks.get();
  }

  /** Records the fleet's acks moved from pending to delivered since start. Safe from any thread. */
  public long recordsDelivered() {
    return delivered.get();
  }
}
