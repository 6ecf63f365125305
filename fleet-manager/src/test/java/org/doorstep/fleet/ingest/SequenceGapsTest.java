package org.doorstep.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.doorstep.fleet.ingest.SequenceGaps.Gap;
import org.junit.jupiter.api.Test;

/** A gap counts only once it has stayed open for the window; late records close it silently. */
class SequenceGapsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(30);
  private final SequenceGaps gaps = new SequenceGaps(WINDOW);

  @Test
  void consecutive_sequence_has_no_gap() {
    gaps.stored("k1", 1, T0);
    gaps.stored("k1", 2, T0);

    assertThat(gaps.openCount()).isZero();
    assertThat(gaps.due(T0.plus(WINDOW))).isEmpty();
  }

  @Test
  void skipped_numbers_still_missing_after_the_window_are_reported_once() {
    gaps.stored("k1", 3, T0);
    gaps.stored("k1", 7, T0);

    assertThat(gaps.due(T0.plus(WINDOW).minusMillis(1))).isEmpty();
    assertThat(gaps.due(T0.plus(WINDOW))).containsExactly(new Gap("k1", 4, 6, T0));
    assertThat(gaps.due(T0.plus(WINDOW.multipliedBy(10)))).isEmpty();
  }

  @Test
  void gap_filled_within_the_window_is_not_a_gap() {
    gaps.stored("k1", 5, T0);
    gaps.stored("k1", 8, T0);
    gaps.stored("k1", 7, T0.plusSeconds(1));
    gaps.stored("k1", 6, T0.plusSeconds(2));

    assertThat(gaps.openCount()).isZero();
    assertThat(gaps.due(T0.plus(WINDOW))).isEmpty();
  }

  @Test
  void partly_filled_gap_reports_only_what_is_still_missing() {
    gaps.stored("k1", 1, T0);
    gaps.stored("k1", 10, T0);
    gaps.stored("k1", 5, T0.plusSeconds(1));
    gaps.stored("k1", 2, T0.plusSeconds(1));

    assertThat(gaps.due(T0.plus(WINDOW))).containsExactly(new Gap("k1", 3, 4, T0), new Gap("k1", 6, 9, T0));
  }

  @Test
  void first_record_of_a_device_sets_the_baseline_and_devices_are_apart() {
    gaps.stored("k1", 40, T0);
    gaps.stored("k2", 1, T0);
    gaps.stored("k2", 3, T0);
    gaps.stored("k1", 2, T0); // below k1's baseline: not one of this instance's gaps

    assertThat(gaps.due(T0.plus(WINDOW))).containsExactly(new Gap("k2", 2, 2, T0));
  }

  @Test
  void record_arriving_after_its_gap_was_reported_changes_nothing() {
    gaps.stored("k1", 1, T0);
    gaps.stored("k1", 3, T0);
    assertThat(gaps.due(T0.plus(WINDOW))).hasSize(1);

    assertThat(gaps.stored("k1", 2, T0.plus(WINDOW).plusSeconds(1))).isEmpty();
    assertThat(gaps.due(T0.plus(WINDOW.multipliedBy(3)))).isEmpty();
  }

  @Test
  void each_gap_is_due_a_window_after_it_opened() {
    gaps.stored("k1", 1, T0);
    gaps.stored("k1", 3, T0);
    gaps.stored("k1", 6, T0.plusSeconds(20));

    assertThat(gaps.due(T0.plus(WINDOW))).containsExactly(new Gap("k1", 2, 2, T0));
    assertThat(gaps.due(T0.plusSeconds(20).plus(WINDOW))).containsExactly(new Gap("k1", 4, 5, T0.plusSeconds(20)));
  }

  /** The burst the independent client saw: 10,000 records of one device, out of order, none missing. */
  @Test
  void shuffled_complete_burst_reports_no_gap() {
    List<Long> seqs = new ArrayList<>(LongStream.rangeClosed(1, 10_000).boxed().toList());
    // Local reordering as a parallel verify pool produces it: swaps within a short distance.
    Random random = new Random(10);
    for (int i = 1; i < seqs.size(); i++) {
      int j = Math.max(1, i - random.nextInt(40));
      Collections.swap(seqs, i, j);
    }
    seqs.forEach(s -> gaps.stored("k1", s, T0));

    assertThat(gaps.due(T0.plus(WINDOW))).isEmpty();
    assertThat(gaps.openCount()).isZero();
  }

  @Test
  void too_many_open_gaps_confirm_the_oldest_at_once() {
    gaps.stored("k1", 1, T0);
    List<Gap> early = new ArrayList<>();
    for (long s = 3; s <= 2 * (SequenceGaps.MAX_OPEN_PER_DEVICE + 1) + 1; s += 2) {
      early.addAll(gaps.stored("k1", s, T0));
    }

    assertThat(early).containsExactly(new Gap("k1", 2, 2, T0));
    assertThat(gaps.openCount()).isEqualTo(SequenceGaps.MAX_OPEN_PER_DEVICE);
  }

  @Test
  void window_must_be_positive() {
    assertThatThrownBy(() -> new SequenceGaps(Duration.ZERO)).hasMessageStartingWith("window: must be positive");
  }
}
