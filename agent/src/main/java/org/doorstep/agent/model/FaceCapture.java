package org.doorstep.agent.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.config.contract.CertificationRecord.PassiveCheck;

/**
 * The result of a liveness capture: how each challenge went, the overall liveness score, the passive
 * anti-spoof check and the best frame, which stays on the kiosk (only its hash and size go into the
 * record) and is {@link #wipe() wiped} with the session.
 *
 * @param captureId          handle of the kept frame
 * @param challenges         the challenges in the order they were asked
 * @param livenessScoreMilli liveness score, integer thousandths (0–1000)
 * @param imageSha256        SHA-256 of the kept frame (64 lower-case hex digits)
 * @param imageSize          size of the kept frame in bytes
 * @param passive            the passive anti-spoof check (empty from the simulator)
 * @param image              the kept frame: JPEG from the camera, synthetic bytes from the simulator; read it
 *                           with {@link #image()}. Stored in the evidence store with the record.
 */
public record FaceCapture(String captureId, List<ChallengeResult> challenges, int livenessScoreMilli,
    String imageSha256, long imageSize, Optional<PassiveCheck> passive, byte[] image) {
  public FaceCapture {
    Objects.requireNonNull(captureId, "captureId");
    challenges = List.copyOf(challenges);
    if (livenessScoreMilli < 0 || livenessScoreMilli > 1000) {
      throw new IllegalArgumentException("livenessScoreMilli: must be in 0..1000, was " + livenessScoreMilli);
    }
    if (imageSha256 == null || !imageSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("imageSha256: must be 64 lower-case hex digits");
    }
    Objects.requireNonNull(passive, "passive");
    Objects.requireNonNull(image, "image");
  }

  /** A capture without passive check and without image bytes (the simulated face check). */
  public FaceCapture(String captureId, List<ChallengeResult> challenges, int livenessScoreMilli, String imageSha256,
      long imageSize) {
    this(captureId, challenges, livenessScoreMilli, imageSha256, imageSize, Optional.empty(), new byte[0]);
  }

  /** Whether every challenge was performed. */
  public boolean allChallengesPassed() {
    return challenges.stream().allMatch(ChallengeResult::passed);
  }

  /** Whether the passive check, if one ran, passed. */
  public boolean passiveCheckPassed() {
    return passive.map(PassiveCheck::passed).orElse(true);
  }

  /** A copy of the kept frame (JPEG); empty when there is none or it was wiped. */
  @Override
  public byte[] image() {
    return image.clone();
  }

  /** Overwrites the kept frame with zeros (the session is over). Idempotent. */
  public void wipe() {
    Arrays.fill(image, (byte) 0);
  }

  @Override
  public String toString() {
    return "FaceCapture[" + captureId + ", " + challenges + ", liveness " + livenessScoreMilli + ", passive "
        + passive + ", image " + imageSize + " B]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceCapture c && c.captureId.equals(captureId) && c.challenges.equals(challenges)
        && c.livenessScoreMilli == livenessScoreMilli && c.imageSha256.equals(imageSha256)
        && c.imageSize == imageSize && c.passive.equals(passive) && Arrays.equals(c.image, image);
  }

  @Override
  public int hashCode() {
    return Objects.hash(captureId, imageSha256);
  }
}
