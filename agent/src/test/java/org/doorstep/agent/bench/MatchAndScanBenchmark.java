package org.doorstep.agent.bench;

import java.nio.file.Paths;
import java.util.Arrays;
import org.doorstep.agent.testing.DocumentScenes;
import org.doorstep.agent.testing.DocumentScenes.Scene;
import org.doorstep.agent.testing.VisionMedia;
import org.doorstep.agent.vision.document.DocumentKind;
import org.doorstep.agent.vision.document.DocumentScanner;
import org.doorstep.agent.vision.document.ScanLimits;
import org.doorstep.agent.vision.document.ScanResult;
import org.doorstep.agent.vision.match.FaceModels;
import org.doorstep.agent.vision.match.OpenCvFaceMatcher;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Time of one 1:1 face comparison (both images: decode, detect, 68 landmarks, align, embed; cosine) and of
 * one document scan at the document camera's resolution (5 MP, 2592×1944), with the scores the matcher gives
 * on the committed test photos. A harness, not a timed test: run it by hand.
 *
 * <pre>
 * ./mvnw -B -q -Pbench -pl agent -am test-compile exec:exec -Dbench.main=org.doorstep.agent.bench.MatchAndScanBenchmark \
 *     -Dbench.args="--iterations 30 --threads 1 --models /path/to/model"
 * </pre>
 */
public final class MatchAndScanBenchmark {
  private MatchAndScanBenchmark() {}

  public static void main(String[] args) throws Exception {
    int iterations = 30;
    int threads = 1;
    String models = System.getProperty(VisionMedia.MODELS_DIR_PROPERTY, "agent/target/models");
    Size camera = new Size(2592, 1944);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--models" -> models = args[++i];
        case "--camera" -> {
          String[] wh = args[++i].split("x");
          camera = new Size(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (--iterations N, --threads T, --models DIR, --camera WxH)");
      }
    }
    OpenCvFaceMatcher matcher = OpenCvFaceMatcher.load(FaceModels.in(Paths.get(models)));
    Core.setNumThreads(threads);
    System.out.printf("vision benchmark: %d iterations, OpenCV threads %d, %d cores available%n", iterations,
        Core.getNumThreads(), Runtime.getRuntime().availableProcessors());

    byte[] astronaut = VisionMedia.astronaut();
    byte[] grey = greyscale(astronaut);
    byte[] hopper = VisionMedia.hopper();
    byte[] camera5 = VisionMedia.camera();
    System.out.printf("scores: astronaut vs greyscale copy %.3f, vs grace_hopper %.3f, vs camera %.3f, grace_hopper vs camera %.3f%n",
        matcher.compare(astronaut, grey).orElseThrow(), matcher.compare(astronaut, hopper).orElseThrow(),
        matcher.compare(astronaut, camera5).orElseThrow(), matcher.compare(hopper, camera5).orElseThrow());

    for (int i = 0; i < 5; i++) {
      matcher.compare(astronaut, grey);
    }
    long[] compare = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      long t = System.nanoTime();
      matcher.compare(astronaut, grey).orElseThrow();
      compare[i] = System.nanoTime() - t;
    }
    report("face compare (512x512 PNG live + 512x512 PNG reference)", compare);

    Mat page = DocumentScenes.page(1414, 2000, 1.0, 1);
    double s = camera.height / 960.0;
    Scene scene = DocumentScenes.photo(page, camera,
        DocumentScenes.corners(camera.width / 2, camera.height / 2, 566 * s, 800 * s, 7, 0.05), 3);
    MatOfByte jpeg = new MatOfByte();
    Imgcodecs.imencode(".jpg", scene.picture(), jpeg);
    byte[] frame = jpeg.toArray();
    DocumentScanner scanner = new DocumentScanner(ScanLimits.DEFAULTS);
    ScanResult first = scanner.scan(frame, DocumentKind.APPLICATION_FORM);
    System.out.println("document scan result: " + first);
    for (int i = 0; i < 3; i++) {
      scanner.scan(scene.picture(), DocumentKind.APPLICATION_FORM);
    }
    long[] scan = new long[iterations];
    long[] scanJpeg = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      long t = System.nanoTime();
      scanner.scan(scene.picture(), DocumentKind.APPLICATION_FORM);
      scan[i] = System.nanoTime() - t;
      t = System.nanoTime();
      scanner.scan(frame, DocumentKind.APPLICATION_FORM);
      scanJpeg[i] = System.nanoTime() - t;
    }
    report(String.format("document scan, %.0fx%.0f frame in memory -> A4 1240x1754 JPEG", camera.width, camera.height),
        scan);
    report(String.format("document scan, %.0fx%.0f JPEG frame (decode included)", camera.width, camera.height), scanJpeg);
  }

  private static byte[] greyscale(byte[] img) {
    Mat g = new Mat();
    Imgproc.cvtColor(Imgcodecs.imdecode(new MatOfByte(img), Imgcodecs.IMREAD_COLOR), g, Imgproc.COLOR_BGR2GRAY);
    MatOfByte out = new MatOfByte();
    Imgcodecs.imencode(".png", g, out);
    return out.toArray();
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf("%-70s median %6.1f ms  p95 %6.1f ms  min %6.1f ms%n", what, sorted[sorted.length / 2] / 1e6,
        sorted[(int) Math.min(sorted.length - 1, Math.round(sorted.length * 0.95))] / 1e6, sorted[0] / 1e6);
  }
}
