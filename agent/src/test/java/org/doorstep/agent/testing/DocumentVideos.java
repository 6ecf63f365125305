package org.doorstep.agent.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.doorstep.agent.vision.testing.SyntheticVideos;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Size;

/**
 * MJPG .avi videos of a document camera (the only video format this OpenCV build writes and reads): the empty
 * mat, then an A4 form slid in from the right edge, then lying still, each frame with its own sensor noise.
 * The true corners of the still page are known.
 */
public final class DocumentVideos {
  static {
    OpenCv.load();
  }

  /**
   * The video's frames and where the page lies once still.
   *
   * @param stillFrom  the first frame in which the page lies in its final place
   * @param stillCorners top-left, top-right, bottom-right, bottom-left of the still page, pixels
   */
  public record Video(Path file, int fps, int frames, int stillFrom, Point[] stillCorners, Size size) {}

  private DocumentVideos() {}

  /**
   * {@code empty} frames of the mat, {@code sliding} frames of the form moving in from the right (cut off by the
   * edge at first, then whole and still moving), then {@code still} frames of it at rest; {@code width}×{@code
   * height} at {@code fps}.
   */
  public static Video pageSettles(Path file, int width, int height, int fps, int empty, int sliding, int still) {
    Size size = new Size(width, height);
    Mat page = DocumentScenes.page(707, 1000, 0, 1);
    double cx = width / 2.0;
    double cy = height / 2.0;
    double h = height * 0.82;
    double w = h * 0.707;
    List<Mat> frames = new ArrayList<>();
    Mat mat = DocumentScenes.photo(page, size, DocumentScenes.corners(width * 3, cy, w, h, 0, 0), 3).picture();
    for (int i = 0; i < empty; i++) {
      frames.add(noisy(mat));
    }
    double startX = width + w * 0.25;
    for (int i = 0; i < sliding; i++) {
      double x = startX + (cx - startX) * (i + 1) / (sliding + 1.0);
      double deg = 6.0 * (i + 1) / (sliding + 1.0);
      frames.add(noisy(DocumentScenes.photo(page, size, DocumentScenes.corners(x, cy, w, h, deg, 0.04), 3).picture()));
    }
    Point[] corners = DocumentScenes.corners(cx, cy, w, h, 6.0, 0.04);
    Mat rest = DocumentScenes.photo(page, size, corners, 3).picture();
    for (int i = 0; i < still; i++) {
      frames.add(noisy(rest));
    }
    SyntheticVideos.write(file, fps, frames);
    return new Video(file, fps, empty + sliding + still, empty + sliding, corners, size);
  }

  /** {@code scene} with fresh sensor noise (σ 2 grey levels), as two frames of a real camera never are equal. */
  private static Mat noisy(Mat scene) {
    Mat noise = new Mat(scene.size(), CvType.CV_16SC3);
    Core.randn(noise, 0, 2);
    Mat out = new Mat();
    scene.convertTo(out, CvType.CV_16SC3);
    Core.add(out, noise, out);
    out.convertTo(out, CvType.CV_8UC3);
    noise.release();
    return out;
  }
}
