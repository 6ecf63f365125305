package org.doorstep.agent.vision.document.autocapture;

import java.time.Duration;
import java.util.Objects;

/**
 * When a page counts as still, and how long the auto-capture waits for one.
 *
 * @param maxMotion      mean absolute grey-level difference (0–255) between a frame and the one before it, on the
 *                       analysis copy, above which the picture is moving (a hand over the page, the page sliding);
 *                       sensor noise of a still scene stays well under it
 * @param maxCornerShift how far any page corner may move from where it was when the page settled, as a share of
 *                       the frame's diagonal (a page pushed slowly moves little per frame but far in total)
 * @param stillFrames    consecutive still frames, the first included, before the capture
 * @param stillFor       and at least this long between the first and the last of them
 * @param timeout        from the first frame: no still page by then gives up with "no page found"
 */
public record AutoCapturePolicy(double maxMotion, double maxCornerShift, int stillFrames, Duration stillFor,
    Duration timeout) {

  /**
   * The defaults: motion 3 grey levels, corners within 1 % of the diagonal (20 px at 1600×1200), 5 frames and
   * 500 ms still (at 15 fps: the 9th still frame, 533 ms), 20 s to give up. docs/vision-match-and-documents.md.
   */
  public static final AutoCapturePolicy DEFAULTS = new AutoCapturePolicy(3.0, 0.01, 5, Duration.ofMillis(500),
      Duration.ofSeconds(20));

  public AutoCapturePolicy {
    Objects.requireNonNull(stillFor, "stillFor");
    Objects.requireNonNull(timeout, "timeout");
    if (!(maxMotion > 0 && maxMotion < 255)) {
      throw new IllegalArgumentException("maxMotion: must be between 0 and 255 grey levels, was " + maxMotion);
    }
    if (!(maxCornerShift > 0 && maxCornerShift < 1)) {
      throw new IllegalArgumentException("maxCornerShift: must be a share of the diagonal between 0 and 1, was "
          + maxCornerShift);
    }
    if (stillFrames < 2) {
      throw new IllegalArgumentException("stillFrames: must be >= 2 (one frame cannot be still), was " + stillFrames);
    }
    if (stillFor.isNegative()) {
      throw new IllegalArgumentException("stillFor: must be >= 0, was " + stillFor);
    }
    if (timeout.compareTo(stillFor) <= 0) {
      throw new IllegalArgumentException("timeout: must be longer than stillFor (" + stillFor + "), was " + timeout);
    }
  }
}
