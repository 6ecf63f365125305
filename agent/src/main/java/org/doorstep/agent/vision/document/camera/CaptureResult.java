package org.doorstep.agent.vision.document.camera;

import java.util.List;
import java.util.Objects;
import org.doorstep.agent.vision.document.ScanProblem;
import org.doorstep.agent.vision.document.ScanResult.Corner;

/** What one auto-capture of the {@link DocumentCamera} gave. */
public sealed interface CaptureResult {

  /** Frames read from the camera. */
  int framesRead();

  /** Time from the first frame to the last one read (the frames' own time), milliseconds. */
  long elapsedMs();

  /**
   * The frame taken once the page held still, at the camera's full resolution.
   *
   * @param picture     the frame, lossless BMP (the scan rectifies it; nothing is lost before; an uncompressed copy
   *                    because PNG costs hundreds of milliseconds at these sizes)
   * @param width       frame width, pixels
   * @param height      frame height, pixels
   * @param corners     the page's corners in it as the auto-capture found them (top-left first)
   * @param stillFrames still frames before the capture, this one included
   * @param stillMs     how long the page had been still
   */
  record Captured(byte[] picture, int width, int height, List<Corner> corners, int stillFrames, long stillMs,
      long elapsedMs, int framesRead) implements CaptureResult {
    public Captured {
      Objects.requireNonNull(picture, "picture");
      corners = List.copyOf(corners);
    }

    @Override
    public String toString() {
      return "Captured[" + width + "x" + height + ", " + picture.length + " B, still " + stillFrames + " frames / "
          + stillMs + " ms, after " + elapsedMs + " ms / " + framesRead + " frames, corners " + corners + "]";
    }
  }

  /**
   * No still page: the timeout passed, or a video file ended.
   *
   * @param problem what the screen tells the resident (NOT_FOUND, CUT_OFF, TOO_SMALL)
   * @param reason  the specific finding
   */
  record Missed(ScanProblem problem, String reason, long elapsedMs, int framesRead) implements CaptureResult {
    public Missed {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
