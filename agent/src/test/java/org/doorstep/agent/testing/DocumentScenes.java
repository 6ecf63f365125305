package org.doorstep.agent.testing;

import java.util.Random;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Synthesised document-camera pictures: a rendered page (text lines, a table, a photo box) warped with
 * perspective and rotation onto a textured dark mat, with optional blur, a glare spot and underexposure.
 * The true corners are known, so tests can check what the scanner found.
 */
public final class DocumentScenes {
  static {
    OpenCv.load();
  }

  /** A picture and where the page's corners (top-left, top-right, bottom-right, bottom-left) are in it. */
  public record Scene(Mat picture, Point[] corners) {
    /** The picture as PNG. */
    public byte[] png() {
      MatOfByte b = new MatOfByte();
      Imgcodecs.imencode(".png", picture, b);
      return b.toArray();
    }
  }

  private DocumentScenes() {}

  /**
   * A page {@code w}×{@code h}: paper white (235), a title, text lines of random words, a 4×3 table and, on
   * a landscape page, a photo box like an ID card's. {@code textSkewDeg} tilts the printing (not the paper).
   */
  public static Mat page(int w, int h, double textSkewDeg, long seed) {
    Random rnd = new Random(seed);
    Mat ink = new Mat(h, w, CvType.CV_8UC3, Scalar.all(235));
    double fs = Math.max(0.5, h / 900.0);
    int line = (int) (32 * fs);
    int margin = w / 12;
    Imgproc.putText(ink, "APPLICATION FOR SOCIAL INSURANCE", new Point(margin, margin + line), Imgproc.FONT_HERSHEY_DUPLEX,
        fs * 0.9, Scalar.all(20), Math.max(1, (int) (2 * fs)));
    int y = margin + 3 * line;
    boolean landscape = w > h;
    int textRight = landscape ? (int) (w * 0.62) : w - margin;
    if (landscape) {
      Imgproc.rectangle(ink, new Point(w * 0.68, h * 0.18), new Point(w * 0.92, h * 0.78), new Scalar(150, 140, 130), -1);
      Imgproc.circle(ink, new Point(w * 0.80, h * 0.40), (int) (h * 0.12), new Scalar(90, 100, 120), -1);
    }
    String[] words = {"name", "address", "pension", "certify", "resident", "signature", "date", "county", "number",
        "household", "register", "village", "street", "phone", "relation", "benefit"};
    int lines = landscape ? 6 : 14;
    for (int i = 0; i < lines && y < h - margin; i++) {
      StringBuilder sb = new StringBuilder();
      while (sb.length() < (textRight - margin) / (14 * fs)) {
        sb.append(words[rnd.nextInt(words.length)]).append(' ');
      }
      Imgproc.putText(ink, sb.toString().trim(), new Point(margin, y), Imgproc.FONT_HERSHEY_SIMPLEX, fs * 0.7,
          Scalar.all(30), Math.max(1, (int) (1.5 * fs)));
      y += line;
    }
    if (!landscape) {
      int top = y + line;
      int rows = 4;
      int cols = 3;
      int cellH = Math.min(line * 2, (h - margin - top) / rows);
      int cellW = (w - 2 * margin) / cols;
      for (int r = 0; r <= rows; r++) {
        Imgproc.line(ink, new Point(margin, top + r * cellH), new Point(margin + cols * cellW, top + r * cellH),
            Scalar.all(40), Math.max(1, (int) (2 * fs)));
      }
      for (int c = 0; c <= cols; c++) {
        Imgproc.line(ink, new Point(margin + c * cellW, top), new Point(margin + c * cellW, top + rows * cellH),
            Scalar.all(40), Math.max(1, (int) (2 * fs)));
      }
    }
    if (textSkewDeg != 0) {
      Mat r = Imgproc.getRotationMatrix2D(new Point(w / 2.0, h / 2.0), textSkewDeg, 1.0);
      Mat tilted = new Mat();
      Imgproc.warpAffine(ink, tilted, r, ink.size(), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT, Scalar.all(235));
      ink = tilted;
    }
    return ink;
  }

  /**
   * Corners of a page {@code width}×{@code height} centred at ({@code cx}, {@code cy}), rotated by {@code
   * degrees} (clockwise on screen) and seen in perspective: the far (top) edge {@code keystone} shorter.
   */
  public static Point[] corners(double cx, double cy, double width, double height, double degrees, double keystone) {
    double[][] local = {
        {-width / 2 * (1 - keystone), -height / 2}, {width / 2 * (1 - keystone), -height / 2},
        {width / 2, height / 2}, {-width / 2, height / 2}};
    double a = Math.toRadians(degrees);
    Point[] out = new Point[4];
    for (int i = 0; i < 4; i++) {
      double x = local[i][0];
      double y = local[i][1];
      out[i] = new Point(cx + x * Math.cos(a) - y * Math.sin(a), cy + x * Math.sin(a) + y * Math.cos(a));
    }
    return out;
  }

  /** {@code page} warped to {@code corners} on a textured dark mat of {@code size}, lightly noisy. */
  public static Scene photo(Mat page, Size size, Point[] corners, long seed) {
    Mat bg = new Mat(size, CvType.CV_8UC3, new Scalar(55, 65, 75));
    Mat noise = new Mat(size, CvType.CV_8UC3);
    Core.setRNGSeed((int) seed);
    Core.randn(noise, 0, 18);
    Imgproc.GaussianBlur(noise, noise, new Size(9, 9), 3);
    Core.add(bg, noise, bg);
    Mat h = Imgproc.getPerspectiveTransform(new MatOfPoint2f(new Point(0, 0), new Point(page.cols() - 1, 0),
        new Point(page.cols() - 1, page.rows() - 1), new Point(0, page.rows() - 1)), new MatOfPoint2f(corners));
    Imgproc.warpPerspective(page, bg, h, size, Imgproc.INTER_LINEAR, Core.BORDER_TRANSPARENT);
    Imgproc.GaussianBlur(bg, bg, new Size(3, 3), 0.6);
    Mat grain = new Mat(size, CvType.CV_8UC3);
    Core.randn(grain, 0, 3);
    Core.add(bg, grain, bg);
    return new Scene(bg, corners);
  }

  /** The scene out of focus (Gaussian blur of {@code sigma} pixels). */
  public static Scene blurred(Scene s, double sigma) {
    Mat out = new Mat();
    Imgproc.GaussianBlur(s.picture(), out, new Size(0, 0), sigma);
    return new Scene(out, s.corners());
  }

  /** A reflection: a saturated white disc of {@code radius} with a soft rim, centred at {@code at}. */
  public static Scene glare(Scene s, Point at, int radius) {
    Mat spot = Mat.zeros(s.picture().size(), CvType.CV_8UC3);
    Imgproc.circle(spot, at, radius, Scalar.all(255), -1);
    Imgproc.GaussianBlur(spot, spot, new Size(0, 0), radius / 4.0);
    Mat out = new Mat();
    Core.add(s.picture(), spot, out);
    Core.add(out, spot, out);
    return new Scene(out, s.corners());
  }

  /** The scene with its brightness scaled by {@code factor}. */
  public static Scene exposure(Scene s, double factor) {
    Mat out = new Mat();
    s.picture().convertTo(out, -1, factor, 0);
    return new Scene(out, s.corners());
  }
}
