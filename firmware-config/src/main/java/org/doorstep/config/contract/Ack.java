package org.doorstep.config.contract;

import java.util.List;
import java.util.Objects;
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

  /**
   * Why the fleet refused a record. Stable names, documented in docs/wire-protocol.md §4.2. The
   * decode reasons carry the same names as {@link WireException.Reason} ({@link #of}). Decoding an ack
   * with a name not listed here fails ({@code INVALID_BODY}): add a code to fleet and agents together.
   */
  public enum RejectReason {
    /** Not readable as a v1 message: not UTF-8 JSON, not one object, duplicate member, too deep, no body object. */
    MALFORMED,
    /** Larger than {@link WireCodec#MAX_PAYLOAD_BYTES}. */
    TOO_LARGE,
    /** {@code v} is missing or not 1. */
    UNSUPPORTED_VERSION,
    /** {@code type} is missing or not one of the six names. */
    UNKNOWN_TYPE,
    /** A type that does not belong on the records topic (a valid {@code state} published there, say). */
    WRONG_TOPIC,
    /** A number that is not an integer within ±(2^53-1): the message has no canonical form to verify. */
    NOT_CANONICAL,
    /** The {@code sig} member is present but not a valid signature object (an absent one is {@link #BAD_SIGNATURE}). */
    MISSING_SIGNATURE,
    /** A body member is missing, null, of the wrong type or out of range. */
    INVALID_BODY,
    /** The device id is not registered (or revoked). */
    UNKNOWN_DEVICE,
    /** The signature is missing or does not verify with the device's registered key. */
    BAD_SIGNATURE,
    /** The body's deviceId is not the device of the topic. */
    DEVICE_MISMATCH,
    /** A different record already holds this (device, seq). */
    SEQUENCE_CONFLICT;

    /** The rejection reason for a decode failure: the same name. */
    public static RejectReason of(WireException.Reason reason) {
      return switch (Objects.requireNonNull(reason, "reason")) {
        case MALFORMED -> MALFORMED;
        case TOO_LARGE -> TOO_LARGE;
        case UNSUPPORTED_VERSION -> UNSUPPORTED_VERSION;
        case UNKNOWN_TYPE -> UNKNOWN_TYPE;
        case WRONG_TOPIC -> WRONG_TOPIC;
        case NOT_CANONICAL -> NOT_CANONICAL;
        case MISSING_SIGNATURE -> MISSING_SIGNATURE;
        case INVALID_BODY -> INVALID_BODY;
      };
    }
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
