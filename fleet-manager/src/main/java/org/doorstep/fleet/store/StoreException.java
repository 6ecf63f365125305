package org.doorstep.fleet.store;

/**
 * A store operation failed. The message names the operation and the engine's reason; it never
 * contains record bodies. Callers treat {@link Reason#UNAVAILABLE} as transient (the agent resends
 * unacked records) and {@link Reason#MIGRATION} as fatal at start-up.
 */
public final class StoreException extends RuntimeException {
  /** Why the store failed. */
  public enum Reason {
    /** The database could not be opened or reached. */
    UNAVAILABLE,
    /** Flyway could not bring the schema to the current version. */
    MIGRATION,
    /** A statement failed (the transaction, if any, was rolled back). */
    FAILED,
    /** The store is closed. */
    CLOSED
  }

  private final Reason reason;

  public StoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
