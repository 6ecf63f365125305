package org.doorstep.agent.vision.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.MatOfRect2d;
import org.opencv.core.Point;
import org.opencv.core.Rect2d;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FaceMatcher} on OpenCV dnn: detect the largest face ({@value FaceModels#DETECTOR_FILE}), find
 * its 68 landmarks ({@value FaceModels#LANDMARKS_FILE}), align eyes and nose tip to the standard
 * 112×112 template with a 3-point affine warp, embed ({@value FaceModels#EMBEDDING_FILE}, 512-d) and
 * compare with a plain cosine. Measured facts: /work/shared/research/face-models.md §3.
 *
 * <p>Personal data: decoded images and aligned faces are zeroed before their Mats are released;
 * embeddings are {@link FaceEmbedding#close() wiped} as soon as the score is known. Nothing is written
 * to disk and nothing personal is logged.
 *
 * <p>Blocking (5–30 ms per image on the kiosk CPU) and not thread-safe (the dnn nets hold state): one
 * instance per vision worker thread.
 */
public final class OpenCvFaceMatcher implements FaceMatcher {
  /** Detector input size (the model's fixed shape). */
  static final Size DETECTOR_INPUT = new Size(320, 240);
  /** Candidate boxes below this face score are ignored. */
  static final float MIN_FACE_SCORE = 0.65f;
  /** Overlap above which two candidate boxes are the same face. */
  static final float NMS_IOU = 0.4f;
  /** A face smaller than this (pixels, shorter side) carries too little detail for a match. */
  static final int MIN_FACE_PX = 24;
  /** Aligned face size (the embedding model's fixed input). */
  static final Size FACE_SIZE = new Size(112, 112);
  /** Where the eyes' centres and the nose tip go in the 112×112 face (the ArcFace template). */
  private static final MatOfPoint2f TEMPLATE;

  private static final Logger LOG = LoggerFactory.getLogger(OpenCvFaceMatcher.class);

  static {
    OpenCv.load();   // before any Mat: the natives must be in
    TEMPLATE = new MatOfPoint2f(new Point(38.2946, 51.6963), new Point(73.5318, 51.5014), new Point(56.0252, 71.7366));
  }

  private final Net detector;
  private final Net landmarks;
  private final Net embedder;

  private OpenCvFaceMatcher(Net detector, Net landmarks, Net embedder) {
    this.detector = detector;
    this.landmarks = landmarks;
    this.embedder = embedder;
  }

  /**
   * Loads the three models (~7 MB, ~100 ms).
   *
   * @throws IllegalStateException when a file is missing (the message says how to get them) or OpenCV
   *     cannot read it
   */
  public static OpenCvFaceMatcher load(FaceModels models) {
    Objects.requireNonNull(models, "models").requireReadable();
    try {
      return new OpenCvFaceMatcher(Dnn.readNetFromONNX(models.detector().toString()),
          Dnn.readNetFromONNX(models.landmarks().toString()), Dnn.readNetFromONNX(models.embedding().toString()));
    } catch (RuntimeException e) {
      throw new IllegalStateException("face models in " + models.embedding().getParent()
          + " could not be loaded by OpenCV dnn: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Double> compare(byte[] liveImage, byte[] referenceImage) {
    Objects.requireNonNull(liveImage, "liveImage");
    Objects.requireNonNull(referenceImage, "referenceImage");
    Optional<FaceEmbedding> live = embed(liveImage);
    if (live.isEmpty()) {
      LOG.debug("no usable face in the live image");
      return Optional.empty();
    }
    try (FaceEmbedding a = live.get()) {
      Optional<FaceEmbedding> ref = embed(referenceImage);
      if (ref.isEmpty()) {
        LOG.debug("no usable face in the reference image");
        return Optional.empty();
      }
      try (FaceEmbedding b = ref.get()) {
        return Optional.of(a.cosine(b));
      }
    }
  }

  /**
   * The embedding of the largest face in an encoded image (JPEG, PNG, BMP).
   *
   * @return empty when the bytes are not an image or it has no face of at least {@value #MIN_FACE_PX} px
   */
  public Optional<FaceEmbedding> embed(byte[] image) {
    try (Scratch s = new Scratch()) {
      Mat bgr = s.wipeLater(Imgcodecs.imdecode(s.add(new MatOfByte(image)), Imgcodecs.IMREAD_COLOR));
      if (bgr.empty()) {
        return Optional.empty();
      }
      return embed(bgr);
    }
  }

  /**
   * The embedding of the largest face in a BGR image (the caller keeps and releases {@code bgr}).
   *
   * @return empty when it has no face of at least {@value #MIN_FACE_PX} px
   */
  public Optional<FaceEmbedding> embed(Mat bgr) {
    Objects.requireNonNull(bgr, "bgr");
    if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException("bgr: must be a non-empty 8-bit 3-channel image, was " + bgr);
    }
    try (Scratch s = new Scratch()) {
      Optional<Rect> face = largestFace(bgr, s);
      if (face.isEmpty()) {
        return Optional.empty();
      }
      float[] p = landmarks(bgr, face.get(), s);
      Mat aligned = s.wipeLater(align(bgr, p, s));
      embedder.setInput(s.add(Dnn.blobFromImage(aligned, 1 / 128.0, FACE_SIZE, new Scalar(127, 127, 127),
          true, false)));
      Mat out = s.add(embedder.forward());
      float[] e = new float[(int) out.total()];
      out.reshape(1, 1).get(0, 0, e);
      return Optional.of(new FaceEmbedding(e));
    }
  }

  /** The largest face after non-maximum suppression, clamped to the image. */
  Optional<Rect> largestFace(Mat bgr, Scratch s) {
    int w = bgr.cols();
    int h = bgr.rows();
    // Pad to the detector's 4:3 instead of stretching: an ID photo (102×126) would be squashed by half.
    int pw = Math.max(w, (int) Math.ceil(h * 4.0 / 3));
    int ph = Math.max(h, (int) Math.ceil(w * 3.0 / 4));
    Mat padded = s.wipeLater(new Mat());
    Core.copyMakeBorder(bgr, padded, 0, ph - h, 0, pw - w, Core.BORDER_CONSTANT, new Scalar(127, 127, 127));
    detector.setInput(s.add(Dnn.blobFromImage(padded, 1 / 128.0, DETECTOR_INPUT, new Scalar(127, 127, 127),
        true, false)));
    List<Mat> outs = new ArrayList<>(2);
    detector.forward(outs, List.of("scores", "boxes"));
    outs.forEach(s::add);
    float[] scores = new float[(int) outs.get(0).total()];
    float[] boxes = new float[(int) outs.get(1).total()];
    outs.get(0).reshape(1, 1).get(0, 0, scores);
    outs.get(1).reshape(1, 1).get(0, 0, boxes);
    List<Rect2d> cand = new ArrayList<>();
    List<Float> candScores = new ArrayList<>();
    for (int i = 0; i < scores.length / 2; i++) {
      float sc = scores[2 * i + 1];
      if (sc >= MIN_FACE_SCORE) {
        double x1 = boxes[4 * i] * pw;
        double y1 = boxes[4 * i + 1] * ph;
        double x2 = boxes[4 * i + 2] * pw;
        double y2 = boxes[4 * i + 3] * ph;
        cand.add(new Rect2d(x1, y1, x2 - x1, y2 - y1));
        candScores.add(sc);
      }
    }
    if (cand.isEmpty()) {
      return Optional.empty();
    }
    MatOfRect2d rects = s.add(new MatOfRect2d());
    rects.fromList(cand);
    MatOfFloat confs = s.add(new MatOfFloat());
    confs.fromList(candScores);
    MatOfInt keep = s.add(new MatOfInt());
    Dnn.NMSBoxes(rects, confs, MIN_FACE_SCORE, NMS_IOU, keep);
    Rect best = null;
    for (int i : keep.toArray()) {
      Rect2d r = cand.get(i);
      int x1 = (int) Math.max(0, Math.round(r.x));
      int y1 = (int) Math.max(0, Math.round(r.y));
      int x2 = (int) Math.min(w, Math.round(r.x + r.width));
      int y2 = (int) Math.min(h, Math.round(r.y + r.height));
      Rect c = new Rect(x1, y1, x2 - x1, y2 - y1);
      if (c.width >= MIN_FACE_PX && c.height >= MIN_FACE_PX && (best == null || c.area() > best.area())) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  /** 68 landmarks (x0, y0, x1, y1 …) in image pixels. */
  private float[] landmarks(Mat bgr, Rect face, Scratch s) {
    Mat grey = s.wipeLater(new Mat());
    Imgproc.cvtColor(s.add(bgr.submat(face)), grey, Imgproc.COLOR_BGR2GRAY);
    landmarks.setInput(s.add(Dnn.blobFromImage(grey, 1 / 256.0, new Size(64, 64), new Scalar(0), false, false)));
    Mat out = s.add(landmarks.forward());
    float[] p = new float[136];
    out.reshape(1, 1).get(0, 0, p);
    for (int i = 0; i < 68; i++) {
      p[2 * i] = p[2 * i] * face.width + face.x;
      p[2 * i + 1] = p[2 * i + 1] * face.height + face.y;
    }
    return p;
  }

  /** Eyes (mean of each eye's four lid points) and nose tip (point 30) onto the template. */
  private static Mat align(Mat bgr, float[] p, Scratch s) {
    MatOfPoint2f src = s.add(new MatOfPoint2f(mean(p, 37, 38, 40, 41), mean(p, 43, 44, 46, 47),
        new Point(p[60], p[61])));
    Mat m = s.add(Imgproc.getAffineTransform(src, TEMPLATE));
    Mat face = new Mat();
    Imgproc.warpAffine(bgr, face, m, FACE_SIZE);
    return face;
  }

  private static Point mean(float[] p, int... idx) {
    double x = 0;
    double y = 0;
    for (int i : idx) {
      x += p[2 * i];
      y += p[2 * i + 1];
    }
    return new Point(x / idx.length, y / idx.length);
  }

  /** Mats made during one call: released together; those holding face pixels are zeroed first. */
  static final class Scratch implements AutoCloseable {
    private final List<Mat> mats = new ArrayList<>();
    private final List<Mat> personal = new ArrayList<>();

    <M extends Mat> M add(M m) {
      mats.add(m);
      return m;
    }

    Mat wipeLater(Mat m) {
      personal.add(m);
      return add(m);
    }

    @Override
    public void close() {
      for (Mat m : personal) {
        if (!m.empty() && m.isContinuous()) {
          m.setTo(Scalar.all(0));
        }
      }
      mats.forEach(Mat::release);
      mats.clear();
      personal.clear();
    }
  }
}
