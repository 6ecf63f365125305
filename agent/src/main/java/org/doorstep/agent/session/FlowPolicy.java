package org.doorstep.agent.session;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.doorstep.config.profile.Policy;

/**
 * The numbers the certification flow applies: a time limit per waiting state, thresholds and
 * attempts. Built from the configured {@link Policy} by {@link #from(Policy, ZoneId)}.
 *
 * @param cardReadTimeout     reading the card (a SAM read takes ~1 s; 10 s means the reader hangs)
 * @param consentTimeout      the resident deciding on consent
 * @param faceCaptureTimeout  the whole liveness capture of one attempt
 * @param matchingTimeout     the 1:1 match (~100 ms on the kiosk CPU; 10 s means the pipeline hangs)
 * @param recordingTimeout    the outbox commit (ms normally; 30 s means the disk is failing)
 * @param printingTimeout     printing the receipt (~3 s; 30 s covers a paper jam the printer reports late)
 * @param livenessThresholdMilli liveness score needed, integer thousandths
 * @param matchThresholdMilli match score needed, integer thousandths
 * @param maxAttempts         face attempts per session: 1 + the policy's {@code matchRetries}
 * @param zone                local time zone, for card validity dates
 * @param lastCertificationPhoto after the retries, match against the resident's last successful
 *                            certification photo (policy.mismatch.lastCertificationPhoto)
 * @param staffAssisted       then hand over to staff (policy.mismatch.staffAssisted); false: not certified
 * @param staffTimeout        how long {@link State#STAFF_ASSIST} waits for a staff decision before the
 *                            session is recorded not certified (policy.mismatch.staffWait)
 */
public record FlowPolicy(
    Duration cardReadTimeout,
    Duration consentTimeout,
    Duration faceCaptureTimeout,
    Duration matchingTimeout,
    Duration recordingTimeout,
    Duration printingTimeout,
    int livenessThresholdMilli,
    int matchThresholdMilli,
    int maxAttempts,
    ZoneId zone,
    boolean lastCertificationPhoto,
    boolean staffAssisted,
    Duration staffTimeout) {

  /** Device-side time limits that the config does not (yet) carry; see the field docs for why. */
  public static final Duration DEFAULT_CARD_READ_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MATCHING_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RECORDING_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_PRINTING_TIMEOUT = Duration.ofSeconds(30);

  public FlowPolicy {
    Objects.requireNonNull(cardReadTimeout, "cardReadTimeout");
    Objects.requireNonNull(consentTimeout, "consentTimeout");
    Objects.requireNonNull(faceCaptureTimeout, "faceCaptureTimeout");
    Objects.requireNonNull(matchingTimeout, "matchingTimeout");
    Objects.requireNonNull(recordingTimeout, "recordingTimeout");
    Objects.requireNonNull(printingTimeout, "printingTimeout");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(staffTimeout, "staffTimeout");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: must be >= 1, was " + maxAttempts);
    }
  }

  /** A policy without mismatch fallbacks: a mismatch after the retries is recorded not certified. */
  public FlowPolicy(Duration cardReadTimeout, Duration consentTimeout, Duration faceCaptureTimeout,
      Duration matchingTimeout, Duration recordingTimeout, Duration printingTimeout, int livenessThresholdMilli,
      int matchThresholdMilli, int maxAttempts, ZoneId zone) {
    this(cardReadTimeout, consentTimeout, faceCaptureTimeout, matchingTimeout, recordingTimeout, printingTimeout,
        livenessThresholdMilli, matchThresholdMilli, maxAttempts, zone, false, false,
        Policy.Mismatch.NONE.staffWait());
  }

  /**
   * The flow policy of a configured policy: consent waits the session timeout; a face attempt may take
   * every challenge's time limit plus the session timeout (positioning in front of the camera).
   *
   * @throws NullPointerException naming the missing policy member (the config loader fills defaults)
   */
  public static FlowPolicy from(Policy p, ZoneId zone) {
    Duration session = Objects.requireNonNull(p.sessionTimeout(), "policy.sessionTimeout");
    Policy.Liveness l = Objects.requireNonNull(p.liveness(), "policy.liveness");
    Duration perChallenge = Objects.requireNonNull(l.perChallenge(), "policy.liveness.perChallenge");
    int count = Objects.requireNonNull(l.count(), "policy.liveness.count");
    Policy.Mismatch m = p.mismatch() == null ? Policy.Mismatch.NONE : p.mismatch();
    return new FlowPolicy(
        DEFAULT_CARD_READ_TIMEOUT,
        session,
        perChallenge.multipliedBy(count).plus(session),
        DEFAULT_MATCHING_TIMEOUT,
        DEFAULT_RECORDING_TIMEOUT,
        DEFAULT_PRINTING_TIMEOUT,
        Objects.requireNonNull(l.thresholdMilli(), "policy.liveness.thresholdMilli"),
        Objects.requireNonNull(p.matchThresholdMilli(), "policy.matchThresholdMilli"),
        1 + Objects.requireNonNull(p.matchRetries(), "policy.matchRetries"),
        zone,
        Objects.requireNonNull(m.lastCertificationPhoto(), "policy.mismatch.lastCertificationPhoto"),
        Objects.requireNonNull(m.staffAssisted(), "policy.mismatch.staffAssisted"),
        Objects.requireNonNull(m.staffWait(), "policy.mismatch.staffWait"));
  }

  /**
   * Whether {@code capture} shows a live person: every challenge performed, the passive check passed and the
   * liveness score at the threshold or above. The certification flow and the local API's face check both ask this.
   */
  public boolean live(org.doorstep.agent.model.FaceCapture capture) {
    return capture.allChallengesPassed() && capture.passiveCheckPassed()
        && capture.livenessScoreMilli() >= livenessThresholdMilli;
  }

  /** The time limit of {@code state}; empty for states that wait for the resident indefinitely or are over. */
  public java.util.Optional<Duration> timeoutOf(State state) {
    return java.util.Optional.ofNullable(switch (state) {
      case CARD_READ -> cardReadTimeout;
      case AWAITING_CONSENT -> consentTimeout;
      case FACE_CAPTURE -> faceCaptureTimeout;
      case MATCHING -> matchingTimeout;
      case STAFF_ASSIST -> staffTimeout;
      case RECORDING -> recordingTimeout;
      case PRINTING -> printingTimeout;
      default -> null;
    });
  }
}
