package org.doorstep.fleet.store;

import java.util.List;

/**
 * The outcome of one committed batch, one entry per input record, in input order.
 *
 * @param outcomes what happened to {@code batch.get(i)}
 */
public record BatchResult(List<StoreOutcome> outcomes) {
  public BatchResult {
    outcomes = List.copyOf(outcomes);
  }

  /** How many entries have {@code outcome}. */
  public long count(StoreOutcome outcome) {
    return outcomes.stream().filter(o -> o == outcome).count();
  }
}
