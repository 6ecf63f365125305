package org.doorstep.agent.bench;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.doorstep.agent.device.camera.OpenCvCamera;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdPhoto;
import org.doorstep.agent.vision.FrameAnalyzer;
import org.doorstep.agent.vision.VisionFaceCheck;
import org.doorstep.agent.vision.VisionModels;
import org.doorstep.agent.vision.VisionOptions;
import org.doorstep.agent.vision.detect.BlazeFaceDetector;
import org.doorstep.agent.vision.detect.FaceMesh;
import org.doorstep.agent.vision.liveness.LivenessPolicy;
import org.doorstep.agent.vision.quality.QualityGate;
import org.doorstep.agent.vision.quality.QualityPolicy;
import org.doorstep.agent.vision.testing.SyntheticVideos;
import org.doorstep.agent.vision.testing.TestMedia;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * The vision pipeline's cost (a harness, not a timed test: run it by hand):
 * <ol>
 *   <li>per frame at 640×480 on ONE core (OpenCV's thread pool set to 1): BlazeFace detection + face mesh +
 *       quality measures (sharpness, brightness) + the gate, over frames of a real photo with jitter;</li>
 *   <li>a full simulated certification capture from an MJPG .avi (BLINK challenge, passive check, anti-spoof
 *       model, JPEG of the best frame) plus the match call (a test double: the embedding model is the other
 *       half of issue #5), wall time;</li>
 *   <li>memory: resident set size of the process before OpenCV, after loading the models, after the run; and the
 *       Java heap used.</li>
 * </ol>
 *
 * <pre>
 * ./mvnw -B -q -Pbench -pl agent -am test-compile exec:exec \
 *     -Dbench.main=org.doorstep.agent.bench.VisionBenchmark -Dbench.args="--frames 600"
 * </pre>
 */
public final class VisionBenchmark {
  private VisionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int frames = 600;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--frames")) {
        frames = Integer.parseInt(args[++i]);
      }
    }
    long rss0 = rssKb();
    VisionModels models = TestMedia.models();
    TestMedia.openCv();
    Core.setNumThreads(1);
    Mat resident = TestMedia.resident();
    List<Mat> inputs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      inputs.add(SyntheticVideos.transform(resident, 3 * Math.sin(i), 2 * Math.cos(i), 1 + 0.02 * Math.sin(i / 3.0),
          0, 1));
    }
    long[] ns = new long[frames];
    long rssModels;
    try (FrameAnalyzer a = new FrameAnalyzer(new BlazeFaceDetector(models.require(VisionModels.FACE_DETECTION)),
        new FaceMesh(models.require(VisionModels.FACE_LANDMARK)), new QualityGate(QualityPolicy.DEFAULT))) {
      rssModels = rssKb();
      for (int i = 0; i < 60; i++) {
        a.analyze(inputs.get(i % inputs.size()), Instant.EPOCH);
      }
      for (int i = 0; i < frames; i++) {
        long t = System.nanoTime();
        a.analyze(inputs.get(i % inputs.size()), Instant.EPOCH);
        ns[i] = System.nanoTime() - t;
      }
    }
    Arrays.sort(ns);
    double mean = Arrays.stream(ns).average().orElse(0) / 1e6;
    System.out.printf("per frame (640x480, 1 OpenCV thread, detect + mesh + quality), %d frames: mean %.2f ms, "
        + "median %.2f ms, p95 %.2f ms, max %.2f ms -> %.1f frames/s%n", frames, mean, ns[frames / 2] / 1e6,
        ns[(int) (frames * 0.95)] / 1e6, ns[frames - 1] / 1e6, 1000 / mean);

    Core.setNumThreads(-1);
    Path dir = Files.createTempDirectory("vision-bench");
    Path video = new SyntheticVideos(resident, models).live(dir.resolve("resident.avi"), 15, 90, 18, 2.0, 7);
    Vertx vertx = Vertx.vertx();
    try {
      VisionFaceCheck check = new VisionFaceCheck(vertx, OpenCvCamera.file(video, true),
          VisionOptions.of(models, LivenessPolicy.of(Duration.ofSeconds(10), 1)),
          (live, ref) -> Optional.of(0.9), g -> { });
      IdPhoto photo = IdPhoto.of(new byte[] {1, 2, 3});
      List<Long> ms = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long t = System.nanoTime();
        FaceCapture c = check.capture(List.of("BLINK")).await();
        check.match(c, photo).await();
        ms.add((System.nanoTime() - t) / 1_000_000);
        if (!c.allChallengesPassed() || !c.passiveCheckPassed()) {
          System.out.println("capture did not pass: " + c);
        }
      }
      System.out.printf("full simulated certification capture from MJPG video (BLINK + passive + anti-spoof + "
          + "JPEG + match call), 5 runs: %s ms (first includes model loading)%n", ms);
      check.close();
    } finally {
      vertx.close().await();
    }
    Runtime rt = Runtime.getRuntime();
    System.gc();
    System.out.printf("memory: RSS %d MiB before OpenCV, %d MiB with natives and models loaded (+%d MiB), %d MiB "
        + "after the captures; Java heap used %d MiB%n", rss0 / 1024, rssModels / 1024, (rssModels - rss0) / 1024,
        rssKb() / 1024, (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
  }

  private static long rssKb() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
