package org.doorstep.agent.device.camera.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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
import java.util.function.Consumer;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.camera.FaceCheck;
import org.doorstep.agent.model.ChallengeResult;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.model.IdPhoto;

/**
 * A face check that plays scripted outcomes: each attempt (one capture and, when liveness passed,
 * one match) takes the next {@link Outcome} from the script, or the default when the script is empty.
 *
 * <p>By default a capture completes at once and says nothing. {@link #paced} makes it take time like a resident
 * in front of a camera and tell the screen what to do (position, each challenge, a retry after a miss, done), as
 * the vision pipeline does: for walking through the screen by hand and for the browser tests. Thread-safe.
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
  private final AtomicReference<Consumer<Guidance>> guidance = new AtomicReference<>(g -> { });
  private final AtomicReference<Pace> pace = new AtomicReference<>();

  /** How a paced capture runs: the timers' Vert.x and the time each guidance stays on screen. */
  private record Pace(Vertx vertx, Duration step) {}

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

  /**
   * Makes each capture take time and send guidance: "look at the camera", "good", then each challenge for two
   * {@code step}s (a liveness failure misses the first one: "try again", and misses it again), then "done".
   * {@link Duration#ZERO} goes back to instant captures.
   */
  public SimulatedFaceCheck paced(Vertx vertx, Duration step) {
    pace.set(step.isZero() ? null : new Pace(vertx, step));
    return this;
  }

  /** Where a paced capture's guidance goes (the kiosk wires the screen). */
  public void guidance(Consumer<Guidance> sink) {
    guidance.set(java.util.Objects.requireNonNull(sink, "sink"));
  }

  @Override
  public Future<FaceCapture> capture(List<String> challenges) {
    Outcome o = script.isEmpty() ? defaultOutcome.get() : script.poll();
    Pace p = pace.get();
    if (p == null) {
      return Future.succeededFuture(captured(o, challenges));
    }
    List<Guidance> said = new java.util.ArrayList<>(List.of(Guidance.LOOK_AT_CAMERA, Guidance.GOOD));
    List<Long> holds = new java.util.ArrayList<>(List.of(1L, 1L));
    for (int i = 0; i < challenges.size(); i++) {
      Guidance c = challengeGuidance(challenges.get(i));
      said.add(c);
      holds.add(2L);
      if (o == Outcome.LIVENESS_FAIL && i == 0) {
        said.addAll(List.of(Guidance.TRY_AGAIN, c));
        holds.addAll(List.of(1L, 2L));
        break;
      }
    }
    if (o != Outcome.LIVENESS_FAIL) {
      said.add(Guidance.DONE);
      holds.add(1L);
    }
    Promise<FaceCapture> done = Promise.promise();
    say(p, said, holds, 0, () -> done.complete(captured(o, challenges)));
    return done.future();
  }

  private void say(Pace p, List<Guidance> said, List<Long> holds, int i, Runnable then) {
    if (i == said.size()) {
      then.run();
      return;
    }
    try {
      guidance.get().accept(said.get(i));
    } catch (RuntimeException e) {
      // the screen's problem, not the face check's
    }
    p.vertx().setTimer(Math.max(1, p.step().toMillis() * holds.get(i)), id -> say(p, said, holds, i + 1, then));
  }

  private static Guidance challengeGuidance(String challenge) {
    try {
      Guidance g = Guidance.valueOf(challenge);
      return g.key().startsWith("challenge.") ? g : Guidance.BLINK;
    } catch (IllegalArgumentException e) {
      return Guidance.BLINK;
    }
  }

  private FaceCapture captured(Outcome o, List<String> challenges) {
    current.set(o);
    boolean live = o != Outcome.LIVENESS_FAIL;
    List<ChallengeResult> results = challenges.stream()
        .map(c -> new ChallengeResult(c, live, Duration.ofMillis(live ? 1200 : 5000)))
        .toList();
    long n = captures.incrementAndGet();
    byte[] frame = ("synthetic-frame:" + n).getBytes(StandardCharsets.UTF_8);
    // The synthetic frame travels with the capture like a camera's JPEG, so its bytes reach the evidence store.
    return new FaceCapture("sim-" + n, results, live ? 980 : 120, sha256(frame), frame.length, Optional.empty(),
        frame);
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
