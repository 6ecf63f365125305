package org.doorstep.agent.vision.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgproc.Imgproc;

/**
 * MediaPipe's BlazeFace short-range detector ({@code face_detection_short_range.tflite}, Apache-2.0) run
 * through OpenCV's dnn module, with MediaPipe's anchor decoding: the frame is letter-boxed to a square,
 * scaled to 128×128 (RGB in −1..1); the model gives 896 anchor regressions (box + 6 keypoints) and
 * logits; boxes above the score threshold are kept after non-maximum suppression. Made for faces within
 * about 2 m of the camera (a kiosk), not for crowds far away.
 *
 * <p>Blocking, not thread-safe.
 */
public final class BlazeFaceDetector implements FaceDetector {
  static {
    OpenCv.load();   // before the Mat fields below are made
  }

  static final int INPUT = 128;
  static final int ANCHORS = 896;
  private static final float[][] ANCHOR_CENTRES = anchors();

  private final Net net;
  private final double minScore;
  private final double nmsIou;
  private final Mat square = new Mat();
  private final Mat small = new Mat();
  private final List<Mat> outs = new ArrayList<>(2);
  private final List<String> outNames = List.of("regressors", "classificators");
  private final float[] reg = new float[ANCHORS * 16];
  private final float[] cls = new float[ANCHORS];

  /**
   * @param model   the .tflite file
   * @param minScore detections below this confidence are dropped (MediaPipe uses 0.5)
   * @param nmsIou  overlapping boxes above this IoU are merged into the best one (MediaPipe uses 0.3)
   */
  public BlazeFaceDetector(Path model, double minScore, double nmsIou) {
    OpenCv.load();
    this.net = Dnn.readNetFromTFLite(model.toString());
    if (net.empty()) {
      throw new IllegalStateException("BlazeFace model " + model + " did not load");
    }
    this.minScore = minScore;
    this.nmsIou = nmsIou;
  }

  /** A detector with MediaPipe's thresholds (score 0.5, IoU 0.3). */
  public BlazeFaceDetector(Path model) {
    this(model, 0.5, 0.3);
  }

  @Override
  public String name() {
    return "blazeface";
  }

  @Override
  public List<Detection> detect(Mat bgr) {
    int w = bgr.cols();
    int h = bgr.rows();
    int side = Math.max(w, h);
    int padX = (side - w) / 2;
    int padY = (side - h) / 2;
    Core.copyMakeBorder(bgr, square, padY, side - h - padY, padX, side - w - padX, Core.BORDER_CONSTANT,
        new Scalar(0, 0, 0));
    Imgproc.resize(square, small, new Size(INPUT, INPUT), 0, 0, Imgproc.INTER_AREA);
    Mat blob = Dnn.blobFromImage(small, 1 / 127.5, new Size(INPUT, INPUT), new Scalar(127.5, 127.5, 127.5), true,
        false, CvType.CV_32F);
    net.setInput(blob);
    outs.clear();
    net.forward(outs, outNames);
    blob.release();
    outs.get(0).reshape(1, 1).get(0, 0, reg);
    outs.get(1).reshape(1, 1).get(0, 0, cls);
    outs.forEach(Mat::release);
    List<Detection> found = new ArrayList<>();
    for (int i = 0; i < ANCHORS; i++) {
      double logit = Math.max(-100, Math.min(100, cls[i]));
      double score = 1 / (1 + Math.exp(-logit));
      if (score < minScore) {
        continue;
      }
      float ax = ANCHOR_CENTRES[i][0];
      float ay = ANCHOR_CENTRES[i][1];
      int o = i * 16;
      double cx = reg[o] / INPUT + ax;
      double cy = reg[o + 1] / INPUT + ay;
      double bw = reg[o + 2] / INPUT;
      double bh = reg[o + 3] / INPUT;
      if (!(bw > 0) || !(bh > 0)) {
        continue;
      }
      // keypoint 0: the subject's right eye, 1: left eye (MediaPipe's order).
      double rex = reg[o + 4] / INPUT + ax;
      double rey = reg[o + 5] / INPUT + ay;
      double lex = reg[o + 6] / INPUT + ax;
      double ley = reg[o + 7] / INPUT + ay;
      found.add(new Detection((cx - bw / 2) * side - padX, (cy - bh / 2) * side - padY, bw * side, bh * side,
          score, rex * side - padX, rey * side - padY, lex * side - padX, ley * side - padY));
    }
    return suppress(found, nmsIou);
  }

  /** Greedy non-maximum suppression: best first, drop boxes overlapping a kept one above {@code iou}. */
  static List<Detection> suppress(List<Detection> found, double iou) {
    List<Detection> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
    List<Detection> kept = new ArrayList<>();
    for (Detection d : sorted) {
      if (kept.stream().noneMatch(k -> k.iou(d) > iou)) {
        kept.add(d);
      }
    }
    return kept;
  }

  /**
   * MediaPipe's SSD anchors for the short-range model: strides 8, 16, 16, 16 on a 128 input (layers with the
   * same stride merged), two anchors per layer and cell, centres at cell centres, fixed size 1.
   */
  static float[][] anchors() {
    int[] strides = {8, 16, 16, 16};
    float[][] a = new float[ANCHORS][];
    int n = 0;
    int layer = 0;
    while (layer < strides.length) {
      int last = layer;
      while (last < strides.length && strides[last] == strides[layer]) {
        last++;
      }
      int perCell = 2 * (last - layer);
      int grid = INPUT / strides[layer];
      for (int y = 0; y < grid; y++) {
        for (int x = 0; x < grid; x++) {
          for (int k = 0; k < perCell; k++) {
            a[n++] = new float[] {(x + 0.5f) / grid, (y + 0.5f) / grid};
          }
        }
      }
      layer = last;
    }
    if (n != ANCHORS) {
      throw new IllegalStateException("anchor count " + n);
    }
    return a;
  }

  @Override
  public void close() {
    square.release();
    small.release();
  }
}
