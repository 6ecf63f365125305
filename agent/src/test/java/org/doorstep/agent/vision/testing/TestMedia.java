package org.doorstep.agent.vision.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.doorstep.agent.vision.VisionModels;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Real photos for the vision tests, committed with the tests ({@code agent/src/test/resources/photos}, their
 * sources and licences in the README.md there; docs/vision.md), and the models folder the build fills. Missing
 * media or models fail the test with what is wrong.
 */
public final class TestMedia {
  /** Eileen Collins, NASA portrait (public domain; scikit-image's astronaut.png): one clear frontal face. */
  public static final Path ASTRONAUT = photo("astronaut.png");
  /**
   * A man behind a camera on a tripod (CC0, Lav Varshney; scikit-image 0.18+ camera.png): a small face in near
   * profile, no frontal face.
   */
  public static final Path CAMERA = photo("camera.png");
  /** Grace Hopper, U.S. Navy portrait (public domain; Matplotlib's grace_hopper.jpg): one frontal face. */
  public static final Path HOPPER = photo("grace_hopper.jpg");

  private TestMedia() {}

  /** The committed test photo {@code name} (from the test classpath, as a file OpenCV can read). */
  public static Path photo(String name) {
    URL u = TestMedia.class.getResource("/photos/" + name);
    if (u == null) {
      throw new AssertionError("test photo photos/" + name + " is not on the test classpath (it is committed in "
          + "agent/src/test/resources/photos)");
    }
    try {
      return Path.of(u.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError("test photo " + u + " is not a file", e);
    }
  }

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

  /** The photo at {@code p} as BGR; fails when it is missing or cannot be decoded. */
  public static Mat read(Path p) {
    openCv();
    if (!Files.isRegularFile(p)) {
      throw new AssertionError("test photo " + p + " is missing");
    }
    Mat m = Imgcodecs.imread(p.toString(), Imgcodecs.IMREAD_COLOR);
    if (m.empty()) {
      throw new AssertionError("test photo " + p + " cannot be decoded");
    }
    return m;
  }

  /** The bytes of the photo at {@code p} (as a card or an upload carries them). */
  public static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException("test photo " + p, e);
    }
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

  /**
   * A small frontal face in a cluttered scene, as a camera meant for faces within ~2 m sees someone far off: the
   * camera photo fitted to 640×480, with Grace Hopper's portrait at a quarter size (her face about 56 px wide)
   * pasted at (440, 40), over the sky and the buildings behind the cameraman.
   */
  public static Mat smallFaceInAScene() {
    Mat scene = frame640(read(CAMERA));
    Mat small = new Mat();
    Imgproc.resize(read(HOPPER), small, new Size(), 0.25, 0.25, Imgproc.INTER_AREA);
    small.copyTo(scene.submat(new org.opencv.core.Rect(440, 40, small.cols(), small.rows())));
    small.release();
    return scene;
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
