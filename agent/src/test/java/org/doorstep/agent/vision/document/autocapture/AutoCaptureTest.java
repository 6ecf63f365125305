package org.doorstep.agent.vision.document.autocapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.vision.document.PageSearch;
import org.doorstep.agent.vision.document.ScanProblem;
import org.doorstep.agent.vision.document.ScanResult.Corner;
import org.junit.jupiter.api.Test;

/** The auto-capture machine on synthetic frame sequences (15 fps: a frame every 66.7 ms). */
class AutoCaptureTest {
  private static final int W = 1600;
  private static final int H = 1200;
  /** 5 frames and 500 ms still, motion 3, corners within 1 % of the 2000 px diagonal (20 px), 3 s timeout. */
  private static final AutoCapturePolicy POLICY = new AutoCapturePolicy(3.0, 0.01, 5, Duration.ofMillis(500),
      Duration.ofSeconds(3));
  private static final PageSearch NONE = new PageSearch.NotFound(ScanProblem.NOT_FOUND,
      "no region stands out from the background");

  private final AutoCapture auto = new AutoCapture(POLICY, W, H);
  private final List<CaptureStep> steps = new ArrayList<>();

  private static long t(int frame) {
    return Math.round(frame * 1000 / 15.0);
  }

  /** A page 700×990 px with its top-left corner at ({@code x}, {@code y}). */
  private static PageSearch page(double x, double y) {
    return new PageSearch.Found(List.of(new Corner(x, y), new Corner(x + 700, y), new Corner(x + 700, y + 990),
        new Corner(x, y + 990)), 0.36);
  }

  private CaptureStep offer(int frame, PageSearch p, double motion) {
    CaptureStep s = auto.offer(t(frame), p, motion);
    steps.add(s);
    return s;
  }

  @Test
  void still_page_is_captured_once_still_for_the_frames_and_the_time() {
    for (int i = 0; i < 5; i++) {
      assertThat(offer(i, NONE, 0.4)).isInstanceOf(CaptureStep.NoPage.class);
    }
    // The page lands at frame 5 and stays (sensor noise: corners ±1 px, motion under 1 grey level).
    CaptureStep s = null;
    int f = 5;
    while (!(s instanceof CaptureStep.Capture) && f < 40) {
      s = offer(f, page(450 + (f % 2), 105 - (f % 2)), 0.8);
      f++;
    }
    CaptureStep.Capture c = (CaptureStep.Capture) s;
    // Settled at frame 5 (t 333 ms); 500 ms later is frame 13 (t 867 ms): the 9th still frame.
    assertThat(f - 1).isEqualTo(13);
    assertThat(c.stillFrames()).isEqualTo(9);
    assertThat(c.stillMs()).isEqualTo(t(13) - t(5));
    assertThat(c.elapsedMs()).isEqualTo(t(13));
    assertThat(c.corners().get(0).x()).isEqualTo(451.0);
    assertThat(steps.subList(5, 13)).allMatch(x -> x instanceof CaptureStep.Settling);
    assertThat(((CaptureStep.Settling) steps.get(12)).stillFrames()).isEqualTo(8);
    assertThatThrownBy(() -> auto.offer(t(14), page(450, 105), 0.5)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void frame_count_also_counts_at_a_high_frame_rate() {
    // 200 fps: 500 ms pass only after 100 frames; at 2 fps the 5 frames take 2 s.
    AutoCapture slow = new AutoCapture(POLICY, W, H);
    CaptureStep s = null;
    int i = 0;
    while (!(s instanceof CaptureStep.Capture)) {
      s = slow.offer(i * 500L, page(450, 105), 0.5);
      i++;
    }
    assertThat(i).isEqualTo(5);
    assertThat(((CaptureStep.Capture) s).stillMs()).isEqualTo(2000);
  }

  @Test
  void a_page_that_keeps_moving_is_never_captured_and_the_timeout_says_it_did_not_hold_still() {
    CaptureStep s = null;
    for (int i = 0; i <= 45; i++) {
      // Slides 6 px a frame: each frame alone looks still (motion under the limit), the corners drift away.
      s = offer(i, page(300 + 6 * i, 105), 1.5);
      if (s.done()) {
        break;
      }
      assertThat(s).isNotInstanceOf(CaptureStep.Capture.class);
    }
    assertThat(steps).anyMatch(x -> x instanceof CaptureStep.Moving m && m.reason().contains("the page moved"));
    assertThat(s).isInstanceOfSatisfying(CaptureStep.GiveUp.class, g -> {
      assertThat(g.problem()).isEqualTo(ScanProblem.NOT_FOUND);
      assertThat(g.reason()).startsWith("the page did not hold still for 500 ms");
      assertThat(g.elapsedMs()).isGreaterThanOrEqualTo(3000);
    });
  }

  @Test
  void picture_motion_over_the_limit_restarts_the_settling() {
    for (int i = 0; i < 6; i++) {
      offer(i, page(450, 105), 0.5);
    }
    assertThat(offer(6, page(450, 105), 12.0)).isInstanceOfSatisfying(CaptureStep.Moving.class,
        m -> assertThat(m.reason()).isEqualTo("the picture moved: 12.0 > 3.0 grey levels"));
    assertThat(offer(7, page(450, 105), 0.5)).isEqualTo(new CaptureStep.Settling(1, 0));
  }

  @Test
  void page_removed_mid_settle_resets_and_a_new_page_settles_from_scratch() {
    for (int i = 0; i < 6; i++) {
      offer(i, page(450, 105), 0.5);
    }
    assertThat(steps.get(5)).isEqualTo(new CaptureStep.Settling(6, t(5)));
    assertThat(offer(6, NONE, 9.0)).isInstanceOf(CaptureStep.NoPage.class);
    // Back at another place: counting starts again, so 500 ms more are needed.
    CaptureStep s = null;
    int f = 7;
    while (!(s instanceof CaptureStep.Capture)) {
      s = offer(f, page(420, 140), 0.5);
      f++;
    }
    assertThat(f - 1).isEqualTo(15);
    assertThat(((CaptureStep.Capture) s).stillMs()).isEqualTo(t(15) - t(7));
    assertThat(((CaptureStep.Capture) s).corners().get(0)).isEqualTo(new Corner(420, 140));
  }

  @Test
  void no_page_until_the_timeout_gives_a_clear_no_page_found() {
    CaptureStep s = null;
    int i = 0;
    while (!(s instanceof CaptureStep.GiveUp)) {
      s = offer(i++, NONE, 0.3);
    }
    assertThat(t(i - 1)).isGreaterThanOrEqualTo(3000);
    CaptureStep.GiveUp g = (CaptureStep.GiveUp) s;
    assertThat(g.problem()).isEqualTo(ScanProblem.NOT_FOUND);
    assertThat(g.reason()).isEqualTo("no page found in " + t(i - 1)
        + " ms (last frame: no region stands out from the background)");
    assertThat(g.problem().residentMessage().key()).isEqualTo(ScanProblem.NOT_FOUND.residentMessage().key());
  }

  @Test
  void a_page_cut_off_at_the_timeout_says_so() {
    CaptureStep s = null;
    int i = 0;
    while (!(s instanceof CaptureStep.GiveUp)) {
      s = offer(i++, new PageSearch.NotFound(ScanProblem.CUT_OFF, "the page outline touches the picture's edge"), 0.3);
    }
    assertThat(((CaptureStep.GiveUp) s).problem()).isEqualTo(ScanProblem.CUT_OFF);
    assertThat(((CaptureStep.GiveUp) s).reason()).startsWith("no whole page found in ")
        .endsWith("(last frame: the page outline touches the picture's edge)");
  }

  @Test
  void first_frame_without_a_motion_measure_may_start_the_settling() {
    assertThat(offer(0, page(450, 105), Double.NaN)).isEqualTo(new CaptureStep.Settling(1, 0));
  }

  @Test
  void frames_going_back_in_time_and_bad_policies_are_refused() {
    offer(3, NONE, 0);
    assertThatThrownBy(() -> auto.offer(t(2), NONE, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frames go forward in time");
    assertThatThrownBy(() -> new AutoCapturePolicy(3, 0.01, 1, Duration.ofMillis(500), Duration.ofSeconds(3)))
        .hasMessageStartingWith("stillFrames:");
    assertThatThrownBy(() -> new AutoCapturePolicy(3, 0.01, 5, Duration.ofSeconds(5), Duration.ofSeconds(3)))
        .hasMessageStartingWith("timeout:");
    assertThatThrownBy(() -> new AutoCapturePolicy(0, 0.01, 5, Duration.ofMillis(500), Duration.ofSeconds(3)))
        .hasMessageStartingWith("maxMotion:");
    assertThatThrownBy(() -> new AutoCapture(POLICY, 0, 10)).hasMessageStartingWith("frame size:");
  }
}
