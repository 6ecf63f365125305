package org.doorstep.fleet.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.doorstep.fleet.store.BatchResult;
import org.doorstep.fleet.store.DeviceCounts;
import org.doorstep.fleet.store.DeviceOverview;
import org.doorstep.fleet.store.DevicePage;
import org.doorstep.fleet.store.DeviceQuery;
import org.doorstep.fleet.store.DeviceStatus;
import org.doorstep.fleet.store.DeviceStore;
import org.doorstep.fleet.store.RecordPage;
import org.doorstep.fleet.store.RecordQuery;
import org.doorstep.fleet.store.RecordStore;
import org.doorstep.fleet.store.RecordSummary;
import org.doorstep.fleet.store.RegisterResult;
import org.doorstep.fleet.store.RegisteredDevice;
import org.doorstep.fleet.store.StoreException;
import org.doorstep.fleet.store.StoreOutcome;
import org.doorstep.fleet.store.StoredRecord;

/**
 * An in-memory {@link RecordStore} and {@link DeviceStore} with the JDBC stores' semantics (held to
 * them by {@code store/FakeRecordStoreTest}, which runs it through {@code RecordStoreContract}), plus
 * test controls: {@link #holdCommits()} keeps batches uncommitted until {@link #releaseCommits()},
 * {@link #failNextBatch()} fails one batch. Thread-safe (synchronized).
 */
public final class FakeRecordStore implements RecordStore, DeviceStore {
  private final Map<String, StoredRecord> records = new LinkedHashMap<>();
  private final Map<String, RegisteredDevice> devices = new LinkedHashMap<>();
  private final Map<String, StateRow> states = new LinkedHashMap<>();
  private final Map<String, Instant> lastRecordAt = new LinkedHashMap<>();
  private final List<Runnable> held = new ArrayList<>();
  private final AtomicBoolean failNext = new AtomicBoolean();
  private boolean holding;
  private int batches;

  private record StateRow(boolean online, String json, Instant at) {}

  @Override
  public String kind() {
    return "fake";
  }

  /** From now on, batches wait until {@link #releaseCommits()}. */
  public synchronized void holdCommits() {
    holding = true;
  }

  /** Commits every held batch and stops holding. */
  public void releaseCommits() {
    List<Runnable> toRun;
    synchronized (this) {
      holding = false;
      toRun = List.copyOf(held);
      held.clear();
    }
    toRun.forEach(Runnable::run);
  }

  /** Batches waiting for {@link #releaseCommits()}. */
  public synchronized int heldBatches() {
    return held.size();
  }

  /** The next batch fails as a database error would (nothing stored). */
  public void failNextBatch() {
    failNext.set(true);
  }

  /** Committed batches so far. */
  public synchronized int batches() {
    return batches;
  }

  /** Every stored record, in insertion order. */
  public synchronized List<StoredRecord> records() {
    return List.copyOf(records.values());
  }

  @Override
  public Future<BatchResult> storeBatch(List<StoredRecord> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(new BatchResult(List.of()));
    }
    if (failNext.getAndSet(false)) {
      return Future.failedFuture(new StoreException(StoreException.Reason.FAILED, "fake: batch failed", null));
    }
    Promise<BatchResult> p = Promise.promise();
    Runnable commit = () -> p.complete(commit(batch));
    synchronized (this) {
      if (holding) {
        held.add(commit);
        return p.future();
      }
    }
    commit.run();
    return p.future();
  }

  private synchronized BatchResult commit(List<StoredRecord> batch) {
    List<StoreOutcome> out = new ArrayList<>();
    for (StoredRecord r : batch) {
      StoredRecord existing = records.get(r.recordId());
      if (existing != null) {
        out.add(existing.deviceId().equals(r.deviceId()) ? StoreOutcome.DUPLICATE : StoreOutcome.ID_CONFLICT);
      } else if (records.values().stream().anyMatch(x -> x.deviceId().equals(r.deviceId())
          && x.summary().seq() == r.summary().seq())) {
        out.add(StoreOutcome.SEQUENCE_CONFLICT);
      } else {
        records.put(r.recordId(), r);
        out.add(StoreOutcome.STORED);
      }
    }
    // As the JDBC store: every row of the batch (stored or not) advances its registered device's
    // last-record time to the batch's latest receive time.
    for (StoredRecord r : batch) {
      if (devices.containsKey(r.deviceId())) {
        lastRecordAt.merge(r.deviceId(), r.summary().receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    batches++;
    return new BatchResult(out);
  }

  @Override
  public synchronized Future<Optional<StoredRecord>> findRecord(String recordId) {
    return Future.succeededFuture(Optional.ofNullable(records.get(recordId)));
  }

  @Override
  public synchronized Future<Long> lastSequence(String deviceId) {
    return Future.succeededFuture(records.values().stream().map(StoredRecord::summary)
        .filter(s -> s.deviceId().equals(deviceId)).mapToLong(RecordSummary::seq).max().orElse(0L));
  }

  @Override
  public synchronized Future<RecordPage> findRecords(RecordQuery q) {
    List<RecordSummary> all = records.values().stream().map(StoredRecord::summary)
        .filter(s -> q.deviceId().map(s.deviceId()::equals).orElse(true))
        .filter(s -> q.service().map(s.service()::equals).orElse(true))
        .filter(s -> q.regionPrefix().map(prefix -> Optional.ofNullable(devices.get(s.deviceId()))
            .map(d -> d.region().startsWith(prefix)).orElse(false)).orElse(true))
        .filter(s -> q.from().map(f -> !s.capturedAt().isBefore(f)).orElse(true))
        .filter(s -> q.to().map(s.capturedAt()::isBefore).orElse(true))
        .sorted(Comparator.comparing(RecordSummary::capturedAt).thenComparing(RecordSummary::recordId).reversed())
        .toList();
    int from = Math.min(q.offset(), all.size());
    int to = Math.min(from + q.limit(), all.size());
    return Future.succeededFuture(new RecordPage(all.subList(from, to), q.offset(), q.limit(), to < all.size()));
  }

  @Override
  public synchronized Future<RegisterResult> registerDevice(RegisteredDevice device) {
    RegisteredDevice existing = devices.putIfAbsent(device.deviceId(), device);
    return Future.succeededFuture(existing == null ? new RegisterResult(device, true) : new RegisterResult(existing, false));
  }

  @Override
  public synchronized Future<Optional<RegisteredDevice>> findDevice(String deviceId) {
    return Future.succeededFuture(Optional.ofNullable(devices.get(deviceId)));
  }

  @Override
  public synchronized Future<DevicePage> queryDevices(DeviceQuery q) {
    List<DeviceOverview> all = devices.values().stream().sorted(Comparator.comparing(RegisteredDevice::deviceId))
        .map(d -> {
          StateRow s = states.get(d.deviceId());
          return new DeviceOverview(d, Optional.ofNullable(s).map(StateRow::online),
              Optional.ofNullable(s).map(StateRow::json), Optional.ofNullable(s).map(StateRow::at),
              Optional.ofNullable(lastRecordAt.get(d.deviceId())), seqGaps(d.deviceId()));
        })
        .filter(o -> q.regionPrefix().map(p -> o.device().region().startsWith(p)).orElse(true))
        .filter(o -> q.status().map(st -> DeviceStatus.of(o) == st).orElse(true))
        .filter(o -> q.deviceId().map(id -> o.device().deviceId().equals(id)).orElse(true))
        .filter(o -> q.idContains().map(t -> o.device().deviceId().toLowerCase(java.util.Locale.ROOT)
            .contains(t.toLowerCase(java.util.Locale.ROOT))).orElse(true))
        .toList();
    int from = Math.min(q.offset(), all.size());
    int to = (int) Math.min((long) from + q.limit(), all.size());
    return Future.succeededFuture(new DevicePage(all.subList(from, to), all.size(), q.offset(), q.limit()));
  }

  @Override
  public synchronized Future<DeviceCounts> countDevices(Optional<String> regionPrefix) {
    java.util.TreeMap<String, java.util.Map<DeviceStatus, Long>> byRegion = new java.util.TreeMap<>();
    for (DeviceOverview o : queryDevices(DeviceQuery.everyDevice()).result().items()) {
      if (regionPrefix.map(p -> o.device().region().startsWith(p)).orElse(true)) {
        byRegion.computeIfAbsent(o.device().region(), r -> new java.util.EnumMap<>(DeviceStatus.class))
            .merge(DeviceStatus.of(o), 1L, Long::sum);
      }
    }
    List<DeviceCounts.Region> regions = new java.util.ArrayList<>();
    byRegion.forEach((r, c) -> regions.add(new DeviceCounts.Region(r, c)));
    return Future.succeededFuture(new DeviceCounts(regions));
  }

  /** As the JDBC store counts them: the highest stored seq minus the number of stored records. */
  private long seqGaps(String deviceId) {
    long max = 0;
    long count = 0;
    for (StoredRecord r : records.values()) {
      if (r.deviceId().equals(deviceId)) {
        max = Math.max(max, r.summary().seq());
        count++;
      }
    }
    return Math.max(0, max - count);
  }

  @Override
  public synchronized Future<Boolean> revokeDevice(String deviceId) {
    RegisteredDevice d = devices.get(deviceId);
    if (d == null) {
      return Future.succeededFuture(false);
    }
    devices.put(deviceId, new RegisteredDevice(d.deviceId(), d.publicKeyPem(), d.algorithm(), d.keyId(), d.region(),
        d.registeredAt(), true));
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Void> saveState(String deviceId, boolean online, String stateJson, Instant reportedAt) {
    StateRow old = states.get(deviceId);
    boolean newer = old == null || old.at().isBefore(reportedAt)
        || (old.at().equals(reportedAt) && (old.online() == online || !online));
    if (newer) {
      states.put(deviceId, new StateRow(online, stateJson, reportedAt));
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> saveOffline(String deviceId, String stateJson, Instant reportedAt) {
    StateRow old = states.get(deviceId);
    Instant at = old != null && old.at().isAfter(reportedAt) ? old.at() : reportedAt;
    states.put(deviceId, new StateRow(false, stateJson, at));
    return Future.succeededFuture();
  }
}
