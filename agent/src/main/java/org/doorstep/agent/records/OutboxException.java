package org.doorstep.agent.records;

/** The outbox could not do what was asked (disk full, database corrupt, closed). */
public final class OutboxException extends RuntimeException {
  public OutboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
