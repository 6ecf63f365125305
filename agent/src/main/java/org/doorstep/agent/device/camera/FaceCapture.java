package org.doorstep.agent.device.camera;

import java.util.List;
import java.util.Objects;

/**
 * The result of a liveness capture: how each challenge went, the overall liveness score and a
 * reference to the best frame, which stays on the kiosk (only its hash and size go into the record).
 *
 * @param captureId         handle of the kept frame, passed back to {@link FaceCheck#match}
 * @param challenges        the challenges in the order they were asked
 * @param livenessScoreMilli liveness score, integer thousandths (0–1000)
 * @param imageSha256       SHA-256 of the kept frame (64 lower-case hex digits)
 * @param imageSize         size of the kept frame in bytes
 */
public record FaceCapture(String captureId, List<ChallengeResult> challenges, int livenessScoreMilli,
    String imageSha256, long imageSize) {
  public FaceCapture {
    Objects.requireNonNull(captureId, "captureId");
    challenges = List.copyOf(challenges);
    if (livenessScoreMilli < 0 || livenessScoreMilli > 1000) {
      throw new IllegalArgumentException("livenessScoreMilli: must be in 0..1000, was " + livenessScoreMilli);
    }
    if (imageSha256 == null || !imageSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("imageSha256: must be 64 lower-case hex digits");
    }
  }

  /** Whether every challenge was performed. */
  public boolean allChallengesPassed() {
    return challenges.stream().allMatch(ChallengeResult::passed);
  }
}
