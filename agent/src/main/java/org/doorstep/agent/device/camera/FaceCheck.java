package org.doorstep.agent.device.camera;

import io.vertx.core.Future;
import java.util.List;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdPhoto;

/**
 * Face capture with liveness and 1:1 match against the ID photo (人脸识别认证). The real adapter
 * runs the camera and the vision pipeline (detect, quality, liveness, match) on a worker; the
 * simulator returns scripted scores.
 *
 * <p>Threads: callable from the event loop. Failures: {@link org.doorstep.agent.device.DeviceException}
 * ({@code NOT_CONNECTED}, {@code HARDWARE_ERROR}); a resident who does not perform a challenge is a
 * value ({@link org.doorstep.agent.model.ChallengeResult#passed()} false), not a failure. The caller applies
 * its own timeout.
 */
public interface FaceCheck {
  /**
   * Asks the resident to perform {@code challenges} in order and keeps the best frame.
   *
   * @param challenges challenge kinds, e.g. {@code [BLINK, TURN_LEFT]}
   */
  Future<FaceCapture> capture(List<String> challenges);

  /**
   * Compares the kept frame of {@code capture} with the card photo.
   *
   * @return cosine similarity as integer thousandths (-1000–1000)
   */
  Future<Integer> match(FaceCapture capture, IdPhoto idPhoto);

  /** Current health of the camera. */
  Future<PeripheralHealth> health();
}
