package org.doorstep.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Gap detection per device as records are stored. */
class SequenceTrackerTest {
  private final SequenceTracker tracker = new SequenceTracker();

  @Test
  void consecutive_sequence_has_no_gap() {
    assertThat(tracker.stored("k1", 1)).isEmpty();
    assertThat(tracker.stored("k1", 2)).isEmpty();
  }

  @Test
  void skipped_numbers_are_reported_once_with_their_count() {
    tracker.stored("k1", 3);

    assertThat(tracker.stored("k1", 7)).hasValue(3);
    assertThat(tracker.stored("k1", 8)).isEmpty();
  }

  @Test
  void late_lower_seq_fills_a_gap_without_a_report() {
    tracker.stored("k1", 5);
    tracker.stored("k1", 8);

    assertThat(tracker.stored("k1", 6)).isEmpty();
    assertThat(tracker.stored("k1", 9)).isEmpty();
  }

  @Test
  void first_record_of_a_device_sets_the_baseline() {
    assertThat(tracker.stored("k1", 40)).isEmpty();
    assertThat(tracker.stored("k2", 1)).isEmpty();
    assertThat(tracker.stored("k2", 3)).hasValue(1);
  }
}
