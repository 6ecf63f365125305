package org.doorstep.agent.device.camera.sim;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.camera.FaceCheck;
import org.doorstep.agent.model.ChallengeResult;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdPhoto;

/**
 * A face check that plays scripted outcomes: each attempt (one capture and, when liveness passed,
 * one match) takes the next {@link Outcome} from the script, or the default when the script is empty.
 * Thread-safe.
 */
public final class SimulatedFaceCheck implements FaceCheck {
  /** What the next attempt does. */
  public enum Outcome {
    /** Every challenge performed (liveness 980), face matches the photo (score 870). */
    PASS,
    /** Liveness passes, but the face is someone else's (score 210). */
    MISMATCH,
    /** The resident does not perform the challenges (a photo held up: liveness 120). */
    LIVENESS_FAIL
  }

  private final Queue<Outcome> script = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Outcome> defaultOutcome;
  private final AtomicReference<Outcome> current = new AtomicReference<>(Outcome.PASS);
  private final AtomicLong captures = new AtomicLong();

  /** A face check that plays {@code defaultOutcome} when nothing is scripted. */
  public SimulatedFaceCheck(Outcome defaultOutcome) {
    this.defaultOutcome = new AtomicReference<>(defaultOutcome);
  }

  /** Queues outcomes for the next attempts, in order. */
  public SimulatedFaceCheck script(Outcome... outcomes) {
    script.addAll(List.of(outcomes));
    return this;
  }

  /** Changes the outcome played when the script is empty. */
  public void defaultOutcome(Outcome outcome) {
    defaultOutcome.set(outcome);
  }

  @Override
  public Future<FaceCapture> capture(List<String> challenges) {
    Outcome o = script.isEmpty() ? defaultOutcome.get() : script.poll();
    current.set(o);
    boolean live = o != Outcome.LIVENESS_FAIL;
    List<ChallengeResult> results = challenges.stream()
        .map(c -> new ChallengeResult(c, live, Duration.ofMillis(live ? 1200 : 5000)))
        .toList();
    long n = captures.incrementAndGet();
    byte[] frame = ("synthetic-frame:" + n).getBytes(StandardCharsets.UTF_8);
    // The synthetic frame travels with the capture like a camera's JPEG, so its bytes reach the evidence store.
    return Future.succeededFuture(new FaceCapture("sim-" + n, results, live ? 980 : 120, sha256(frame), frame.length,
        Optional.empty(), frame));
  }

  @Override
  public Future<Integer> match(FaceCapture capture, IdPhoto idPhoto) {
    return Future.succeededFuture(current.get() == Outcome.MISMATCH ? 210 : 870);
  }

  @Override
  public Future<PeripheralHealth> health() {
    return Future.succeededFuture(PeripheralHealth.ONLINE);
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
