package org.doorstep.config.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
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
   * decode reasons carry the same names as {@link WireException.Reason} ({@link #of}). The wire codes
   * are {@link #codes()}; {@link #UNKNOWN} is not one of them: it is how a receiver sees a code it does
   * not know (a newer fleet's), and the {@link Rejection} keeps that code's text ({@link Rejection#code()}).
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
    SEQUENCE_CONFLICT,
    /**
     * A code this receiver does not know (added by a newer fleet): still a refusal of the record.
     * Never sent; {@link Rejection#code()} carries the code as received.
     */
    UNKNOWN;

    private static final List<RejectReason> CODES =
        Arrays.stream(values()).filter(r -> r != UNKNOWN).toList();

    /** The codes a sender may put on the wire, in declaration order: every constant but {@link #UNKNOWN}. */
    public static List<RejectReason> codes() {
      return CODES;
    }

    /**
     * The typed view of a wire code: the constant of that name, {@link #UNKNOWN} for any other text
     * (including the text {@code "UNKNOWN"}, which no sender uses). Case-sensitive, as the wire is.
     */
    public static RejectReason fromCode(String code) {
      Objects.requireNonNull(code, "code");
      for (RejectReason r : CODES) {
        if (r.name().equals(code)) {
          return r;
        }
      }
      return UNKNOWN;
    }

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
   * A refused record. On the wire the code is the member {@code reason} (docs/wire-protocol.md §4.2);
   * it is kept as received, so a code this side does not know still decodes, as a refusal whose
   * {@link #reason()} is {@link RejectReason#UNKNOWN} and whose {@link #code()} names it.
   *
   * @param recordId the record's id when it could be read
   * @param code     the reason code as on the wire: 1–64 characters, e.g. {@code "BAD_SIGNATURE"}
   * @param detail   human-readable explanation (never contains personal data)
   */
  public record Rejection(Optional<String> recordId, @JsonProperty("reason") String code, String detail) {
    /** Longest accepted code: today's longest is 19 characters. */
    public static final int MAX_CODE_LENGTH = 64;

    public Rejection {
      recordId = recordId == null ? Optional.empty() : recordId;
      Checks.notBlank("reason", code);
      Checks.maxLength("reason", code, MAX_CODE_LENGTH);
      detail = detail == null ? "" : detail;
    }

    /**
     * A refusal with one of the wire codes, as a fleet sends it.
     *
     * @throws IllegalArgumentException for {@link RejectReason#UNKNOWN}, which is no code to send
     */
    public Rejection(Optional<String> recordId, RejectReason reason, String detail) {
      this(recordId, sendable(reason).name(), detail);
    }

    /** The typed view of {@link #code()}: {@link RejectReason#UNKNOWN} when this side does not know it. */
    public RejectReason reason() {
      return RejectReason.fromCode(code);
    }

    private static RejectReason sendable(RejectReason reason) {
      Checks.notNull("reason", reason);
      if (reason == RejectReason.UNKNOWN) {
        throw new IllegalArgumentException("reason: UNKNOWN is not a code to send; name one of " + RejectReason.codes());
      }
      return reason;
    }
  }
}
