package org.doorstep.agent.device.camera;

import org.opencv.core.Mat;

/**
 * A source of camera frames: a device (by index) or a video file. Blocking and not thread-safe: the
 * vision worker owns it (like {@code FaceMatcher}); the {@link FaceCheck} port wraps it in futures.
 *
 * <p>Failures: {@link org.doorstep.agent.device.DeviceException} with {@code NOT_CONNECTED} (cannot open) or
 * {@code HARDWARE_ERROR} (a device stopped delivering frames).
 */
public interface Camera extends AutoCloseable {
  /** Opens the device or file if not open yet. */
  void open();

  /**
   * Reads the next frame (BGR, 8-bit, 3 channels) into {@code into}.
   *
   * @return the frame's time in milliseconds since {@link #open()} (wall clock for a device; frame number /
   *     fps for a file, so that a file plays in its own time however fast it is read), or -1 when a file has
   *     ended
   */
  long read(Mat into);

  /** Frames per second (the device's configured rate, or the file's). */
  double fps();

  /** What the camera is, for logs ({@code device 0}, {@code file demo.avi}). */
  String describe();

  /** Releases the device or file; {@link #open()} may be called again. */
  @Override
  void close();
}
