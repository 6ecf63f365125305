package org.doorstep.agent.vision.liveness;

import java.nio.file.Path;
import org.doorstep.agent.vision.detect.Detection;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * The faceplugin anti-spoof classifier ({@code fr_liveness.onnx}, MiniFASNet style: a 2.7× face crop at
 * 128×128, raw 0..255 RGB, three logits; class 0 is the SDK's "live" score). ONE advisory signal: it was
 * not validated on spoof images here, and it scores some real faces low (docs/vision.md), so the record
 * carries its score but it decides nothing unless a deployment sets a minimum.
 *
 * <p>Blocking, not thread-safe.
 */
public final class AntiSpoofModel implements AutoCloseable {
  private static final double CROP_SCALE = 2.7;
  private final Net net;
  private final float[] out = new float[3];

  public AntiSpoofModel(Path model) {
    OpenCv.load();
    this.net = Dnn.readNetFromONNX(model.toString());
    if (net.empty()) {
      throw new IllegalStateException("anti-spoof model " + model + " did not load");
    }
  }

  /** The live probability (0..1) of the face {@code box} in the BGR frame. */
  public double liveScore(Mat bgr, Detection box) {
    double side = Math.max(box.width(), box.height()) * CROP_SCALE;
    side = Math.min(side, Math.min(bgr.cols(), bgr.rows()));
    double x = Math.max(0, Math.min(bgr.cols() - side, box.centerX() - side / 2));
    double y = Math.max(0, Math.min(bgr.rows() - side, box.centerY() - side / 2));
    Mat crop = bgr.submat(new Rect((int) x, (int) y, (int) side, (int) side));
    Mat blob = Dnn.blobFromImage(crop, 1.0, new Size(128, 128), new Scalar(0, 0, 0), true, false, CvType.CV_32F);
    net.setInput(blob);
    Mat r = net.forward();
    r.reshape(1, 1).get(0, 0, out);
    r.release();
    blob.release();
    crop.release();
    double max = Math.max(out[0], Math.max(out[1], out[2]));
    double e0 = Math.exp(out[0] - max);
    double sum = e0 + Math.exp(out[1] - max) + Math.exp(out[2] - max);
    return e0 / sum;
  }

  @Override
  public void close() {
    // The Net is released by its finalizer-free native handle when garbage collected.
  }
}
