package org.doorstep.agent.vision;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.vision.detect.Detection;
import org.doorstep.agent.vision.detect.FaceDetector;
import org.doorstep.agent.vision.detect.FaceLandmarks;
import org.doorstep.agent.vision.detect.FaceMeasures;
import org.doorstep.agent.vision.detect.FaceMesh;
import org.doorstep.agent.vision.detect.FrameMeasurement;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.doorstep.agent.vision.quality.QualityGate;
import org.doorstep.agent.vision.quality.QualityVerdict;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * One frame through the pipeline: detect faces, fit the mesh to the largest, measure sharpness and light
 * of the face, judge quality. Owns its detector and mesh ({@link #close()} releases them).
 *
 * <p>Blocking, not thread-safe: one per vision worker.
 */
public final class FrameAnalyzer implements AutoCloseable {
  static {
    OpenCv.load();   // before the Mat fields below are made
  }

  /** Width the face crop is scaled to before measuring sharpness, so that it does not depend on distance. */
  static final int SHARPNESS_WIDTH = 128;

  private final FaceDetector detector;
  private final FaceMesh mesh;
  private final QualityGate gate;
  private final Mat gray = new Mat();
  private final Mat scaled = new Mat();
  private final Mat laplacian = new Mat();

  public FrameAnalyzer(FaceDetector detector, FaceMesh mesh, QualityGate gate) {
    this.detector = Objects.requireNonNull(detector, "detector");
    this.mesh = Objects.requireNonNull(mesh, "mesh");
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  /**
   * What one frame shows.
   *
   * @param measurement the numbers
   * @param quality     the quality gate's verdict
   * @param landmarks   the mesh of the main face, when there is one
   */
  public record Analysis(FrameMeasurement measurement, QualityVerdict quality, Optional<FaceLandmarks> landmarks) {}

  /** Analyses the BGR frame {@code bgr} taken at {@code at}. */
  public Analysis analyze(Mat bgr, Instant at) {
    List<Detection> faces = detector.detect(bgr);
    Optional<FaceMeasures> face = Optional.empty();
    Optional<FaceLandmarks> landmarks = Optional.empty();
    if (!faces.isEmpty()) {
      Detection main = faces.stream().max(java.util.Comparator.comparingDouble(d -> d.width() * d.height()))
          .orElseThrow();
      FaceLandmarks l = mesh.landmarks(bgr, main);
      landmarks = Optional.of(l);
      double[] sb = sharpnessAndBrightness(bgr, main);
      face = Optional.of(new FaceMeasures(main, l.presence(), sb[0], sb[1], l.eyeOpenness(), l.mouthOpenness(),
          l.yawDegrees(), l.pitchDegrees()));
    }
    FrameMeasurement m = new FrameMeasurement(at, bgr.cols(), bgr.rows(), faces.size(), face);
    return new Analysis(m, gate.judge(m), landmarks);
  }

  /** Laplacian variance and mean grey of the face box (clamped to the frame), at a fixed width. */
  private double[] sharpnessAndBrightness(Mat bgr, Detection d) {
    int x0 = (int) Math.max(0, Math.floor(d.x()));
    int y0 = (int) Math.max(0, Math.floor(d.y()));
    int x1 = (int) Math.min(bgr.cols(), Math.ceil(d.x() + d.width()));
    int y1 = (int) Math.min(bgr.rows(), Math.ceil(d.y() + d.height()));
    if (x1 - x0 < 4 || y1 - y0 < 4) {
      return new double[] {0, 0};
    }
    Mat crop = bgr.submat(new Rect(x0, y0, x1 - x0, y1 - y0));
    Imgproc.cvtColor(crop, gray, Imgproc.COLOR_BGR2GRAY);
    crop.release();
    double scale = (double) SHARPNESS_WIDTH / gray.cols();
    Imgproc.resize(gray, scaled, new Size(SHARPNESS_WIDTH, Math.max(1, Math.round(gray.rows() * scale))), 0, 0,
        scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
    Imgproc.Laplacian(scaled, laplacian, CvType.CV_64F);
    MatOfDouble mean = new MatOfDouble();
    MatOfDouble std = new MatOfDouble();
    Core.meanStdDev(laplacian, mean, std);
    double sd = std.get(0, 0)[0];
    double brightness = Core.mean(scaled).val[0];
    mean.release();
    std.release();
    return new double[] {sd * sd, brightness};
  }

  @Override
  public void close() {
    detector.close();
    mesh.close();
    gray.release();
    scaled.release();
    laplacian.release();
  }
}
