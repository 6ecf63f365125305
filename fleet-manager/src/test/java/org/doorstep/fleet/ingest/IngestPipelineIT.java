package org.doorstep.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.doorstep.fleet.testing.TestCiphers;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.store.DeviceOverview;
import org.doorstep.fleet.store.RecordQuery;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.testing.FakeDevicePublisher;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline on a real SQLite store, fed from several "broker threads" at once, with resends. */
@ExtendWith(VertxExtension.class)
class IngestPipelineIT {
  @TempDir
  Path dir;

  private FleetStores store;
  private IngestPipeline pipeline;
  private final FakeDevicePublisher publisher = new FakeDevicePublisher();
  private final List<TestKiosk> kiosks = new ArrayList<>();

  @BeforeEach
  void setUp(Vertx vertx) {
    store = await(FleetStores.sqlite(vertx, dir.resolve("fleet.db"), TestCiphers.aes()));
    DeviceRegistry registry = new DeviceRegistry(store.devices(), Clock.systemUTC());
    for (int i = 0; i < 4; i++) {
      TestKiosk k = TestKiosk.create("kiosk-" + i);
      kiosks.add(k);
      await(registry.register(k.deviceId(), k.publicKeyPem(), "cn-11010" + i));
    }
    pipeline = IngestPipeline.create(vertx, store.records(), store.devices(), registry,
        IngestOptions.defaults().withBatch(100, Duration.ofMillis(5)), Clock.systemUTC());
    pipeline.attach(publisher);
  }

  @AfterEach
  void tearDown() {
    await(pipeline.close());
    await(store.close());
  }

  @Test
  void killed_kiosk_whose_will_is_older_than_its_heartbeats_is_listed_offline() {
    TestKiosk k = kiosks.get(0);
    Instant connectedAt = Instant.parse("2026-03-01T08:00:00Z");
    // The agent's will is its state at connect time; heartbeats every 30 s follow.
    byte[] will = k.stateMessage(false, connectedAt);
    pipeline.accept(k.stateTopic(), k.stateMessage(true, connectedAt.plusSeconds(30)));
    pipeline.accept(k.stateTopic(), k.stateMessage(true, connectedAt.plusSeconds(60)));
    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().states() == 2);

    pipeline.accept(k.stateTopic(), will); // the broker publishes it when the connection dies
    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().states() == 3);

    DeviceOverview o = overview(k.deviceId());
    assertThat(o.online()).as("online after the will").contains(false);
    assertThat(o.lastSeen()).contains(connectedAt.plusSeconds(60));

    // Reconnected: the new connection's first state is later than anything before.
    pipeline.accept(k.stateTopic(), k.stateMessage(true, connectedAt.plusSeconds(75)));
    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().states() == 4);
    assertThat(overview(k.deviceId()).online()).contains(true);
  }

  private DeviceOverview overview(String deviceId) {
    return await(store.devices().queryDevices(org.doorstep.fleet.store.DeviceQuery.everyDevice())).items().stream().filter(o -> o.device().deviceId().equals(deviceId))
        .findFirst().orElseThrow();
  }

  @Test
  void concurrent_publishers_with_resends_store_every_record_once_and_ack_each() throws Exception {
    int perKiosk = 250;
    List<List<byte[]>> payloads = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (TestKiosk k : kiosks) {
      List<byte[]> mine = new ArrayList<>();
      for (int i = 0; i < perKiosk; i++) {
        CertificationRecord r = k.nextRecord();
        ids.add(r.recordId());
        byte[] signed = k.signed(r);
        mine.add(signed);
        if (i % 10 == 0) {
          mine.add(signed); // an agent resend
        }
      }
      payloads.add(mine);
    }
    ExecutorService brokerThreads = Executors.newFixedThreadPool(kiosks.size());
    for (int i = 0; i < kiosks.size(); i++) {
      TestKiosk k = kiosks.get(i);
      List<byte[]> mine = payloads.get(i);
      brokerThreads.execute(() -> mine.forEach(p -> pipeline.accept(k.recordsTopic(), p)));
    }
    brokerThreads.shutdown();
    assertThat(brokerThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.stats().queued() == 0
        && pipeline.stats().stored() == ids.size());

    IngestStats stats = pipeline.stats();
    assertThat(stats.duplicates()).isEqualTo(kiosks.size() * 25L);
    assertThat(stats.rejectedTotal()).isZero();
    assertThat(stats.dropped()).isZero();
    Set<String> acked = new HashSet<>();
    for (TestKiosk k : kiosks) {
      acked.addAll(publisher.storedIdsFor(k.deviceId()));
    }
    assertThat(acked).isEqualTo(ids);
    long rows = 0;
    for (TestKiosk k : kiosks) {
      rows += await(store.records().findRecords(RecordQuery.all().withDevice(k.deviceId()).withPage(500, 0))).items().size();
    }
    assertThat(rows).isEqualTo(ids.size());
    assertThat(stats.batches()).isLessThan(ids.size());
  }
}
