package org.doorstep.agent.device.camera;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.core.Mat;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

/**
 * The camera through OpenCV's {@link VideoCapture}: a device by index (V4L2 on Linux) at the profile's
 * resolution and frame rate ({@code devices.camera.*}), or a video file. This OpenCV build (org.openpnp
 * 4.9.0, no FFmpeg/GStreamer) reads MJPG in .avi only; files are opened with its built-in MJPEG backend.
 * A file may loop (the demo) or end (tests: {@link #read} returns -1).
 *
 * <p>Blocking, not thread-safe (see {@link Camera}).
 */
public final class OpenCvCamera implements Camera {
  private final Integer index;
  private final Path file;
  private final int width;
  private final int height;
  private final double fps;
  private final boolean loop;
  private VideoCapture capture;
  private long openedAtNanos;
  private long frameNumber;
  private long loopOffsetMs;
  private double fileFps;

  private OpenCvCamera(Integer index, Path file, int width, int height, double fps, boolean loop) {
    this.index = index;
    this.file = file;
    this.width = width;
    this.height = height;
    this.fps = fps;
    this.loop = loop;
  }

  /** The camera device {@code index} at {@code width}×{@code height}, {@code fps}. */
  public static OpenCvCamera device(int index, int width, int height, int fps) {
    if (index < 0 || width <= 0 || height <= 0 || fps <= 0) {
      throw new IllegalArgumentException("index >= 0, width, height and fps > 0");
    }
    return new OpenCvCamera(index, null, width, height, fps, false);
  }

  /** The MJPG .avi {@code file}; {@code loop}: start again at its end instead of ending. */
  public static OpenCvCamera file(Path file, boolean loop) {
    return new OpenCvCamera(null, Objects.requireNonNull(file, "file"), 0, 0, 0, loop);
  }

  @Override
  public void open() {
    if (capture != null) {
      return;
    }
    OpenCv.load();
    VideoCapture c;
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new DeviceException(DeviceFault.NOT_CONNECTED, "camera video file " + file + " does not exist");
      }
      c = new VideoCapture(file.toString(), Videoio.CAP_OPENCV_MJPEG);
      if (!c.isOpened()) {
        c.release();
        throw new DeviceException(DeviceFault.NOT_CONNECTED, "camera video file " + file
            + " cannot be read: this OpenCV build reads MJPG in .avi only");
      }
      fileFps = c.get(Videoio.CAP_PROP_FPS);
      if (!(fileFps > 0)) {
        fileFps = 15;
      }
    } else {
      c = new VideoCapture(index);
      if (!c.isOpened()) {
        c.release();
        throw new DeviceException(DeviceFault.NOT_CONNECTED, "camera device " + index
            + " cannot be opened (devices.camera.index; is it plugged in and free?)");
      }
      c.set(Videoio.CAP_PROP_FRAME_WIDTH, width);
      c.set(Videoio.CAP_PROP_FRAME_HEIGHT, height);
      c.set(Videoio.CAP_PROP_FPS, fps);
    }
    capture = c;
    openedAtNanos = System.nanoTime();
    frameNumber = 0;
    loopOffsetMs = 0;
  }

  @Override
  public long read(Mat into) {
    if (capture == null) {
      open();
    }
    if (file == null) {
      if (!capture.read(into) || into.empty()) {
        throw new DeviceException(DeviceFault.HARDWARE_ERROR, "camera device " + index + " delivered no frame");
      }
      return (System.nanoTime() - openedAtNanos) / 1_000_000;
    }
    if (!capture.read(into) || into.empty()) {
      if (!loop || frameNumber == 0) {
        return -1;
      }
      loopOffsetMs += Math.round(frameNumber * 1000 / fileFps);
      frameNumber = 0;
      capture.set(Videoio.CAP_PROP_POS_FRAMES, 0);
      if (!capture.read(into) || into.empty()) {
        return -1;
      }
    }
    return loopOffsetMs + Math.round(frameNumber++ * 1000 / fileFps);
  }

  @Override
  public double fps() {
    return file != null ? (capture == null ? 0 : fileFps) : fps;
  }

  @Override
  public String describe() {
    return file != null ? "file " + file.getFileName() : "device " + index;
  }

  @Override
  public void close() {
    if (capture != null) {
      capture.release();
      capture = null;
    }
  }
}
