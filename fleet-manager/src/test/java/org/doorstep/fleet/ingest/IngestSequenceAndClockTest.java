package org.doorstep.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.store.StoredRecord;
import org.doorstep.fleet.testing.FakeDevicePublisher;
import org.doorstep.fleet.testing.FakeRecordStore;
import org.doorstep.fleet.testing.MutableClock;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sequence gaps and replays, and capture times far from the fleet clock (issue #6). */
@ExtendWith(VertxExtension.class)
class IngestSequenceAndClockTest {
  private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
  private final FakeRecordStore store = new FakeRecordStore();
  private final FakeDevicePublisher publisher = new FakeDevicePublisher();
  private final TestKiosk kiosk = TestKiosk.create("kiosk-1");
  private IngestPipeline pipeline;

  @BeforeEach
  void setUp(Vertx vertx) {
    DeviceRegistry registry = new DeviceRegistry(store, Clock.systemUTC());
    await(registry.register(kiosk.deviceId(), kiosk.publicKeyPem(), "cn-110105"));
    pipeline = IngestPipeline.create(vertx, store, store, registry,
        IngestOptions.defaults().withBatch(1, Duration.ZERO), Clock.fixed(NOW, ZoneOffset.UTC));
    pipeline.attach(publisher);
  }

  @AfterEach
  void tearDown() {
    await(pipeline.close());
  }

  private void publishAndWait(CertificationRecord r, int acks) {
    pipeline.accept(kiosk.recordsTopic(), kiosk.signed(r));
    await().atMost(Duration.ofSeconds(20)).until(() -> publisher.acksFor(kiosk.deviceId()).size() >= acks);
  }

  private StoredRecord stored(String recordId) {
    return store.records().stream().filter(r -> r.recordId().equals(recordId)).findFirst().orElseThrow();
  }

  @Test
  void record_captured_far_from_the_fleet_clock_is_stored_and_flagged_clockSkew() {
    CertificationRecord late = kiosk.record(1, "certification", NOW.minus(Duration.ofMinutes(11)));
    CertificationRecord ahead = kiosk.record(2, "certification", NOW.plus(Duration.ofMinutes(11)));
    CertificationRecord close = kiosk.record(3, "certification", NOW.minus(Duration.ofMinutes(9)));

    publishAndWait(late, 1);
    publishAndWait(ahead, 2);
    publishAndWait(close, 3);

    assertThat(publisher.storedIdsFor(kiosk.deviceId())).containsExactly(late.recordId(), ahead.recordId(), close.recordId());
    assertThat(stored(late.recordId()).summary().clockSkew()).isTrue();
    assertThat(stored(ahead.recordId()).summary().clockSkew()).isTrue();
    assertThat(stored(close.recordId()).summary().clockSkew()).isFalse();
    assertThat(pipeline.stats().clockSkewed()).isEqualTo(2);
  }

  @Test
  void gap_still_open_after_the_window_is_counted_and_records_are_still_stored(Vertx vertx) {
    MutableClock clock = new MutableClock();
    restart(vertx, clock);
    publishAndWait(kiosk.record(1, "certification", NOW), 1);
    publishAndWait(kiosk.record(5, "certification", NOW), 2);
    assertThat(store.records()).hasSize(2);
    assertThat(pipeline.stats().seqGaps()).isZero();

    clock.advance(GAP_WINDOW);

    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().seqGaps() == 3);
  }

  @Test
  void gap_filled_by_a_late_record_within_the_window_is_never_counted(Vertx vertx) {
    MutableClock clock = new MutableClock();
    restart(vertx, clock);
    publishAndWait(kiosk.record(1, "certification", NOW), 1);
    publishAndWait(kiosk.record(3, "certification", NOW), 2);
    publishAndWait(kiosk.record(2, "certification", NOW), 3);
    publishAndWait(kiosk.record(5, "certification", NOW), 4);

    clock.advance(GAP_WINDOW);

    // seq 4 stays missing and counts; seq 2 arrived late and does not.
    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().seqGaps() == 1);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> pipeline.stats().seqGaps() == 1);
  }

  private static final Duration GAP_WINDOW = Duration.ofSeconds(30);

  private void restart(Vertx vertx, java.time.Clock clock) {
    await(pipeline.close());
    DeviceRegistry registry = new DeviceRegistry(store, Clock.systemUTC());
    pipeline = IngestPipeline.create(vertx, store, store, registry,
        IngestOptions.defaults().withBatch(1, Duration.ZERO).withSeqGapWindow(GAP_WINDOW), clock);
    pipeline.attach(publisher);
  }

  @Test
  void late_record_filling_a_gap_is_stored_not_refused() {
    publishAndWait(kiosk.record(1, "certification", NOW), 1);
    publishAndWait(kiosk.record(3, "certification", NOW), 2);
    CertificationRecord late = kiosk.record(2, "certification", NOW);

    publishAndWait(late, 3);

    assertThat(publisher.storedIdsFor(kiosk.deviceId())).contains(late.recordId());
    assertThat(pipeline.stats().rejectedTotal()).isZero();
  }

  @Test
  void replayed_seq_with_another_record_id_is_refused_as_sequence_conflict() {
    CertificationRecord original = kiosk.record(4, "certification", NOW);
    CertificationRecord replay = kiosk.record(4, "certification", NOW);
    publishAndWait(original, 1);

    publishAndWait(replay, 2);

    assertThat(publisher.rejectionsFor(kiosk.deviceId())).extracting(Ack.Rejection::reason)
        .containsExactly(Ack.RejectReason.SEQUENCE_CONFLICT);
    assertThat(publisher.rejectionsFor(kiosk.deviceId()).get(0).detail())
        .isEqualTo("body.seq: 4 is already held by another record of this device");
    assertThat(store.records()).extracting(StoredRecord::recordId).containsExactly(original.recordId());
  }
}
