package org.doorstep.fleet.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A page of a record search. Filters combine with AND; results are newest first by capture time
 * (then record id, descending, so that paging is stable).
 *
 * @param deviceId only this device
 * @param service  only this service
 * @param from     capture time at or after (inclusive)
 * @param to       capture time before (exclusive)
 * @param limit    page size, 1–{@value #MAX_LIMIT}
 * @param offset   rows to skip, ≥ 0
 * @param regionPrefix only devices whose registered region starts with these digits (an operator's
 *                 GB/T 2260 scope); empty = every region
 */
public record RecordQuery(
    Optional<String> deviceId,
    Optional<String> service,
    Optional<Instant> from,
    Optional<Instant> to,
    int limit,
    int offset,
    Optional<String> regionPrefix) {
  /** Largest page: keeps a single REST answer well under a megabyte. */
  public static final int MAX_LIMIT = 500;
  /** Default page size for the REST API. */
  public static final int DEFAULT_LIMIT = 50;

  public RecordQuery {
    deviceId = deviceId == null ? Optional.empty() : deviceId;
    service = service == null ? Optional.empty() : service;
    from = from == null ? Optional.empty() : from;
    to = to == null ? Optional.empty() : to;
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: must be in 1.." + MAX_LIMIT + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset: must be >= 0, was " + offset);
    }
    regionPrefix = regionPrefix == null ? Optional.empty() : regionPrefix;
    if (regionPrefix.isPresent() && !regionPrefix.get().matches("[0-9]{1,12}")) {
      throw new IllegalArgumentException("regionPrefix: must be digits, was '" + regionPrefix.get() + "'");
    }
  }

  /** A query over every region. */
  public RecordQuery(Optional<String> deviceId, Optional<String> service, Optional<Instant> from, Optional<Instant> to,
      int limit, int offset) {
    this(deviceId, service, from, to, limit, offset, Optional.empty());
  }

  /** The first page of everything, newest first. */
  public static RecordQuery all() {
    return new RecordQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT, 0);
  }

  public RecordQuery withDevice(String id) {
    return new RecordQuery(Optional.of(id), service, from, to, limit, offset, regionPrefix);
  }

  public RecordQuery withService(String s) {
    return new RecordQuery(deviceId, Optional.of(s), from, to, limit, offset, regionPrefix);
  }

  public RecordQuery withRange(Instant fromInclusive, Instant toExclusive) {
    return new RecordQuery(deviceId, service, Optional.ofNullable(fromInclusive), Optional.ofNullable(toExclusive),
        limit, offset, regionPrefix);
  }

  public RecordQuery withPage(int newLimit, int newOffset) {
    return new RecordQuery(deviceId, service, from, to, newLimit, newOffset, regionPrefix);
  }

  /** Only records of devices registered in a region starting with {@code digits}. */
  public RecordQuery withRegionPrefix(String digits) {
    return new RecordQuery(deviceId, service, from, to, limit, offset, Optional.of(digits));
  }
}
