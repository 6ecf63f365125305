package org.doorstep.agent.vision.document.autocapture;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.doorstep.agent.vision.document.PageSearch;
import org.doorstep.agent.vision.document.ScanProblem;
import org.doorstep.agent.vision.document.ScanResult.Corner;

/**
 * The document camera's auto-capture, one attempt: frames go in (where the page is, {@link PageSearch}, and how
 * much the picture moved since the frame before), and out comes {@link CaptureStep.Capture} once a page has been
 * found in {@link AutoCapturePolicy#stillFrames()} frames in a row, none of them moving more than {@link
 * AutoCapturePolicy#maxMotion()}, no corner straying more than {@link AutoCapturePolicy#maxCornerShift()} from where
 * it settled, over at least {@link AutoCapturePolicy#stillFor()}. A frame without a page, or a moving one, starts
 * the settling again. {@link AutoCapturePolicy#timeout()} after the first frame it gives up ({@link
 * CaptureStep.GiveUp}, "no page found").
 *
 * <p>Time is each frame's own (milliseconds, any origin, not decreasing): a video file's frame time makes a test's
 * run exact. Not thread-safe; one instance per attempt (after Capture or GiveUp it accepts no frame).
 */
public final class AutoCapture {
  private final AutoCapturePolicy policy;
  private final double diagonalPx;
  private long startMs = -1;
  private long lastMs;
  private List<Corner> anchor;
  private long anchorMs;
  private int stillFrames;
  private boolean everFound;
  private CaptureStep.NoPage lastNoPage;
  private CaptureStep last;

  /**
   * @param frameWidth  width of the frames (pixels of the corners offered)
   * @param frameHeight height of the frames
   */
  public AutoCapture(AutoCapturePolicy policy, int frameWidth, int frameHeight) {
    this.policy = Objects.requireNonNull(policy, "policy");
    if (frameWidth <= 0 || frameHeight <= 0) {
      throw new IllegalArgumentException("frame size: must be positive, was " + frameWidth + "x" + frameHeight);
    }
    this.diagonalPx = Math.hypot(frameWidth, frameHeight);
  }

  /**
   * One frame.
   *
   * @param atMs   the frame's time, milliseconds (not before the previous frame's)
   * @param page   where the page is in it
   * @param motion mean absolute grey-level difference from the previous frame; {@code NaN} for the first frame
   *               (nothing to compare: the corners' steadiness decides alone)
   * @throws IllegalStateException after Capture or GiveUp
   */
  public CaptureStep offer(long atMs, PageSearch page, double motion) {
    Objects.requireNonNull(page, "page");
    if (last != null && last.done()) {
      throw new IllegalStateException("the auto-capture is over (" + last.getClass().getSimpleName() + ")");
    }
    if (startMs < 0) {
      startMs = atMs;
    } else if (atMs < lastMs) {
      throw new IllegalArgumentException("atMs: frames go forward in time, " + atMs + " < " + lastMs);
    }
    lastMs = atMs;
    last = step(atMs, page, motion);
    return last;
  }

  /** The last step, or null before the first frame. */
  public CaptureStep last() {
    return last;
  }

  private CaptureStep step(long atMs, PageSearch page, double motion) {
    if (page instanceof PageSearch.NotFound n) {
      resetSettling();
      lastNoPage = new CaptureStep.NoPage(n.problem(), n.reason());
      return timedOut(atMs, lastNoPage);
    }
    PageSearch.Found f = (PageSearch.Found) page;
    everFound = true;
    lastNoPage = null;
    if (motion > policy.maxMotion()) {
      resetSettling();
      return timedOut(atMs, new CaptureStep.Moving(String.format(Locale.ROOT,
          "the picture moved: %.1f > %.1f grey levels", motion, policy.maxMotion())));
    }
    if (anchor != null) {
      double shift = maxShift(anchor, f.corners()) / diagonalPx;
      if (shift > policy.maxCornerShift()) {
        resetSettling();
        return timedOut(atMs, new CaptureStep.Moving(String.format(Locale.ROOT,
            "the page moved: a corner by %.1f %% > %.1f %% of the diagonal", 100 * shift,
            100 * policy.maxCornerShift())));
      }
    }
    if (anchor == null) {
      anchor = f.corners();
      anchorMs = atMs;
      stillFrames = 0;
    }
    stillFrames++;
    long stillMs = atMs - anchorMs;
    if (stillFrames >= policy.stillFrames() && stillMs >= policy.stillFor().toMillis()) {
      return new CaptureStep.Capture(f.corners(), stillFrames, stillMs, atMs - startMs);
    }
    return timedOut(atMs, new CaptureStep.Settling(stillFrames, stillMs));
  }

  /** {@code step}, unless the timeout has passed. */
  private CaptureStep timedOut(long atMs, CaptureStep step) {
    long elapsed = atMs - startMs;
    if (elapsed < policy.timeout().toMillis()) {
      return step;
    }
    if (lastNoPage != null && lastNoPage.problem() != ScanProblem.NOT_FOUND) {
      return new CaptureStep.GiveUp(lastNoPage.problem(), "no whole page found in " + elapsed + " ms (last frame: "
          + lastNoPage.reason() + ")", elapsed);
    }
    String why = everFound
        ? "the page did not hold still for " + policy.stillFor().toMillis() + " ms within " + elapsed + " ms (last frame: "
            + step.describe() + ")"
        : "no page found in " + elapsed + " ms (last frame: " + step.describe() + ")";
    return new CaptureStep.GiveUp(ScanProblem.NOT_FOUND, why, elapsed);
  }

  private void resetSettling() {
    anchor = null;
    stillFrames = 0;
  }

  private static double maxShift(List<Corner> a, List<Corner> b) {
    double max = 0;
    for (int i = 0; i < 4; i++) {
      max = Math.max(max, Math.hypot(a.get(i).x() - b.get(i).x(), a.get(i).y() - b.get(i).y()));
    }
    return max;
  }
}
