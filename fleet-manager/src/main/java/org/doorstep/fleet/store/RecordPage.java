package org.doorstep.fleet.store;

import java.util.List;

/**
 * One page of records.
 *
 * @param items   newest first, at most {@code limit}
 * @param offset  the query's offset
 * @param limit   the query's limit
 * @param hasMore whether at least one more record matches after this page
 */
public record RecordPage(List<RecordSummary> items, int offset, int limit, boolean hasMore) {
  public RecordPage {
    items = List.copyOf(items);
  }
}
