package org.doorstep.agent.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.camera.FaceCheck;
import org.doorstep.agent.model.ChallengeResult;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdPhoto;
import org.doorstep.agent.vision.match.CapturedFrames;
import org.doorstep.agent.vision.match.OpenCvFaceMatcher;

/**
 * A face check whose liveness always passes and whose kept frame is a fixed real photo, matched with the
 * real {@link OpenCvFaceMatcher} on a worker: lets tests run the "ID photo too old" policy end to end on
 * real faces while the camera part belongs to the vision engineer's adapter.
 */
public final class MatcherFaceCheck implements FaceCheck, CapturedFrames {
  private final Vertx vertx;
  private final OpenCvFaceMatcher matcher;
  private final byte[] liveFrame;
  private final Map<String, byte[]> kept = new ConcurrentHashMap<>();
  private final AtomicLong captures = new AtomicLong();

  /** Every capture keeps {@code liveFrame} (an encoded photo of the resident in front of the kiosk). */
  public MatcherFaceCheck(Vertx vertx, OpenCvFaceMatcher matcher, byte[] liveFrame) {
    this.vertx = vertx;
    this.matcher = matcher;
    this.liveFrame = liveFrame.clone();
  }

  @Override
  public Future<FaceCapture> capture(List<String> challenges) {
    String id = "frame-" + captures.incrementAndGet();
    kept.put(id, liveFrame.clone());
    return Future.succeededFuture(new FaceCapture(id,
        challenges.stream().map(c -> new ChallengeResult(c, true, Duration.ofMillis(900))).toList(), 950,
        sha256(liveFrame), liveFrame.length, Optional.empty(), liveFrame.clone()));
  }

  @Override
  public Future<Integer> match(FaceCapture capture, IdPhoto idPhoto) {
    byte[] frame = kept.get(capture.captureId());
    if (frame == null) {
      return Future.failedFuture(new IllegalStateException("no kept frame " + capture.captureId()));
    }
    return vertx.executeBlocking(() -> matcher.compare(frame, idPhoto.bytes())
        .map(s -> (int) Math.round(s * 1000)).orElse(-1000), true);
  }

  @Override
  public Future<PeripheralHealth> health() {
    return Future.succeededFuture(PeripheralHealth.ONLINE);
  }

  @Override
  public Future<Optional<byte[]>> frameOf(FaceCapture capture) {
    return Future.succeededFuture(Optional.ofNullable(kept.get(capture.captureId())).map(byte[]::clone));
  }

  /** SHA-256 of {@code b}, 64 lower-case hex digits. */
  public static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many captures were taken. */
  public long captures() {
    return captures.get();
  }
}
