package org.doorstep.fleet.broker;

import java.util.Objects;

/**
 * A broker adapter could not do what was asked. Travels in failed {@code Future}s; the
 * {@link #reason()} says what went wrong, the message never contains payload bytes.
 */
public final class BrokerException extends RuntimeException {

  /** What went wrong. */
  public enum Reason {
    /** The embedded broker did not start (bad config folder, port taken, HiveMQ start failure). */
    START_FAILED,
    /** The external broker refused or could not be reached on the initial connect. */
    CONNECT_FAILED,
    /** The broker refused one of the fleet's subscriptions (reason code ≥ 0x80). */
    SUBSCRIBE_FAILED,
    /** The client is between connections (external broker, automatic reconnect pending). */
    NOT_CONNECTED,
    /** The broker did not take a publish (publish service failure, negative PUBACK). */
    PUBLISH_FAILED,
    /** Too many publishes wait for a free in-flight slot; the caller should retry later. */
    QUEUE_FULL,
    /** The adapter was stopped; nothing more is sent. */
    STOPPED
  }

  private final Reason reason;

  /**
   * @param reason  what went wrong
   * @param message human-readable detail without personal data or payload bytes
   * @param cause   underlying failure, may be {@code null}
   */
  public BrokerException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** @see #BrokerException(Reason, String, Throwable) */
  public BrokerException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** What went wrong. */
  public Reason reason() {
    return reason;
  }
}
