package org.doorstep.fleet.store;

import java.util.List;

/**
 * One page of devices.
 *
 * @param items  by device id, at most the query's limit
 * @param total  how many devices match the query's filters (all pages)
 * @param offset the query's offset
 * @param limit  the query's limit
 */
public record DevicePage(List<DeviceOverview> items, long total, int offset, int limit) {
  public DevicePage {
    items = List.copyOf(items);
    if (total < items.size()) {
      throw new IllegalArgumentException("total: must be >= items (" + items.size() + "), was " + total);
    }
  }

  /** Whether more devices match after this page. */
  public boolean hasMore() {
    return (long) offset + items.size() < total;
  }
}
