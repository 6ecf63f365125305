package org.doorstep.fleet.store;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A page of the device list. Filters combine with AND; devices come ordered by device id (unique, so
 * paging is stable).
 *
 * @param regionPrefix only devices whose registered region starts with these digits (an operator's GB/T
 *                     2260 scope, or a narrower region inside it); empty = every region
 * @param status       only devices in this {@link DeviceStatus}
 * @param idContains   only devices whose id contains this text, ignoring ASCII case; device-id characters
 *                     only ({@code [A-Za-z0-9._-]}, 1–64)
 * @param deviceId     only this device (the device page)
 * @param limit        page size, 1–{@value #MAX_LIMIT}, or {@link #EVERY} (only {@link #everyDevice()}:
 *                     the fleet's own background jobs, never a request)
 * @param offset       rows to skip, ≥ 0
 */
public record DeviceQuery(
    Optional<String> regionPrefix,
    Optional<DeviceStatus> status,
    Optional<String> idContains,
    Optional<String> deviceId,
    int limit,
    int offset) {
  /** Largest page: 500 devices with their last state are about 250 KB of JSON. */
  public static final int MAX_LIMIT = 500;
  /** Default page size of the REST API (one console page). */
  public static final int DEFAULT_LIMIT = 50;
  /** The limit of {@link #everyDevice()}. */
  public static final int EVERY = Integer.MAX_VALUE;
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
  private static final Pattern ID_TEXT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Validates; empty optionals for nulls. */
  public DeviceQuery {
    regionPrefix = regionPrefix == null ? Optional.empty() : regionPrefix;
    status = status == null ? Optional.empty() : status;
    idContains = idContains == null ? Optional.empty() : idContains;
    deviceId = deviceId == null ? Optional.empty() : deviceId;
    if (regionPrefix.isPresent() && !DIGITS.matcher(regionPrefix.get()).matches()) {
      throw new IllegalArgumentException("region: must be 1..12 digits (a GB/T 2260 code or its prefix), was '"
          + regionPrefix.get() + "'");
    }
    if (idContains.isPresent() && !ID_TEXT.matcher(idContains.get()).matches()) {
      throw new IllegalArgumentException("q: must be 1..64 device-id characters [A-Za-z0-9._-]");
    }
    if ((limit < 1 || limit > MAX_LIMIT) && limit != EVERY) {
      throw new IllegalArgumentException("limit: must be in 1.." + MAX_LIMIT + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset: must be >= 0, was " + offset);
    }
  }

  /** The first page of every device. */
  public static DeviceQuery firstPage() {
    return new DeviceQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT, 0);
  }

  /** Every device in one answer: for the fleet's background jobs (registry refresh, alarms, rollouts). */
  public static DeviceQuery everyDevice() {
    return new DeviceQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), EVERY, 0);
  }

  /** The one device {@code id} (a page of at most one). */
  public static DeviceQuery ofDevice(String id) {
    return new DeviceQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(id), 1, 0);
  }

  public DeviceQuery withRegionPrefix(String digits) {
    return new DeviceQuery(Optional.of(digits), status, idContains, deviceId, limit, offset);
  }

  public DeviceQuery withStatus(DeviceStatus s) {
    return new DeviceQuery(regionPrefix, Optional.of(s), idContains, deviceId, limit, offset);
  }

  public DeviceQuery withIdContaining(String text) {
    return new DeviceQuery(regionPrefix, status, Optional.of(text), deviceId, limit, offset);
  }

  public DeviceQuery withPage(int newLimit, int newOffset) {
    return new DeviceQuery(regionPrefix, status, idContains, deviceId, newLimit, newOffset);
  }
}
