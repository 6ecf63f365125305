package org.doorstep.config.contract;

import java.util.List;
import java.util.Optional;

/**
 * The body of an {@link MessageType#ACK}: the fleet's answer to records of one device, sent only
 * after its own commit. One ack may answer many records (the fleet acks per stored batch).
 *
 * @param stored   ids durably stored, including ids that were already stored before (duplicates):
 *                 the agent may delete all of them from its outbox
 * @param rejected records the fleet will never store, with the reason; the agent keeps them for staff
 */
public record Ack(List<String> stored, List<Rejection> rejected) {
  public Ack {
    stored = stored == null ? List.of() : List.copyOf(stored);
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  public static Ack stored(List<String> ids) {
    return new Ack(ids, List.of());
  }

  public static Ack rejected(Rejection r) {
    return new Ack(List.of(), List.of(r));
  }

  /** Why the fleet refused a record. Stable names, documented in docs/wire-protocol.md. */
  public enum RejectReason {
    /** Not a valid v1 message ({@link WireException}). */
    MALFORMED,
    /** The device id is not registered (or revoked). */
    UNKNOWN_DEVICE,
    /** The signature does not verify with the device's registered key. */
    BAD_SIGNATURE,
    /** The body's deviceId is not the device of the topic. */
    DEVICE_MISMATCH,
    /** A different record already holds this (device, seq). */
    SEQUENCE_CONFLICT
  }

  /**
   * A refused record.
   *
   * @param recordId the record's id when it could be read
   * @param reason   stable reason code
   * @param detail   human-readable explanation (never contains personal data)
   */
  public record Rejection(Optional<String> recordId, RejectReason reason, String detail) {
    public Rejection {
      recordId = recordId == null ? Optional.empty() : recordId;
      Checks.notNull("reason", reason);
      detail = detail == null ? "" : detail;
    }
  }
}
