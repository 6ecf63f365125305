package org.doorstep.agent.vision.liveness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.doorstep.agent.vision.detect.FaceLandmarks;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.Core;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.core.TermCriteria;
import org.opencv.imgproc.Imgproc;
import org.opencv.video.Video;

/**
 * The passive check against a photo held up to the camera: does anything move <em>inside</em> the face?
 *
 * <p>A flat picture — a print, or a still on a screen — however it is moved or tilted, maps from one frame
 * to the next by a plane projective transform (a homography): once each frame is registered onto the first
 * by the best homography, nothing is left but resampling and sensor noise. A living face always leaves
 * something: lids and lips move on their own (blinks, speech, micro-expressions) and a turning head shows
 * parallax. For every kept frame the face is cropped (from the mesh), registered onto the first frame's
 * crop (homography from the mesh points, refined by OpenCV's ECC), both normalised to zero mean and unit
 * contrast, and the mean of the largest 2 % of the per-pixel differences is that frame's residual motion.
 * The check's value is the second largest over the capture (one glitchy frame does not decide).
 *
 * <p>What it cannot stop: a video of the resident replayed on a screen (it moves like a face), a 3-D mask.
 * See docs/vision.md.
 *
 * <p>Accumulates frames; not thread-safe.
 */
public final class MotionCheck {
  /** Method name recorded in the record. */
  public static final String METHOD = "registered-residual-motion";
  /** At most this many frames are kept (evenly thinned beyond it). */
  static final int MAX_FRAMES = 160;
  /** Side of the stored face crops, pixels. */
  static final int CROP = 96;
  /** Mesh points used for the initial registration: the rigid outline (forehead, cheeks, chin, nose). */
  private static final int[] RIGID = {10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379,
      378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109, 1, 4, 5,
      6, 168, 197, 195};

  /** Outer lip contour: with the eyes, where a live face moves on its own. */
  static final int[] LIPS = {61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91,
      146};

  private final double threshold;
  private final List<Mat> crops = new ArrayList<>();
  private final List<float[]> points = new ArrayList<>();
  private Mat lifeMask;
  private int seen;

  /**
   * @param threshold residual motion (normalised grey units) a live face must show; the score is reported
   *                  relative to it
   */
  public MotionCheck(double threshold) {
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("threshold: must be > 0, was " + threshold);
    }
    this.threshold = threshold;
  }

  /** Adds the face of one BGR frame, located by its mesh (a grey crop and the rigid points are kept). */
  public void add(Mat bgr, FaceLandmarks l) {
    seen++;
    if (crops.size() >= MAX_FRAMES) {
      if (seen % 2 == 0) {
        return;
      }
      for (int i = crops.size() - 1; i >= 1; i -= 2) {
        crops.remove(i).release();
        points.remove(i);
      }
    }
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int i = 0; i < FaceLandmarks.POINTS; i++) {
      minX = Math.min(minX, l.x(i));
      maxX = Math.max(maxX, l.x(i));
      minY = Math.min(minY, l.y(i));
      maxY = Math.max(maxY, l.y(i));
    }
    double side = Math.max(maxX - minX, maxY - minY) * 1.1;
    double x0 = (minX + maxX) / 2 - side / 2;
    double y0 = (minY + maxY) / 2 - side / 2;
    int ix = (int) Math.max(0, Math.floor(x0));
    int iy = (int) Math.max(0, Math.floor(y0));
    int iw = (int) Math.min(bgr.cols() - ix, Math.ceil(side));
    int ih = (int) Math.min(bgr.rows() - iy, Math.ceil(side));
    if (iw < 8 || ih < 8) {
      return;
    }
    Mat grey = new Mat();
    Mat sub = bgr.submat(new Rect(ix, iy, iw, ih));
    Imgproc.cvtColor(sub, grey, Imgproc.COLOR_BGR2GRAY);
    sub.release();
    double scale = CROP / side;
    Mat crop = new Mat(CROP, CROP, CvType.CV_8U, new Scalar(0));
    Mat resized = new Mat();
    Imgproc.resize(grey, resized, new Size(Math.max(1, Math.round(iw * scale)), Math.max(1, Math.round(ih * scale))));
    int ox = (int) Math.max(0, Math.min(CROP - 1, Math.round((ix - x0) * scale)));
    int oy = (int) Math.max(0, Math.min(CROP - 1, Math.round((iy - y0) * scale)));
    int cw = Math.min(resized.cols(), CROP - ox);
    int ch = Math.min(resized.rows(), CROP - oy);
    resized.submat(0, ch, 0, cw).copyTo(crop.submat(oy, oy + ch, ox, ox + cw));
    grey.release();
    resized.release();
    Mat f = new Mat();
    crop.convertTo(f, CvType.CV_32F);
    crop.release();
    float[] p = new float[RIGID.length * 2];
    for (int k = 0; k < RIGID.length; k++) {
      p[2 * k] = (float) ((l.x(RIGID[k]) - x0) * scale);
      p[2 * k + 1] = (float) ((l.y(RIGID[k]) - y0) * scale);
    }
    if (lifeMask == null) {
      lifeMask = Mat.zeros(CROP, CROP, CvType.CV_8U);
      for (int[] region : new int[][] {FaceLandmarks.RIGHT_EYE_CONTOUR, FaceLandmarks.LEFT_EYE_CONTOUR, LIPS}) {
        double rx0 = Double.MAX_VALUE;
        double ry0 = Double.MAX_VALUE;
        double rx1 = -Double.MAX_VALUE;
        double ry1 = -Double.MAX_VALUE;
        for (int i : region) {
          rx0 = Math.min(rx0, (l.x(i) - x0) * scale);
          rx1 = Math.max(rx1, (l.x(i) - x0) * scale);
          ry0 = Math.min(ry0, (l.y(i) - y0) * scale);
          ry1 = Math.max(ry1, (l.y(i) - y0) * scale);
        }
        double pad = (rx1 - rx0) * 0.15;
        Imgproc.rectangle(lifeMask, new Point(rx0 - pad, ry0 - pad), new Point(rx1 + pad, ry1 + pad),
            new Scalar(255), -1);
      }
    }
    crops.add(f);
    points.add(p);
  }

  /** Frames kept so far. */
  public int frames() {
    return crops.size();
  }

  /**
   * The result over the frames so far.
   *
   * @param motion    the residual motion found (normalised grey units)
   * @param threshold the motion needed
   * @param frames    frames compared
   */
  public record Result(double motion, double threshold, int frames) {
    /** Whether something moved inside the face, as in a live one. */
    public boolean passed() {
      return motion >= threshold;
    }

    /** The score, integer thousandths: 500 at the threshold, 1000 at twice it or more. */
    public int scoreMilli() {
      return (int) Math.round(Math.min(1, motion / (2 * threshold)) * 1000);
    }

    /** The threshold as the record carries it (500: the score is relative to the threshold). */
    public int thresholdMilli() {
      return 500;
    }
  }

  /** The residual motion over the frames kept; 0 with fewer than 3 frames. */
  public Result result() {
    if (crops.size() < 3) {
      return new Result(0, threshold, crops.size());
    }
    OpenCv.load();
    MatOfPoint2f refPts = pts(points.get(0));
    Mat inner = Mat.zeros(CROP, CROP, CvType.CV_8U);
    int m = CROP / 8;
    inner.submat(m, CROP - m, m, CROP - m).setTo(new Scalar(255));
    Mat ref = normalised(crops.get(0), inner);
    Mat life = new Mat();
    Core.bitwise_and(inner, lifeMask, life);
    Mat nonLife = new Mat();
    Core.bitwise_not(lifeMask, nonLife);
    double[] perFrame = new double[crops.size() - 1];
    Mat aligned = new Mat();
    Mat diff = new Mat();
    TermCriteria stop = new TermCriteria(TermCriteria.COUNT + TermCriteria.EPS, 40, 1e-4);
    for (int f = 1; f < crops.size(); f++) {
      MatOfPoint2f cur = pts(points.get(f));
      Mat h = Calib3d.findHomography(refPts, cur, 0);
      cur.release();
      Mat warp = new Mat();
      if (h.empty()) {
        warp = Mat.eye(3, 3, CvType.CV_32F);
      } else {
        h.convertTo(warp, CvType.CV_32F);
      }
      h.release();
      try {
        Video.findTransformECC(crops.get(0), crops.get(f), warp, Video.MOTION_HOMOGRAPHY, stop, inner, 3);
      } catch (CvException e) {
        // ECC did not converge: keep the mesh registration.
      }
      Imgproc.warpPerspective(crops.get(f), aligned, warp, new Size(CROP, CROP),
          Imgproc.INTER_LINEAR + Imgproc.WARP_INVERSE_MAP);
      warp.release();
      Mat a = normalised(aligned, inner);
      Core.absdiff(a, ref, diff);
      a.release();
      Mat rest = new Mat();
      Core.bitwise_and(inner, nonLife, rest);
      double moving = Core.mean(diff, life).val[0];
      double still = Math.max(1e-3, Core.mean(diff, rest).val[0]);
      rest.release();
      perFrame[f - 1] = moving / still;
    }
    ref.release();
    refPts.release();
    inner.release();
    life.release();
    nonLife.release();
    aligned.release();
    diff.release();
    Arrays.sort(perFrame);
    double motion = perFrame.length >= 2 ? perFrame[perFrame.length - 2] : perFrame[perFrame.length - 1];
    return new Result(motion, threshold, crops.size());
  }

  /** Releases the kept crops. */
  public void clear() {
    crops.forEach(Mat::release);
    crops.clear();
    points.clear();
    if (lifeMask != null) {
      lifeMask.release();
      lifeMask = null;
    }
  }

  private static Mat normalised(Mat f, Mat mask) {
    MatOfDouble mean = new MatOfDouble();
    MatOfDouble std = new MatOfDouble();
    Core.meanStdDev(f, mean, std, mask);
    Mat out = new Mat();
    double s = Math.max(1e-3, std.get(0, 0)[0]);
    f.convertTo(out, CvType.CV_32F, 1 / s, -mean.get(0, 0)[0] / s);
    return out;
  }

  private static double topMean(Mat diff, double fraction) {
    Mat c = diff.clone();
    float[] v = new float[(int) c.total()];
    c.reshape(1, 1).get(0, 0, v);
    c.release();
    Arrays.sort(v);
    int n = Math.max(1, (int) (v.length * fraction));
    double sum = 0;
    for (int i = v.length - n; i < v.length; i++) {
      sum += v[i];
    }
    return sum / n;
  }

  private static MatOfPoint2f pts(float[] p) {
    Point[] a = new Point[p.length / 2];
    for (int i = 0; i < a.length; i++) {
      a[i] = new Point(p[2 * i], p[2 * i + 1]);
    }
    return new MatOfPoint2f(a);
  }
}
