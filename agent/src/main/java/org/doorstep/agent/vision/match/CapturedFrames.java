package org.doorstep.agent.vision.match;

import io.vertx.core.Future;
import java.util.Optional;
import org.doorstep.agent.model.FaceCapture;

/**
 * Reads back the frame a liveness capture kept (the camera adapter holds it by {@link
 * FaceCapture#captureId()}), to keep it as the resident's next reference photo.
 *
 * <p>Threads: callable from the event loop. The caller zeroes the bytes after use.
 */
@FunctionalInterface
public interface CapturedFrames {
  /** No frames to read. */
  CapturedFrames NONE = capture -> Future.succeededFuture(Optional.empty());

  /**
   * The frame the capture itself carries ({@link FaceCapture#image()}: the OpenCV camera's JPEG, the
   * simulator's synthetic bytes); empty when it carries none or it was wiped.
   */
  CapturedFrames FROM_CAPTURE = capture -> {
    byte[] image = capture.image();
    return Future.succeededFuture(image.length == 0 ? Optional.empty() : Optional.of(image));
  };

  /**
   * The kept frame of {@code capture}, encoded (JPEG or PNG).
   *
   * @return empty when the frame is no longer held (the session's data was wiped) or the camera keeps none
   */
  Future<Optional<byte[]>> frameOf(FaceCapture capture);
}
