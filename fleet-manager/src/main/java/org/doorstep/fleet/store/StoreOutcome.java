package org.doorstep.fleet.store;

/** What {@link RecordStore#storeBatch} did with one record of a batch. */
public enum StoreOutcome {
  /** Newly inserted and committed. */
  STORED,
  /** Already stored before (same record id, same device): nothing written, safe to ack as stored. */
  DUPLICATE,
  /** A different record already holds this record's (device id, seq): not stored. */
  SEQUENCE_CONFLICT,
  /** The record id is already taken by a record of another device: not stored. */
  ID_CONFLICT;

  /** Whether the agent may delete the record from its outbox (stored now or before). */
  public boolean isDurable() {
    return this == STORED || this == DUPLICATE;
  }
}
