package org.doorstep.config.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import static org.doorstep.config.contract.Checks.maxLength;
import static org.doorstep.config.contract.Checks.milli;
import static org.doorstep.config.contract.Checks.notBlank;
import static org.doorstep.config.contract.Checks.notNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The body of a {@link MessageType#RECORD}: what happened at one terminal for one person, signed by
 * the device. Immutable; the compact constructor rejects the first invalid member by name.
 *
 * @param recordId      globally unique, time-ordered id (UUIDv7 text, {@link RecordIds})
 * @param deviceId      the terminal that produced it; must match the topic and the signing key
 * @param seq           per-device sequence number, from 1, gap-free on a healthy device
 * @param service       service id from the catalog ({@code certification}, {@code registration} …)
 * @param mode          who operated the terminal
 * @param subject       the card holder
 * @param operator      staff or relative id in assisted modes; empty in self-service
 * @param liveness      liveness result (challenges, score, threshold), absent where the service has none
 * @param match         1:1 face match against the ID photo, absent where the service has none
 * @param outcome       the decision the terminal reached
 * @param evidence      evidence items (hash and size; bytes stay on the kiosk unless policy uploads them)
 * @param configVersion version of the config bundle in force when the record was made
 * @param agentVersion  agent software version
 * @param capturedAt    when the terminal finished the session (device clock, UTC)
 */
public record CertificationRecord(
    String recordId,
    String deviceId,
    @JsonProperty(required = true) long seq,
    String service,
    Mode mode,
    Subject subject,
    Optional<String> operator,
    Optional<Liveness> liveness,
    Optional<FaceMatch> match,
    Outcome outcome,
    List<Evidence> evidence,
    @JsonProperty(required = true) long configVersion,
    String agentVersion,
    Instant capturedAt) {

  public CertificationRecord {
    notBlank("recordId", recordId);
    maxLength("recordId", recordId, 64);
    if (!Topics.isValidDeviceId(deviceId)) {
      throw new IllegalArgumentException("deviceId: must match [A-Za-z0-9._-]{1,64}");
    }
    if (seq < 1) {
      throw new IllegalArgumentException("seq: must be >= 1, was " + seq);
    }
    notBlank("service", service);
    maxLength("service", service, 64);
    notNull("mode", mode);
    notNull("subject", subject);
    operator = operator == null ? Optional.empty() : operator;
    liveness = liveness == null ? Optional.empty() : liveness;
    match = match == null ? Optional.empty() : match;
    notNull("outcome", outcome);
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    if (configVersion < 0) {
      throw new IllegalArgumentException("configVersion: must be >= 0, was " + configVersion);
    }
    notBlank("agentVersion", agentVersion);
    notNull("capturedAt", capturedAt);
    if (mode != Mode.SELF && operator.isEmpty()) {
      throw new IllegalArgumentException("operator: required in mode " + mode);
    }
  }

  /** Who operated the terminal (GLOSSARY: 自助 / 亲属协助 / 工作人员协助 / 上门认证). */
  public enum Mode { SELF, RELATIVE_ASSISTED, STAFF_ASSISTED, HOME_VISIT }

  /**
   * Card type read from the card (GLOSSARY). {@code SOCIAL_SECURITY_CARD} (社会保障卡, read over PC/SC; its
   * {@code idNumber} is the card's social security number, which is the holder's ID number) is an optional v1
   * addition: older agents never send it, receivers accept it (docs/wire-protocol.md).
   */
  public enum CardType { RESIDENT, HMT_PERMIT, FOREIGN_PERMANENT, SOCIAL_SECURITY_CARD }

  /** What the terminal decided. */
  public enum Outcome {
    /** Liveness and match passed: the person is certified for this period. */
    CERTIFIED,
    /** Checks failed and the resident gave up or ran out of attempts. */
    NOT_CERTIFIED,
    /** Staff confirmed person, photo and card by hand (evidence attached). */
    STAFF_CONFIRMED,
    /** A non-certification service completed (registration, change, proof print). */
    COMPLETED
  }

  /** The card holder. {@code toString()} masks both fields. */
  public record Subject(CardType cardType, IdNumber idNumber, PersonName name) {
    public Subject {
      notNull("cardType", cardType);
      notNull("idNumber", idNumber);
      notNull("name", name);
    }
  }

  /**
   * One liveness challenge and how it went.
   *
   * @param kind           {@code BLINK}, {@code TURN_LEFT}, {@code TURN_RIGHT}, {@code NOD}, {@code OPEN_MOUTH}
   * @param passed         whether it was performed within its time limit
   * @param durationMs     how long it took (the time limit when it was not performed)
   * @param scoreMilli     how strongly it was performed, integer thousandths (0–1000; optional: agents before
   *                       the vision pipeline did not send it)
   * @param thresholdMilli the score needed, from the config in force (optional, as {@code scoreMilli})
   * @param attempts       how many times it was asked (1 + retries used; optional)
   */
  public record Challenge(String kind, @JsonProperty(required = true) boolean passed,
      @JsonProperty(required = true) long durationMs, Optional<Integer> scoreMilli, Optional<Integer> thresholdMilli,
      Optional<Integer> attempts) {
    public Challenge {
      notBlank("kind", kind);
      if (durationMs < 0) {
        throw new IllegalArgumentException("durationMs: must be >= 0");
      }
      scoreMilli = scoreMilli == null ? Optional.empty() : scoreMilli;
      thresholdMilli = thresholdMilli == null ? Optional.empty() : thresholdMilli;
      attempts = attempts == null ? Optional.empty() : attempts;
      scoreMilli.ifPresent(v -> milli("scoreMilli", v));
      thresholdMilli.ifPresent(v -> milli("thresholdMilli", v));
      if (attempts.isPresent() && attempts.get() < 1) {
        throw new IllegalArgumentException("attempts: must be >= 1, was " + attempts.get());
      }
    }

    /** A challenge without score, threshold and attempts (the record as before the vision pipeline). */
    public Challenge(String kind, boolean passed, long durationMs) {
      this(kind, passed, durationMs, Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /**
   * The passive anti-spoof check of a liveness capture (a printed photo or a screen held up to the camera).
   *
   * @param passed         whether the capture looked like a live face
   * @param method         what was measured, e.g. {@code micro-motion+planarity}
   * @param scoreMilli     the decisive score, integer thousandths (0–1000)
   * @param thresholdMilli the score needed, from the config in force
   * @param modelScoreMilli the anti-spoof model's live score, when a model ran (advisory, not validated)
   */
  public record PassiveCheck(@JsonProperty(required = true) boolean passed, String method,
      @JsonProperty(required = true) int scoreMilli, @JsonProperty(required = true) int thresholdMilli,
      Optional<Integer> modelScoreMilli) {
    public PassiveCheck {
      notBlank("method", method);
      maxLength("method", method, 64);
      milli("scoreMilli", scoreMilli);
      milli("thresholdMilli", thresholdMilli);
      modelScoreMilli = modelScoreMilli == null ? Optional.empty() : modelScoreMilli;
      modelScoreMilli.ifPresent(v -> milli("modelScoreMilli", v));
    }
  }

  /**
   * Liveness result; scores are integer thousandths (0–1000).
   *
   * @param passed         active challenges and passive check passed, and the score reached the threshold
   * @param challenges     the challenges in the order they were asked
   * @param scoreMilli     overall liveness score
   * @param thresholdMilli overall threshold in force
   * @param passive        the passive anti-spoof check (optional: absent from agents before the vision pipeline
   *                       and from simulated captures)
   */
  public record Liveness(
      @JsonProperty(required = true) boolean passed, List<Challenge> challenges,
      @JsonProperty(required = true) int scoreMilli, @JsonProperty(required = true) int thresholdMilli,
      Optional<PassiveCheck> passive) {
    public Liveness {
      challenges = challenges == null ? List.of() : List.copyOf(challenges);
      milli("scoreMilli", scoreMilli);
      milli("thresholdMilli", thresholdMilli);
      passive = passive == null ? Optional.empty() : passive;
    }

    /** A liveness result without a passive check (the record as before the vision pipeline). */
    public Liveness(boolean passed, List<Challenge> challenges, int scoreMilli, int thresholdMilli) {
      this(passed, challenges, scoreMilli, thresholdMilli, Optional.empty());
    }
  }

  /** 1:1 face match against the card photo; cosine similarity as integer thousandths (-1000–1000). */
  public record FaceMatch(
      @JsonProperty(required = true) boolean passed, @JsonProperty(required = true) int scoreMilli,
      @JsonProperty(required = true) int thresholdMilli, String reference) {
    public FaceMatch {
      if (scoreMilli < -1000 || scoreMilli > 1000) {
        throw new IllegalArgumentException("scoreMilli: must be in -1000..1000, was " + scoreMilli);
      }
      milli("thresholdMilli", thresholdMilli);
      notBlank("reference", reference);
    }
  }

  /** One piece of evidence: what it is, its SHA-256 (64 lower-case hex) and size in bytes. */
  public record Evidence(String kind, String sha256, @JsonProperty(required = true) long size) {
    public Evidence {
      notBlank("kind", kind);
      if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("sha256: must be 64 lower-case hex digits");
      }
      if (size < 0) {
        throw new IllegalArgumentException("size: must be >= 0");
      }
    }
  }
}
