package org.doorstep.agent.vision.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.doorstep.agent.vision.VisionModels;
import org.doorstep.agent.vision.detect.BlazeFaceDetector;
import org.doorstep.agent.vision.detect.Detection;
import org.doorstep.agent.vision.detect.FaceLandmarks;
import org.doorstep.agent.vision.detect.FaceMesh;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.videoio.VideoWriter;
import org.opencv.videoio.Videoio;

/**
 * MJPG .avi videos synthesised from a still photo (the only video format this OpenCV build writes and
 * reads): a live-looking resident (hand jitter, slight breathing zoom, a blink rendered every
 * {@code blinkEvery} frames by painting lid-coloured skin over the eye openings, found with the face mesh)
 * and a printed-photo attack (the same still, perfectly rigid: held up, moved and tilted as a whole, never
 * changing inside).
 */
public final class SyntheticVideos {
  /** Frames of one blink: eye closure per frame (0 open, 1 closed). */
  static final double[] BLINK = {0.5, 1.0, 1.0, 1.0, 0.5};

  private final Mat open;
  private final Mat half;
  private final Mat closed;

  /**
   * Prepares the three eye states of {@code frame} (BGR, the size of the video).
   *
   * @param models the detector and mesh locate the eyes once, on the still
   */
  public SyntheticVideos(Mat frame, VisionModels models) {
    try (BlazeFaceDetector det = new BlazeFaceDetector(models.require(VisionModels.FACE_DETECTION));
         FaceMesh mesh = new FaceMesh(models.require(VisionModels.FACE_LANDMARK))) {
      List<Detection> faces = det.detect(frame);
      if (faces.isEmpty()) {
        throw new IllegalArgumentException("no face in the still");
      }
      FaceLandmarks l = mesh.landmarks(frame, faces.get(0));
      this.open = frame.clone();
      this.half = closeEyes(frame, l, 0.5);
      this.closed = closeEyes(frame, l, 1.0);
    }
  }

  /** The still with both eyes closed to {@code closure} (0..1). */
  public Mat eyesClosed(double closure) {
    return closure >= 1 ? closed.clone() : closure > 0 ? half.clone() : open.clone();
  }

  /**
   * A live-looking resident: {@code frames} frames at {@code fps}, jitter of ±{@code jitter} px, a blink
   * starting every {@code blinkEvery} frames (none when 0).
   */
  public Path live(Path file, int fps, int frames, int blinkEvery, double jitter, long seed) {
    Random r = new Random(seed);
    List<Mat> out = new ArrayList<>(frames);
    for (int i = 0; i < frames; i++) {
      double closure = 0;
      if (blinkEvery > 0 && i >= blinkEvery / 2) {
        int k = (i - blinkEvery / 2) % blinkEvery;
        closure = k < BLINK.length ? BLINK[k] : 0;
      }
      Mat base = closure >= 1 ? closed : closure > 0 ? half : open;
      double zoom = 1 + 0.01 * Math.sin(i / 7.0);
      out.add(transform(base, (r.nextDouble() * 2 - 1) * jitter, (r.nextDouble() * 2 - 1) * jitter, zoom, 0, 1.0));
    }
    return write(file, fps, out);
  }

  /**
   * A printed photo held up to the camera: the still moved as a whole (drift, a slow tilt of up to
   * {@code maxTilt} as a perspective squeeze, like a sheet turned about its vertical axis), never changing
   * inside.
   */
  public Path photoReplay(Path file, int fps, int frames, double maxTilt, long seed) {
    Random r = new Random(seed);
    List<Mat> out = new ArrayList<>(frames);
    for (int i = 0; i < frames; i++) {
      double tilt = maxTilt * Math.sin(i * 2 * Math.PI / Math.max(1, frames / 2.0));
      out.add(transform(open, 6 * Math.sin(i / 9.0) + r.nextGaussian() * 0.5, 3 * Math.cos(i / 11.0), 1.0, tilt,
          1.0));
    }
    return write(file, fps, out);
  }

  /** A copy of {@code src} shifted, scaled about the centre, tilted (perspective, ±1) and brightened. */
  public static Mat transform(Mat src, double dx, double dy, double zoom, double tilt, double gain) {
    int w = src.cols();
    int h = src.rows();
    double cx = w / 2.0;
    double cy = h / 2.0;
    double k = Math.abs(tilt) * 0.25;
    // Corners of the "sheet" after zoom and shift; the tilted side shrinks vertically and moves inwards.
    Point[] d = new Point[4];
    double[][] c = {{0, 0}, {w, 0}, {w, h}, {0, h}};
    for (int i = 0; i < 4; i++) {
      double x = cx + (c[i][0] - cx) * zoom + dx;
      double y = cy + (c[i][1] - cy) * zoom + dy;
      boolean far = tilt > 0 ? c[i][0] > cx : c[i][0] < cx;
      if (tilt != 0 && far) {
        y = cy + (y - cy) * (1 - k);
        x = cx + (x - cx) * (1 - k * 0.6);
      }
      d[i] = new Point(x, y);
    }
    Mat m = Imgproc.getPerspectiveTransform(new org.opencv.core.MatOfPoint2f(new Point(0, 0), new Point(w, 0),
        new Point(w, h), new Point(0, h)), new org.opencv.core.MatOfPoint2f(d));
    Mat out = new Mat();
    Imgproc.warpPerspective(src, out, m, new Size(w, h), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT,
        new Scalar(0, 0, 0));
    m.release();
    if (gain != 1.0) {
      out.convertTo(out, -1, gain, 0);
    }
    return out;
  }

  /** Writes {@code frames} as MJPG in .avi and releases them. */
  public static Path write(Path file, int fps, List<Mat> frames) {
    Mat first = frames.get(0);
    VideoWriter vw = new VideoWriter(file.toString(), Videoio.CAP_OPENCV_MJPEG,
        VideoWriter.fourcc('M', 'J', 'P', 'G'), fps, new Size(first.cols(), first.rows()), true);
    if (!vw.isOpened()) {
      throw new IllegalStateException("cannot write MJPG video " + file);
    }
    for (Mat f : frames) {
      vw.write(f);
      f.release();
    }
    vw.release();
    return file;
  }

  /** The still with the eye openings painted over with lid-coloured skin up to {@code closure} of their height. */
  static Mat closeEyes(Mat frame, FaceLandmarks l, double closure) {
    Mat img = frame.clone();
    for (int[] contour : new int[][] {FaceLandmarks.RIGHT_EYE_CONTOUR, FaceLandmarks.LEFT_EYE_CONTOUR}) {
      List<Point> pts = new ArrayList<>();
      double minY = 1e9;
      double maxY = -1e9;
      double minX = 1e9;
      double maxX = -1e9;
      for (int i : contour) {
        pts.add(new Point(l.x(i), l.y(i)));
        minY = Math.min(minY, l.y(i));
        maxY = Math.max(maxY, l.y(i));
        minX = Math.min(minX, l.x(i));
        maxX = Math.max(maxX, l.x(i));
      }
      double h = Math.max(2, maxY - minY);
      // Lid skin: a patch just above the eye opening, below the brow.
      int sx = (int) Math.round((minX + maxX) / 2);
      int sy = (int) Math.round(minY - h * 0.7);
      Scalar skin = Core.mean(img.submat(new Rect(sx - 3, Math.max(0, sy - 2), 6, 4)));
      Mat mask = Mat.zeros(img.size(), CvType.CV_8U);
      MatOfPoint poly = new MatOfPoint();
      poly.fromList(pts);
      Imgproc.fillPoly(mask, List.of(poly), new Scalar(255));
      Imgproc.dilate(mask, mask, Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(5, 5)));
      double lidY = minY + closure * h;
      if (closure < 1.0) {
        Imgproc.rectangle(mask, new Point(0, Math.round(lidY) + 1), new Point(img.cols(), img.rows()),
            new Scalar(0), -1);
      }
      Mat painted = img.clone();
      painted.setTo(skin, mask);
      Mat blurred = new Mat();
      Imgproc.GaussianBlur(painted, blurred, new Size(5, 5), 0);
      blurred.copyTo(img, mask);
      double cornerY = (l.y(contour[0]) + l.y(contour[8])) / 2;
      Scalar lash = new Scalar(40, 40, 60);
      Imgproc.line(img, new Point(minX, cornerY), new Point((minX + maxX) / 2, lidY), lash, 1);
      Imgproc.line(img, new Point((minX + maxX) / 2, lidY), new Point(maxX, cornerY), lash, 1);
      painted.release();
      blurred.release();
      mask.release();
      poly.release();
    }
    return img;
  }
}
