package org.doorstep.agent.vision;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.camera.Camera;
import org.doorstep.agent.device.camera.FaceCheck;
import org.doorstep.agent.model.ChallengeResult;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.model.IdPhoto;
import org.doorstep.agent.vision.detect.BlazeFaceDetector;
import org.doorstep.agent.vision.detect.FaceMesh;
import org.doorstep.agent.vision.liveness.AntiSpoofModel;
import org.doorstep.agent.vision.liveness.ChallengeKind;
import org.doorstep.agent.vision.liveness.ChallengeMachine;
import org.doorstep.agent.vision.liveness.ChallengeOutcome;
import org.doorstep.agent.vision.liveness.LivenessEvent;
import org.doorstep.agent.vision.liveness.LivenessState;
import org.doorstep.agent.vision.liveness.MotionCheck;
import org.doorstep.agent.vision.match.FaceMatcher;
import org.doorstep.agent.vision.quality.QualityGate;
import org.doorstep.config.contract.CertificationRecord.PassiveCheck;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real face check: camera frames through the vision pipeline (BlazeFace, face mesh, quality gate), the
 * active challenges as {@link ChallengeMachine} steps, the passive {@link MotionCheck} (and the anti-spoof
 * model as an advisory signal), the best frame kept as JPEG in the {@link FaceCapture}; the 1:1 match by the
 * injected {@link FaceMatcher}. Screen guidance goes to {@code guidance} (called on the vision worker; make
 * it thread-safe).
 *
 * <p>Everything OpenCV runs on one named worker thread ({@value #WORKER}), which owns the camera and the
 * models. The liveness score is 1000 × challenges performed / challenges asked, halved when the passive
 * check failed.
 */
public final class VisionFaceCheck implements FaceCheck, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VisionFaceCheck.class);
  /** The worker pool name (one thread). */
  public static final String WORKER = "doorstep-vision";

  private final Camera camera;
  private final VisionOptions options;
  private final FaceMatcher matcher;
  private final Consumer<Guidance> guidance;
  private final WorkerExecutor worker;
  private final ChallengeMachine machine;
  private FrameAnalyzer analyzer;
  private AntiSpoofModel antiSpoof;
  private volatile PeripheralHealth health = PeripheralHealth.ONLINE;

  /**
   * @throws IllegalStateException naming the missing models and how to get them
   */
  public VisionFaceCheck(Vertx vertx, Camera camera, VisionOptions options, FaceMatcher matcher,
      Consumer<Guidance> guidance) {
    this.camera = Objects.requireNonNull(camera, "camera");
    this.options = Objects.requireNonNull(options, "options");
    this.matcher = Objects.requireNonNull(matcher, "matcher");
    this.guidance = Objects.requireNonNull(guidance, "guidance");
    List<String> missing = options.models().missing(VisionModels.CAPTURE);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("vision models missing in " + options.models().dir().toAbsolutePath() + ": "
          + missing + "; " + VisionModels.HOW_TO_GET);
    }
    this.machine = new ChallengeMachine(options.liveness());
    // One thread; a capture may run for a minute, so the blocked-thread warning starts after two.
    this.worker = vertx.createSharedWorkerExecutor(WORKER, 1, 2, TimeUnit.MINUTES);
  }

  @Override
  public Future<FaceCapture> capture(List<String> challenges) {
    List<ChallengeKind> kinds;
    try {
      kinds = challenges.stream().map(ChallengeKind::of).toList();
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("no liveness challenge to ask");
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new DeviceException(DeviceFault.HARDWARE_ERROR, e.getMessage()));
    }
    return worker.executeBlocking(() -> {
      try {
        FaceCapture c = run(kinds);
        health = PeripheralHealth.ONLINE;
        return c;
      } catch (DeviceException e) {
        health = PeripheralHealth.OFFLINE;
        LOG.error("face capture failed: {}", e.getMessage());
        camera.close();
        throw e;
      } catch (RuntimeException e) {
        health = PeripheralHealth.HWERROR;
        LOG.error("face capture failed in the vision pipeline", e);
        throw new DeviceException(DeviceFault.HARDWARE_ERROR, "vision pipeline: " + e.getMessage());
      }
    }, false);
  }

  @Override
  public Future<Integer> match(FaceCapture capture, IdPhoto idPhoto) {
    byte[] live = capture.image();
    if (live.length == 0) {
      LOG.warn("match refused: capture {} kept no face frame (no usable face during the capture)",
          capture.captureId());
      return Future.succeededFuture(-1000);
    }
    return worker.executeBlocking(() -> {
      Optional<Double> cos = matcher.compare(live, idPhoto.bytes());
      java.util.Arrays.fill(live, (byte) 0);
      if (cos.isEmpty()) {
        LOG.warn("match: no usable face in the live frame or in the card photo ({}): counted as no match", idPhoto);
        return -1000;
      }
      return (int) Math.round(Math.max(-1, Math.min(1, cos.get())) * 1000);
    }, false);
  }

  @Override
  public Future<PeripheralHealth> health() {
    return Future.succeededFuture(health);
  }

  /** Releases camera and models (on the worker). */
  @Override
  public void close() {
    worker.executeBlocking(() -> {
      camera.close();
      if (analyzer != null) {
        analyzer.close();
        analyzer = null;
      }
      return null;
    }, false).onComplete(r -> worker.close());
  }

  // ---- on the vision worker -------------------------------------------------------------------------

  private FaceCapture run(List<ChallengeKind> kinds) {
    if (analyzer == null) {
      VisionModels m = options.models();
      analyzer = new FrameAnalyzer(new BlazeFaceDetector(m.require(VisionModels.FACE_DETECTION)),
          new FaceMesh(m.require(VisionModels.FACE_LANDMARK)), new QualityGate(options.quality()));
      if (m.has(VisionModels.FR_LIVENESS)) {
        antiSpoof = new AntiSpoofModel(m.path(VisionModels.FR_LIVENESS));
      }
    }
    camera.open();
    Instant origin = Instant.now();
    Mat frame = new Mat();
    Mat best = new Mat();
    double bestScore = -1;
    org.doorstep.agent.vision.detect.Detection bestBox = null;
    MotionCheck motion = new MotionCheck(options.motionThreshold());
    ChallengeMachine.Step step = machine.start(kinds, origin);
    show(step.show());
    long frames = 0;
    Instant last = origin;
    // The camera stays open between captures and times its frames from open(): this capture's clock starts at
    // its first frame, or a kiosk idle for longer than the positioning limit would time out at once.
    long firstMs = -1;
    long started = System.nanoTime();
    try {
      while (!step.state().phase().isDone()) {
        long ms = camera.read(frame);
        if (ms < 0) {
          // A file ended: time runs out for whatever was being asked.
          Instant late = last.plus(options.liveness().positioningLimit()).plus(options.liveness().perChallenge())
              .plusSeconds(1);
          step = machine.next(step.state(), new LivenessEvent.Tick(late), late);
          last = late;
          LOG.info("face capture: {} ended after {} frames", camera.describe(), frames);
          continue;
        }
        frames++;
        if (firstMs < 0) {
          firstMs = ms;
        }
        Instant now = origin.plusMillis(ms - firstMs);
        last = now;
        FrameAnalyzer.Analysis a = analyzer.analyze(frame, now);
        if (a.quality().ok() && a.quality().score() > bestScore) {
          bestScore = a.quality().score();
          frame.copyTo(best);
          bestBox = a.measurement().face().orElseThrow().box();
        }
        if (a.measurement().faces() == 1 && a.landmarks().isPresent()) {
          motion.add(frame, a.landmarks().get());
        }
        step = machine.next(step.state(), new LivenessEvent.Frame(a.measurement(), a.quality()), now);
        show(step.show());
      }
      return result(step.state(), motion, best, bestBox, frames, System.nanoTime() - started);
    } finally {
      frame.release();
      best.release();
      motion.clear();
    }
  }

  private FaceCapture result(LivenessState s, MotionCheck motion, Mat best,
      org.doorstep.agent.vision.detect.Detection bestBox, long frames, long nanos) {
    MotionCheck.Result m = motion.result();
    Optional<Integer> model = Optional.empty();
    if (antiSpoof != null && bestBox != null) {
      model = Optional.of((int) Math.round(antiSpoof.liveScore(best, bestBox) * 1000));
    }
    boolean modelOk = options.antiSpoofMinMilli() == 0 || model.map(v -> v >= options.antiSpoofMinMilli()).orElse(true);
    PassiveCheck passive = new PassiveCheck(m.passed() && modelOk, MotionCheck.METHOD, m.scoreMilli(),
        m.thresholdMilli(), model);
    List<ChallengeResult> results = new ArrayList<>();
    for (ChallengeOutcome o : s.outcomes()) {
      results.add(new ChallengeResult(o.kind().name(), o.passed(), o.took(), OptionalInt.of(o.scoreMilli()),
          OptionalInt.of(o.thresholdMilli()), OptionalInt.of(o.attempts())));
    }
    for (int i = s.outcomes().size(); i < s.sequence().size(); i++) {
      // Not reached (the check stopped at a miss, or the face never got usable).
      ChallengeKind k = s.sequence().get(i);
      results.add(new ChallengeResult(k.name(), false, Duration.ZERO, OptionalInt.of(0),
          OptionalInt.of(options.liveness().thresholdMilli(k)), OptionalInt.of(1)));
    }
    long performed = results.stream().filter(ChallengeResult::passed).count();
    int score = (int) Math.round(1000.0 * performed / results.size());
    if (!passive.passed()) {
      score /= 2;
    }
    byte[] jpeg = new byte[0];
    if (!best.empty()) {
      MatOfByte buf = new MatOfByte();
      Imgcodecs.imencode(".jpg", best, buf, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, options.jpegQuality()));
      jpeg = buf.toArray();
      buf.release();
    }
    LOG.info("face capture: {} frames in {} ms; challenges {}; {}; passive {} {} (residual motion {}, needed {}){}",
        frames, nanos / 1_000_000, describe(results), s.failure().orElse("all performed"),
        passive.passed() ? "passed" : "FAILED", MotionCheck.METHOD, String.format("%.2f", m.motion()),
        String.format("%.2f", m.threshold()),
        model.map(v -> "; anti-spoof model live score " + v + "/1000 (advisory)").orElse(""));
    return new FaceCapture("cap-" + UUID.randomUUID(), results, score, sha256(jpeg), jpeg.length,
        Optional.of(passive), jpeg);
  }

  private static String describe(List<ChallengeResult> results) {
    StringBuilder b = new StringBuilder();
    for (ChallengeResult r : results) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(r.kind()).append(r.passed() ? " passed" : " MISSED").append(" (score ")
          .append(r.scoreMilli().orElse(0)).append('/').append(r.thresholdMilli().orElse(0)).append(", ")
          .append(r.attempts().orElse(1)).append(r.attempts().orElse(1) == 1 ? " attempt)" : " attempts)");
    }
    return b.toString();
  }

  private void show(List<Guidance> shown) {
    for (Guidance g : shown) {
      LOG.debug("guidance: {}", g.key());
      try {
        guidance.accept(g);
      } catch (RuntimeException e) {
        LOG.warn("guidance {} not shown: {}", g.key(), e.toString());
      }
    }
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
