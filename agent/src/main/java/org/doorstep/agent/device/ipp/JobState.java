package org.doorstep.agent.device.ipp;

import java.util.Optional;

/** job-state (RFC 8011 §5.3.7). */
public enum JobState {
  PENDING(3), PENDING_HELD(4), PROCESSING(5), PROCESSING_STOPPED(6), CANCELED(7), ABORTED(8), COMPLETED(9);

  private final int code;

  JobState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** Whether the job will not change any more (canceled, aborted, completed). */
  public boolean isTerminal() {
    return code >= 7;
  }

  /** The keyword, e.g. {@code processing-stopped}. */
  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public static Optional<JobState> of(int code) {
    for (JobState s : values()) {
      if (s.code == code) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
