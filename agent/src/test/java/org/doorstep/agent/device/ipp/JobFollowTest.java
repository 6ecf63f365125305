package org.doorstep.agent.device.ipp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.doorstep.agent.device.forms.FormPrinterProblem;
import org.junit.jupiter.api.Test;

class JobFollowTest {
  private static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");
  private final JobFollow follow = new JobFollow(T0, Duration.ofSeconds(120), Duration.ofSeconds(1));

  @Test
  void completed_isDone() {
    assertThat(follow.next(JobState.COMPLETED, List.of("job-completed-successfully"), T0.plusSeconds(3)))
        .isInstanceOf(JobFollow.Done.class);
  }

  @Test
  void aborted_failsWithTheReasons() {
    assertThat(follow.next(JobState.ABORTED, List.of("aborted-by-system"), T0))
        .isEqualTo(new JobFollow.Failed(FormPrinterProblem.JOB_ABORTED, "job aborted (aborted-by-system)"));
  }

  @Test
  void canceled_fails() {
    assertThat(follow.next(JobState.CANCELED, List.of(), T0))
        .isEqualTo(new JobFollow.Failed(FormPrinterProblem.JOB_CANCELED, "job canceled"));
  }

  @Test
  void pendingOrProcessing_pollsAfterTheInterval() {
    for (JobState s : List.of(JobState.PENDING, JobState.PENDING_HELD, JobState.PROCESSING)) {
      assertThat(follow.next(s, List.of(), T0.plusSeconds(5))).isEqualTo(new JobFollow.Poll(Duration.ofSeconds(1), false));
    }
  }

  @Test
  void processingStopped_pollsAndAsksForThePrinter() {
    assertThat(follow.next(JobState.PROCESSING_STOPPED, List.of("printer-stopped"), T0))
        .isEqualTo(new JobFollow.Poll(Duration.ofSeconds(1), true));
  }

  @Test
  void lastPoll_isShortenedToTheDeadline() {
    assertThat(follow.next(JobState.PROCESSING, List.of(), T0.plusMillis(119_700)))
        .isEqualTo(new JobFollow.Poll(Duration.ofMillis(300), false));
  }

  @Test
  void atTheDeadline_failsWithJobTimeout() {
    JobFollow.Next next = follow.next(JobState.PROCESSING_STOPPED, List.of("printer-stopped"), T0.plusSeconds(120));
    assertThat(next).isEqualTo(new JobFollow.Failed(FormPrinterProblem.JOB_TIMEOUT,
        "job processing-stopped (printer-stopped), still not completed after 120 s"));
  }

  @Test
  void everyTerminalState_endsTheFollow() {
    for (JobState s : JobState.values()) {
      JobFollow.Next n = follow.next(s, List.of(), T0);
      assertThat(n instanceof JobFollow.Poll).as(s.keyword()).isEqualTo(!s.isTerminal());
    }
  }
}
