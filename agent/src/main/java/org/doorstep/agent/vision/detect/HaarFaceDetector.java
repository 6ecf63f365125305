package org.doorstep.agent.vision.detect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;

/**
 * The fallback detector: OpenCV's Haar cascade {@code haarcascade_frontalface_alt2.xml} (Intel License
 * Agreement For Open Source Computer Vision Library, BSD-style; committed in {@code agent/models}, put into the
 * models folder by the build as {@link org.doorstep.agent.vision.VisionModels#HAAR_CASCADE}). Frontal faces
 * only, 40–70 ms per 640×480 frame, scores are 1 (a cascade has no confidence). Not wired into the capture
 * pipeline yet ({@code VisionFaceCheck} requires BlazeFace); the tests use it to cross-check BlazeFace.
 *
 * <p>Blocking, not thread-safe.
 */
public final class HaarFaceDetector implements FaceDetector {
  static {
    OpenCv.load();   // before the Mat fields below are made
  }

  private final CascadeClassifier cascade;
  private final Mat gray = new Mat();

  /**
   * @param cascadeFile the cascade XML (in the models folder: {@code VisionModels.path(VisionModels.HAAR_CASCADE)})
   * @throws IllegalStateException when the file is missing or not a cascade (OpenCV only logs that; this says it)
   */
  public HaarFaceDetector(Path cascadeFile) {
    OpenCv.load();
    if (!Files.isRegularFile(cascadeFile)) {
      throw new IllegalStateException("Haar cascade " + cascadeFile + " is missing: it ships in agent/models and "
          + "the agent build copies it into the models folder (./mvnw -B compile -pl agent -am; docs/vision.md)");
    }
    this.cascade = new CascadeClassifier(cascadeFile.toString());
    if (cascade.empty()) {
      throw new IllegalStateException("Haar cascade " + cascadeFile + " did not load (not a cascade file?)");
    }
  }

  @Override
  public String name() {
    return "haar";
  }

  @Override
  public List<Detection> detect(Mat bgr) {
    Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);
    Imgproc.equalizeHist(gray, gray);
    MatOfRect faces = new MatOfRect();
    int min = Math.max(24, Math.min(bgr.cols(), bgr.rows()) / 12);
    cascade.detectMultiScale(gray, faces, 1.1, 4, 0, new Size(min, min), new Size());
    List<Detection> out = new ArrayList<>();
    for (Rect r : faces.toArray()) {
      out.add(new Detection(r.x, r.y, r.width, r.height, 1.0));
    }
    faces.release();
    out.sort(Comparator.comparingDouble((Detection d) -> d.width() * d.height()).reversed());
    return out;
  }

  @Override
  public void close() {
    gray.release();
  }
}
