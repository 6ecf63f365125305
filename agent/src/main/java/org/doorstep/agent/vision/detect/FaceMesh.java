package org.doorstep.agent.vision.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgproc.Imgproc;

/**
 * MediaPipe's face mesh ({@code face_landmark.tflite}, Apache-2.0, cut out of the {@code @mediapipe/face_mesh}
 * package) through OpenCV's dnn module: a square region 1.5× the detected box, turned upright by the eye
 * line when the detector gave eye keypoints, scaled to 192×192 (RGB 0..1) gives 468 points with depth and
 * a face-presence logit. Points are mapped back to frame pixels.
 *
 * <p>Blocking, not thread-safe.
 */
public final class FaceMesh implements AutoCloseable {
  static {
    OpenCv.load();   // before the Mat fields below are made
  }

  static final int INPUT = 192;
  private static final double ROI_SCALE = 1.5;

  private final Net net;
  private final Mat roi = new Mat();
  private final List<Mat> outs = new ArrayList<>(2);
  private final List<String> outNames = List.of("conv2d_21", "conv2d_31");
  private final float[] raw = new float[FaceLandmarks.POINTS * 3];
  private final float[] flag = new float[1];

  public FaceMesh(Path model) {
    OpenCv.load();
    this.net = Dnn.readNetFromTFLite(model.toString());
    if (net.empty()) {
      throw new IllegalStateException("face mesh model " + model + " did not load");
    }
  }

  /** The mesh of the face in {@code box} of the BGR frame {@code bgr}. */
  public FaceLandmarks landmarks(Mat bgr, Detection box) {
    double side = Math.max(box.width(), box.height()) * ROI_SCALE;
    double angle = 0;
    if (box.hasEyes()) {
      // Image-left eye (subject's right) to image-right eye: rotate so that this line is horizontal.
      angle = Math.toDegrees(Math.atan2(box.leftEyeY() - box.rightEyeY(), box.leftEyeX() - box.rightEyeX()));
    }
    Point centre = new Point(box.centerX(), box.centerY());
    Mat m = Imgproc.getRotationMatrix2D(centre, angle, INPUT / side);
    m.put(0, 2, m.get(0, 2)[0] + INPUT / 2.0 - centre.x);
    m.put(1, 2, m.get(1, 2)[0] + INPUT / 2.0 - centre.y);
    Imgproc.warpAffine(bgr, roi, m, new Size(INPUT, INPUT), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT,
        new Scalar(0, 0, 0));
    Mat blob = Dnn.blobFromImage(roi, 1 / 255.0, new Size(INPUT, INPUT), new Scalar(0, 0, 0), true, false,
        CvType.CV_32F);
    net.setInput(blob);
    outs.clear();
    net.forward(outs, outNames);
    blob.release();
    outs.get(0).reshape(1, 1).get(0, 0, raw);
    outs.get(1).reshape(1, 1).get(0, 0, flag);
    outs.forEach(Mat::release);
    Mat inv = new Mat();
    Imgproc.invertAffineTransform(m, inv);
    double a = inv.get(0, 0)[0];
    double b = inv.get(0, 1)[0];
    double c = inv.get(0, 2)[0];
    double d = inv.get(1, 0)[0];
    double e = inv.get(1, 1)[0];
    double f = inv.get(1, 2)[0];
    m.release();
    inv.release();
    double zScale = side / INPUT;
    float[] xyz = new float[raw.length];
    for (int i = 0; i < FaceLandmarks.POINTS; i++) {
      double px = raw[3 * i];
      double py = raw[3 * i + 1];
      xyz[3 * i] = (float) (a * px + b * py + c);
      xyz[3 * i + 1] = (float) (d * px + e * py + f);
      xyz[3 * i + 2] = (float) (raw[3 * i + 2] * zScale);
    }
    double presence = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, flag[0]))));
    return new FaceLandmarks(xyz, presence);
  }

  @Override
  public void close() {
    roi.release();
  }
}
