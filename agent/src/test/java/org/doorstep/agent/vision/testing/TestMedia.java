package org.doorstep.agent.vision.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.doorstep.agent.vision.VisionModels;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Real photos for the vision tests, from Debian packages (installed by {@code .ci/run}; docs/vision.md),
 * and the models folder the build fills. Missing media or models fail the test with what to install.
 */
public final class TestMedia {
  /** Eileen Collins, NASA portrait (public domain): one clear frontal face. python3-skimage. */
  public static final Path ASTRONAUT = Path.of("/usr/lib/python3/dist-packages/skimage/data/astronaut.png");
  /** The cameraman (skimage): a small face in near profile, no frontal face. python3-skimage. */
  public static final Path CAMERA = Path.of("/usr/lib/python3/dist-packages/skimage/data/camera.png");
  /** Messi (OpenCV sample data): a small frontal face in a cluttered scene. opencv-doc. */
  public static final Path MESSI = Path.of("/usr/share/doc/opencv-doc/examples/data/messi5.jpg");

  private TestMedia() {}

  /** The models the build fetched; fails naming what to install when they are not all there. */
  public static VisionModels models() {
    VisionModels m = VisionModels.fromSystemProperty()
        .orElseGet(() -> new VisionModels(Path.of("target/models")));
    if (!m.missing(VisionModels.ALL).isEmpty()) {
      throw new AssertionError("vision models missing in " + m.dir().toAbsolutePath() + ": "
          + m.missing(VisionModels.ALL) + "; " + VisionModels.HOW_TO_GET);
    }
    return m;
  }

  /** Loads OpenCV's natives (fails the test if they cannot be loaded). */
  public static void openCv() {
    OpenCv.load();
  }

  /** The photo at {@code p} as BGR; fails naming the Debian package when it is missing. */
  public static Mat read(Path p) {
    openCv();
    if (!Files.isRegularFile(p)) {
      String pkg = p.startsWith("/usr/lib/python3") ? "python3-skimage" : "opencv-doc";
      throw new AssertionError("test photo " + p + " is missing: install Debian's " + pkg
          + " (apt-get install -y --no-install-recommends " + pkg + "; .ci/run does)");
    }
    Mat m = Imgcodecs.imread(p.toString(), Imgcodecs.IMREAD_COLOR);
    assumeTrue(!m.empty(), "unreadable image " + p);
    return m;
  }

  /**
   * The astronaut as a kiosk camera sees a resident: a 4:3 crop around her face scaled to 640×480 (the face
   * about 170 px wide, near the centre).
   */
  public static Mat resident() {
    Mat img = read(ASTRONAUT);
    Mat crop = img.submat(new org.opencv.core.Rect(48, 15, 360, 270));
    Mat out = new Mat();
    Imgproc.resize(crop, out, new Size(640, 480), 0, 0, Imgproc.INTER_CUBIC);
    return out;
  }

  /** {@code img} scaled to fit a 640×480 frame, centred on black (a kiosk camera frame). */
  public static Mat frame640(Mat img) {
    return fit(img, 640, 480, 1.0);
  }

  /** {@code img} scaled by {@code zoom} times the fit into a {@code w}×{@code h} frame, centred. */
  public static Mat fit(Mat img, int w, int h, double zoom) {
    Mat out = new Mat(h, w, CvType.CV_8UC3, new Scalar(0, 0, 0));
    double sc = Math.min((double) w / img.cols(), (double) h / img.rows()) * zoom;
    Mat r = new Mat();
    Imgproc.resize(img, r, new Size(Math.round(img.cols() * sc), Math.round(img.rows() * sc)), 0, 0,
        Imgproc.INTER_AREA);
    int x = (w - r.cols()) / 2;
    int y = (h - r.rows()) / 2;
    int sx = Math.max(0, -x);
    int sy = Math.max(0, -y);
    int cw = Math.min(r.cols() - sx, w - Math.max(0, x));
    int ch = Math.min(r.rows() - sy, h - Math.max(0, y));
    r.submat(sy, sy + ch, sx, sx + cw).copyTo(out.submat(Math.max(0, y), Math.max(0, y) + ch, Math.max(0, x),
        Math.max(0, x) + cw));
    r.release();
    return out;
  }
}
