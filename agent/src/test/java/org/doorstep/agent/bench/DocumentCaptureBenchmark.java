package org.doorstep.agent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.doorstep.agent.device.camera.OpenCvCamera;
import org.doorstep.agent.testing.DocumentVideos;
import org.doorstep.agent.testing.DocumentVideos.Video;
import org.doorstep.agent.vision.document.DocumentScanner;
import org.doorstep.agent.vision.document.ScanLimits;
import org.doorstep.agent.vision.document.autocapture.AutoCapture;
import org.doorstep.agent.vision.document.autocapture.AutoCapturePolicy;
import org.doorstep.agent.vision.document.camera.CaptureResult;
import org.doorstep.agent.vision.document.camera.DocumentCamera;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The document camera's auto-capture: how long after a page comes to rest it is captured (frames and ms of the
 * video's own time, so independent of this machine), what the per-frame analysis costs at the document camera's
 * resolution (outline + motion on the {@value DocumentCamera#ANALYSIS_PX} px copy, including the downscale; the
 * camera's frame decode excluded and measured apart), and the encode of the captured full frame (BMP, as the capture hands it on, and PNG for comparison). The source is
 * an MJPG .avi made here (an A4 form slides in and lies still). A harness, not a timed test: run it by hand.
 *
 * <pre>
 * ./mvnw -B -q -o -pl agent -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * cd agent &amp;&amp; java -Xmx2g -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     org.doorstep.agent.bench.DocumentCaptureBenchmark --camera 1600x1200 --fps 15 --rounds 10
 * </pre>
 */
public final class DocumentCaptureBenchmark {
  private DocumentCaptureBenchmark() {}

  public static void main(String[] args) throws Exception {
    int width = 1600;
    int height = 1200;
    int fps = 15;
    int rounds = 5;
    int threads = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--camera" -> {
          String[] wh = args[++i].split("x");
          width = Integer.parseInt(wh[0]);
          height = Integer.parseInt(wh[1]);
        }
        case "--fps" -> fps = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (--camera WxH, --fps N, --rounds N, --threads T)");
      }
    }
    OpenCv.load();
    Core.setNumThreads(threads);
    Path dir = Files.createTempDirectory("doccam-bench");
    Video v = DocumentVideos.pageSettles(dir.resolve("form.avi"), width, height, fps, 6, 12, 40);
    System.out.printf("document capture benchmark: %dx%d at %d fps, %d frames (page still from frame %d), policy %s, "
        + "OpenCV threads %d, %d cores%n", width, height, fps, v.frames(), v.stillFrom(), AutoCapturePolicy.DEFAULTS,
        Core.getNumThreads(), Runtime.getRuntime().availableProcessors());
    DocumentScanner finder = new DocumentScanner(ScanLimits.DEFAULTS);

    // Auto-capture from a still page, in the video's own time.
    CaptureResult r = DocumentCamera.capture(OpenCvCamera.file(v.file(), false), finder, AutoCapturePolicy.DEFAULTS);
    if (!(r instanceof CaptureResult.Captured c)) {
      throw new IllegalStateException("no capture: " + r);
    }
    int capturedFrame = c.framesRead() - 1;
    long restMs = Math.round(v.stillFrom() * 1000.0 / fps);
    System.out.printf("auto-capture: frame %d, %d frames and %d ms after the page came to rest (frame %d, %d ms); "
        + "still for %d frames / %d ms by the analysis%n", capturedFrame, capturedFrame - v.stillFrom(),
        c.elapsedMs() - restMs, v.stillFrom(), restMs, c.stillFrames(), c.stillMs());

    // Decoded frames, in memory, for the per-frame costs.
    List<Mat> frames = new ArrayList<>();
    long[] decode = new long[v.frames()];
    OpenCvCamera cam = OpenCvCamera.file(v.file(), false);
    cam.open();
    for (int i = 0; ; i++) {
      Mat m = new Mat();
      long t = System.nanoTime();
      if (cam.read(m) < 0) {
        break;
      }
      decode[i] = System.nanoTime() - t;
      frames.add(m);
    }
    cam.close();
    report(String.format("camera read (MJPG decode) %dx%d", width, height), decode);

    long[] analysis = new long[rounds * frames.size()];
    long[] analysisStill = new long[rounds * (frames.size() - v.stillFrom())];
    int ks = 0;
    long[] loopWall = new long[rounds];
    int k = 0;
    for (int round = -1; round < rounds; round++) {
      DocumentCamera.Analysis a = new DocumentCamera.Analysis(finder);
      // A long timeout and a still count no video reaches: every frame is analysed.
      AutoCapture auto = new AutoCapture(new AutoCapturePolicy(3.0, 0.01, 10_000, java.time.Duration.ofMillis(500),
          java.time.Duration.ofHours(1)), width, height);
      long start = System.nanoTime();
      for (int i = 0; i < frames.size(); i++) {
        long t = System.nanoTime();
        a.offer(auto, frames.get(i), Math.round(i * 1000.0 / fps));
        if (round >= 0) {
          long dt = System.nanoTime() - t;
          analysis[k++] = dt;
          if (i >= v.stillFrom()) {
            analysisStill[ks++] = dt;
          }
        }
      }
      if (round >= 0) {
        loopWall[round] = System.nanoTime() - start;
      }
      a.release();
    }
    report(String.format("frame analysis (downscale to %d px + outline + motion) at %dx%d", DocumentCamera.ANALYSIS_PX,
        width, height), analysis);
    report(String.format("  of which the still page's frames (the outline found by Otsu at once)"), analysisStill);

    Mat full = frames.get(capturedFrame);
    long[] png = new long[Math.max(5, rounds)];
    for (int i = -1; i < png.length; i++) {
      MatOfByte out = new MatOfByte();
      long t = System.nanoTime();
      Imgcodecs.imencode(".png", full, out, new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 1));
      if (i >= 0) {
        png[i] = System.nanoTime() - t;
      }
      out.release();
    }
    report(String.format("for comparison: PNG encode of the captured %dx%d frame (level 1)", width, height), png);
    long[] bmp = new long[Math.max(5, rounds)];
    for (int i = -1; i < bmp.length; i++) {
      MatOfByte out = new MatOfByte();
      long t = System.nanoTime();
      Imgcodecs.imencode(".bmp", full, out);
      if (i >= 0) {
        bmp[i] = System.nanoTime() - t;
      }
      out.release();
    }
    report(String.format("BMP encode of the captured %dx%d frame (what the capture hands to the scan)", width, height),
        bmp);
    long[] findFull = new long[Math.max(5, rounds)];
    for (int i = -1; i < findFull.length; i++) {
      long t = System.nanoTime();
      finder.findPage(full);
      if (i >= 0) {
        findFull[i] = System.nanoTime() - t;
      }
    }
    report(String.format("for comparison: findPage on the full %dx%d frame (800 px search copy)", width, height),
        findFull);
    frames.forEach(Mat::release);
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf("%-80s median %6.2f ms  p95 %6.2f ms  min %6.2f ms%n", what, sorted[sorted.length / 2] / 1e6,
        sorted[(int) Math.min(sorted.length - 1, Math.round(sorted.length * 0.95))] / 1e6, sorted[0] / 1e6);
  }
}
