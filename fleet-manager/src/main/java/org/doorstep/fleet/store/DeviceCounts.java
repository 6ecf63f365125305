package org.doorstep.fleet.store;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How many devices a region scope holds, by registered region and {@link DeviceStatus}.
 *
 * @param regions one entry per registered region that holds a device, ordered by region
 */
public record DeviceCounts(List<Region> regions) {
  public DeviceCounts {
    regions = List.copyOf(regions);
  }

  /**
   * The devices of one registered region.
   *
   * @param region   the registered region code
   * @param byStatus count per status; every status present (0 when none)
   */
  public record Region(String region, Map<DeviceStatus, Long> byStatus) {
    public Region {
      Objects.requireNonNull(region, "region");
      EnumMap<DeviceStatus, Long> all = new EnumMap<>(DeviceStatus.class);
      for (DeviceStatus s : DeviceStatus.values()) {
        long n = byStatus.getOrDefault(s, 0L);
        if (n < 0) {
          throw new IllegalArgumentException("byStatus." + s.wireName() + ": must be >= 0, was " + n);
        }
        all.put(s, n);
      }
      byStatus = java.util.Collections.unmodifiableMap(all);
    }

    /** Devices of this region, every status. */
    public long total() {
      return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Devices of the scope per status. */
  public Map<DeviceStatus, Long> byStatus() {
    EnumMap<DeviceStatus, Long> sum = new EnumMap<>(DeviceStatus.class);
    for (DeviceStatus s : DeviceStatus.values()) {
      sum.put(s, regions.stream().mapToLong(r -> r.byStatus().get(s)).sum());
    }
    return sum;
  }

  /** Devices of the scope. */
  public long total() {
    return regions.stream().mapToLong(Region::total).sum();
  }
}
