package org.doorstep.agent.records;

/**
 * Builds and signs the record for a sequence number the outbox allocated. Called on the outbox
 * worker inside the commit transaction, so it must not block on anything but CPU.
 */
@FunctionalInterface
public interface RecordSealer {
  /** The signed record with sequence {@code seq}. */
  SignedRecord seal(long seq);
}
