package org.doorstep.agent.device.ipp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.doorstep.agent.device.forms.FormPrinterProblem;

/**
 * What to do after each Get-Job-Attributes answer, as a plain state machine (no I/O, no clock of its own):
 * completed → done; aborted or canceled → failed with the job-state-reasons; otherwise poll again after the
 * poll interval, until the job timeout has passed since the job was accepted.
 *
 * <table>
 *   <caption>job-state → next</caption>
 *   <tr><th>job-state</th><th>before the deadline</th><th>after it</th></tr>
 *   <tr><td>pending, pending-held, processing</td><td>Poll</td><td>Failed JOB_TIMEOUT</td></tr>
 *   <tr><td>processing-stopped (printer needs attention)</td><td>Poll (the caller reads the printer's reasons)</td><td>Failed JOB_TIMEOUT</td></tr>
 *   <tr><td>completed</td><td colspan="2">Done</td></tr>
 *   <tr><td>aborted</td><td colspan="2">Failed JOB_ABORTED</td></tr>
 *   <tr><td>canceled</td><td colspan="2">Failed JOB_CANCELED</td></tr>
 * </table>
 */
public final class JobFollow {
  /** The decision. */
  public sealed interface Next permits Poll, Done, Failed {}

  /** Ask again after {@code after}; {@code printerNeedsAttention} when the job is processing-stopped. */
  public record Poll(Duration after, boolean printerNeedsAttention) implements Next {}

  /** The job completed. */
  public record Done() implements Next {}

  /** The job will not complete. {@code detail} names the state and reasons (no personal data). */
  public record Failed(FormPrinterProblem problem, String detail) implements Next {}

  private final Instant deadline;
  private final Duration pollInterval;
  private final Duration jobTimeout;

  /**
   * @param accepted     when Print-Job was answered
   * @param jobTimeout   how long a job may take (an office laser needs seconds; a printer waking up, a minute)
   * @param pollInterval time between two Get-Job-Attributes
   */
  public JobFollow(Instant accepted, Duration jobTimeout, Duration pollInterval) {
    Objects.requireNonNull(accepted, "accepted");
    if (jobTimeout.isNegative() || jobTimeout.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("jobTimeout, pollInterval: must be positive");
    }
    this.deadline = accepted.plus(jobTimeout);
    this.pollInterval = pollInterval;
    this.jobTimeout = jobTimeout;
  }

  /** The decision for a job seen in {@code state} with {@code reasons} at {@code now}. */
  public Next next(JobState state, List<String> reasons, Instant now) {
    String detail = "job " + state.keyword() + (reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")");
    switch (state) {
      case COMPLETED -> {
        return new Done();
      }
      case ABORTED -> {
        return new Failed(FormPrinterProblem.JOB_ABORTED, detail);
      }
      case CANCELED -> {
        return new Failed(FormPrinterProblem.JOB_CANCELED, detail);
      }
      default -> {
        if (!now.isBefore(deadline)) {
          return new Failed(FormPrinterProblem.JOB_TIMEOUT, detail + ", still not completed after "
              + jobTimeout.toSeconds() + " s");
        }
        Duration left = Duration.between(now, deadline);
        return new Poll(left.compareTo(pollInterval) < 0 ? left : pollInterval, state == JobState.PROCESSING_STOPPED);
      }
    }
  }
}
