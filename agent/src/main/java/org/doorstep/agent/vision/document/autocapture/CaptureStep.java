package org.doorstep.agent.vision.document.autocapture;

import java.util.List;
import java.util.Objects;
import org.doorstep.agent.vision.document.ScanProblem;
import org.doorstep.agent.vision.document.ScanResult.Corner;

/** What {@link AutoCapture#offer} makes of one frame. */
public sealed interface CaptureStep {

  /** The step in words, for logs and the technician ("still for 466 ms", "no region stands out …"). */
  String describe();

  /** Whether the auto-capture is over ({@link Capture} or {@link GiveUp}). */
  default boolean done() {
    return this instanceof Capture || this instanceof GiveUp;
  }

  /**
   * No usable page in this frame (settling starts again).
   *
   * @param problem NOT_FOUND, CUT_OFF or TOO_SMALL: what the screen may tell the resident
   * @param reason  the specific finding
   */
  record NoPage(ScanProblem problem, String reason) implements CaptureStep {
    public NoPage {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String describe() {
      return reason;
    }
  }

  /**
   * A page, but it (or something over it) moved: settling starts again.
   *
   * @param reason what moved, and how much
   */
  record Moving(String reason) implements CaptureStep {
    public Moving {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String describe() {
      return reason;
    }
  }

  /**
   * The page is still; not long enough yet.
   *
   * @param stillFrames still frames so far, the first included
   * @param stillMs     time since the first of them
   */
  record Settling(int stillFrames, long stillMs) implements CaptureStep {
    @Override
    public String describe() {
      return "page still for " + stillMs + " ms (" + stillFrames + " frames)";
    }
  }

  /**
   * Take this frame: the page has held still long enough.
   *
   * @param corners     the page's corners in this frame (top-left, top-right, bottom-right, bottom-left as seen)
   * @param stillFrames still frames, this one included
   * @param stillMs     time the page has been still
   * @param elapsedMs   time since the first frame offered
   */
  record Capture(List<Corner> corners, int stillFrames, long stillMs, long elapsedMs) implements CaptureStep {
    public Capture {
      corners = List.copyOf(corners);
    }

    @Override
    public String describe() {
      return "captured: page still for " + stillMs + " ms (" + stillFrames + " frames)";
    }
  }

  /**
   * The timeout passed without a still page.
   *
   * @param problem   NOT_FOUND when no page held still (or the last frame's CUT_OFF / TOO_SMALL when that was
   *                  why), for the resident
   * @param reason    what happened, in words ("no page found in 20000 ms (last frame: …)")
   * @param elapsedMs time since the first frame offered
   */
  record GiveUp(ScanProblem problem, String reason, long elapsedMs) implements CaptureStep {
    public GiveUp {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String describe() {
      return reason;
    }
  }
}
