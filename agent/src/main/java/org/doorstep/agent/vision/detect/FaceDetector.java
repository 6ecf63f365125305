package org.doorstep.agent.vision.detect;

import java.util.List;
import org.opencv.core.Mat;

/**
 * Finds faces in a BGR frame. Implementations hold native resources: blocking, not thread-safe (one per
 * vision worker), {@link #close()} when done.
 */
public interface FaceDetector extends AutoCloseable {
  /** The faces in {@code bgr} (8-bit, 3 channels), best first. */
  List<Detection> detect(Mat bgr);

  /** A short name for logs and the record ({@code blazeface}, {@code haar}). */
  String name();

  @Override
  void close();
}
