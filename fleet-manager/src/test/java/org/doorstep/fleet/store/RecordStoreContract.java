package org.doorstep.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.fleet.testing.Rows;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One body for every {@link RecordStore} with its {@link DeviceStore}: the JDBC stores on SQLite
 * ({@link SqliteRecordStoreIT}) and PostgreSQL ({@link PostgresRecordStoreInteropIT}), through
 * {@link JdbcStoreContract}, and the in-memory {@code testing.FakeRecordStore} the ingest and registry
 * tests use ({@link FakeRecordStoreTest}), so that the fake cannot drift from the real stores.
 * Subclasses open a fresh, empty pair per test.
 */
abstract class RecordStoreContract {
  protected RecordStore records;
  protected DeviceStore devices;

  /** Opens a fresh, empty store and sets {@link #records} and {@link #devices}. */
  protected abstract void openStores() throws Exception;

  /** Closes what {@link #openStores} opened. */
  protected abstract void closeStores() throws Exception;

  @BeforeEach
  void open() throws Exception {
    openStores();
  }

  @AfterEach
  void close() throws Exception {
    closeStores();
  }

  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  final TestKiosk kioskA = TestKiosk.create("kiosk-a");
  final TestKiosk kioskB = TestKiosk.create("kiosk-b");

  StoredRecord row(TestKiosk kiosk, long seq, String service, Instant captured) {
    return Rows.row(kiosk.record(seq, service, captured), captured.plusSeconds(1));
  }

  @Test
  void migrated_store_is_empty() {
    assertThat(await(records.findRecords(RecordQuery.all())).items()).isEmpty();
    assertThat(all()).isEmpty();
  }

  @Test
  void batch_is_stored_and_records_read_back_with_body() {
    StoredRecord r1 = row(kioskA, 1, "certification", T0);
    StoredRecord r2 = row(kioskA, 2, "certification", T0.plusSeconds(60));
    StoredRecord r3 = row(kioskB, 1, "registration", T0.plusSeconds(30));

    BatchResult result = await(records.storeBatch(List.of(r1, r2, r3)));

    assertThat(result.outcomes()).containsExactly(StoreOutcome.STORED, StoreOutcome.STORED, StoreOutcome.STORED);
    StoredRecord back = await(records.findRecord(r2.recordId())).orElseThrow();
    assertThat(back.summary()).isEqualTo(r2.summary());
    assertThat(back.bodyJson()).isEqualTo(r2.bodyJson());
    assertThat(back.signatureJson()).isEqualTo(r2.signatureJson());
    assertThat(back.summary().idNumberMasked()).isEqualTo("110***********002X");
    assertThat(await(records.findRecord("no-such-id"))).isEmpty();
  }

  @Test
  void last_sequence_is_the_highest_stored_seq_of_that_device_only() {
    assertThat(await(records.lastSequence("kiosk-a"))).isZero();
    // Out of order, with a gap: the highest counts, not the latest or the count.
    await(records.storeBatch(List.of(row(kioskA, 7, "certification", T0), row(kioskA, 3, "certification",
        T0.plusSeconds(60)), row(kioskB, 12, "certification", T0))));

    assertThat(await(records.lastSequence("kiosk-a"))).isEqualTo(7);
    assertThat(await(records.lastSequence("kiosk-b"))).isEqualTo(12);
    assertThat(await(records.lastSequence("kiosk-c"))).isZero();
  }

  @Test
  void duplicate_record_id_is_reported_and_stored_once() {
    StoredRecord r1 = row(kioskA, 1, "certification", T0);
    await(records.storeBatch(List.of(r1)));

    // resent in a later batch, and twice within one batch
    BatchResult again = await(records.storeBatch(List.of(r1, row(kioskA, 2, "certification", T0), r1)));

    assertThat(again.outcomes()).containsExactly(StoreOutcome.DUPLICATE, StoreOutcome.STORED, StoreOutcome.DUPLICATE);
    assertThat(await(records.findRecords(RecordQuery.all().withDevice("kiosk-a"))).items()).hasSize(2);
  }

  @Test
  void different_record_with_same_device_and_seq_is_a_sequence_conflict() {
    StoredRecord first = row(kioskA, 5, "certification", T0);
    StoredRecord other = row(kioskA, 5, "certification", T0.plusSeconds(1));
    await(records.storeBatch(List.of(first)));

    BatchResult result = await(records.storeBatch(List.of(other, row(kioskB, 5, "certification", T0))));

    assertThat(result.outcomes()).containsExactly(StoreOutcome.SEQUENCE_CONFLICT, StoreOutcome.STORED);
    assertThat(await(records.findRecord(other.recordId()))).isEmpty();
    assertThat(await(records.findRecord(first.recordId()))).isPresent();
  }

  @Test
  void record_id_taken_by_another_device_is_an_id_conflict() {
    CertificationRecord a = kioskA.record(1, "certification", T0);
    CertificationRecord b = new CertificationRecord(a.recordId(), "kiosk-b", 1, a.service(), a.mode(), a.subject(),
        a.operator(), a.liveness(), a.match(), a.outcome(), a.evidence(), a.configVersion(), a.agentVersion(),
        a.capturedAt());
    await(records.storeBatch(List.of(Rows.row(a, T0))));

    BatchResult result = await(records.storeBatch(List.of(Rows.row(b, T0))));

    assertThat(result.outcomes()).containsExactly(StoreOutcome.ID_CONFLICT);
  }

  @Test
  void records_page_newest_first_with_filters() {
    List<StoredRecord> rows = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      rows.add(row(kioskA, i, i % 2 == 0 ? "registration" : "certification", T0.plus(i, ChronoUnit.MINUTES)));
    }
    rows.add(row(kioskB, 1, "certification", T0.plus(90, ChronoUnit.MINUTES)));
    await(records.storeBatch(rows));

    RecordPage first = await(records.findRecords(RecordQuery.all().withDevice("kiosk-a").withPage(3, 0)));
    RecordPage second = await(records.findRecords(RecordQuery.all().withDevice("kiosk-a").withPage(3, 3)));
    RecordPage last = await(records.findRecords(RecordQuery.all().withDevice("kiosk-a").withPage(3, 6)));

    assertThat(first.items()).extracting(RecordSummary::seq).containsExactly(7L, 6L, 5L);
    assertThat(first.hasMore()).isTrue();
    assertThat(second.items()).extracting(RecordSummary::seq).containsExactly(4L, 3L, 2L);
    assertThat(last.items()).extracting(RecordSummary::seq).containsExactly(1L);
    assertThat(last.hasMore()).isFalse();

    RecordPage registrations = await(records.findRecords(RecordQuery.all().withService("registration")));
    assertThat(registrations.items()).extracting(RecordSummary::seq).containsExactly(6L, 4L, 2L);

    RecordPage window = await(records.findRecords(RecordQuery.all()
        .withRange(T0.plus(3, ChronoUnit.MINUTES), T0.plus(5, ChronoUnit.MINUTES))));
    assertThat(window.items()).extracting(RecordSummary::seq).containsExactly(4L, 3L);

    RecordPage everything = await(records.findRecords(RecordQuery.all()));
    assertThat(everything.items()).first().extracting(RecordSummary::deviceId).isEqualTo("kiosk-b");
    assertThat(everything.items()).hasSize(8);
  }

  @Test
  void device_registration_is_kept_and_an_existing_id_is_returned_unchanged() {
    RegisteredDevice a = device(kioskA, "cn-110105");

    assertThat(await(devices.registerDevice(a))).isEqualTo(new RegisterResult(a, true));
    RegisteredDevice b = device(kioskB, "elsewhere");
    RegisteredDevice again = await(devices.registerDevice(new RegisteredDevice("kiosk-a", b.publicKeyPem(),
        b.algorithm(), b.keyId(), b.region(), b.registeredAt(), false))).device();

    assertThat(again.keyId()).isEqualTo(a.keyId());
    assertThat(again.region()).isEqualTo("cn-110105");
    assertThat(await(devices.findDevice("kiosk-a"))).contains(a);
    assertThat(await(devices.findDevice("kiosk-z"))).isEmpty();
  }

  @Test
  void revoked_device_stays_listed_as_revoked() {
    await(devices.registerDevice(device(kioskA, "r1")));

    assertThat(await(devices.revokeDevice("kiosk-a"))).isTrue();
    assertThat(await(devices.revokeDevice("kiosk-z"))).isFalse();
    assertThat(await(devices.findDevice("kiosk-a")).orElseThrow().revoked()).isTrue();
  }

  @Test
  void offline_state_is_saved_whatever_its_age_and_only_a_later_state_replaces_it() {
    await(devices.registerDevice(device(kioskA, "r1")));
    // The will is taken at connect (T0); heartbeats follow; the kiosk dies and the will arrives last.
    await(devices.saveState("kiosk-a", true, "{\"online\":true,\"n\":2}", T0.plusSeconds(60)));
    await(devices.saveOffline("kiosk-a", "{\"online\":false,\"n\":1}", T0));

    DeviceOverview a = all().get(0);
    assertThat(a.online()).contains(false);
    assertThat(a.stateJson()).contains("{\"online\":false,\"n\":1}");
    assertThat(a.stateAt()).as("last seen stays the last heartbeat").contains(T0.plusSeconds(60));

    // A late duplicate of the last heartbeat does not bring it back; the next connection's state does.
    await(devices.saveState("kiosk-a", true, "{\"online\":true,\"n\":2}", T0.plusSeconds(60)));
    assertThat(all().get(0).online()).contains(false);
    await(devices.saveState("kiosk-a", true, "{\"online\":true,\"n\":3}", T0.plusSeconds(61)));
    assertThat(all().get(0).online()).contains(true);
    assertThat(all().get(0).stateAt()).contains(T0.plusSeconds(61));
  }

  @Test
  void offline_state_of_a_device_never_heard_of_is_saved_with_its_own_time() {
    await(devices.registerDevice(device(kioskA, "r1")));
    await(devices.saveOffline("kiosk-a", "{\"online\":false}", T0));

    DeviceOverview a = all().get(0);
    assertThat(a.online()).contains(false);
    assertThat(a.stateAt()).contains(T0);
  }

  @Test
  void newest_state_wins_and_devices_list_shows_state_and_last_seen() {
    await(devices.registerDevice(device(kioskA, "r1")));
    await(devices.registerDevice(device(kioskB, "r2")));
    await(devices.saveState("kiosk-a", true, "{\"online\":true,\"n\":2}", T0.plusSeconds(20)));
    await(devices.saveState("kiosk-a", false, "{\"online\":false,\"n\":1}", T0.plusSeconds(10)));
    await(records.storeBatch(List.of(Rows.row(kioskA.record(1, "certification", T0), T0.plusSeconds(30)))));

    List<DeviceOverview> all = all();

    assertThat(all).extracting(o -> o.device().deviceId()).containsExactly("kiosk-a", "kiosk-b");
    DeviceOverview a = all.get(0);
    assertThat(a.online()).contains(true);
    assertThat(a.stateJson()).contains("{\"online\":true,\"n\":2}");
    assertThat(a.lastRecordAt()).contains(T0.plusSeconds(30));
    assertThat(a.lastSeen()).contains(T0.plusSeconds(30));
    DeviceOverview b = all.get(1);
    assertThat(b.online()).isEmpty();
    assertThat(b.lastSeen()).isEmpty();
  }

  /** Every device, as the fleet's background jobs read them. */
  List<DeviceOverview> all() {
    return await(devices.queryDevices(DeviceQuery.everyDevice())).items();
  }

  private void given(String id, String region, boolean revoked) {
    await(devices.registerDevice(new RegisteredDevice(id, kioskA.publicKeyPem(), "Ed25519",
        KeyId.of(kioskA.signer().publicKey()), region, T0, revoked)));
  }

  /** Six devices, one of each status in two regions of Guangzhou and one in Beijing. */
  private void givenMixedFleet() {
    given("gz-online-1", "440106", false);
    given("gz-offline_1", "440106", false);
    given("gz-never-1", "440104", false);
    given("gz-revoked-1", "440104", true);
    given("GZ-Online-2", "440104", false);
    given("bj-online-1", "110101", false);
    await(devices.saveState("gz-online-1", true, "{\"online\":true}", T0));
    await(devices.saveState("GZ-Online-2", true, "{\"online\":true}", T0));
    await(devices.saveState("bj-online-1", true, "{\"online\":true}", T0));
    await(devices.saveOffline("gz-offline_1", "{\"online\":false}", T0));
    await(devices.saveState("gz-revoked-1", true, "{\"online\":true}", T0));
  }

  private List<String> ids(DeviceQuery q) {
    return await(devices.queryDevices(q)).items().stream().map(o -> o.device().deviceId()).toList();
  }

  @Test
  void device_query_filters_by_region_prefix_status_and_id_text() {
    givenMixedFleet();
    DeviceQuery gz = DeviceQuery.firstPage().withRegionPrefix("4401");

    // Mixed case: its place in the order is the database's collation (PostgreSQL's may ignore case).
    assertThat(ids(gz)).containsExactlyInAnyOrder("GZ-Online-2", "gz-never-1", "gz-offline_1", "gz-online-1", "gz-revoked-1");
    assertThat(ids(gz.withRegionPrefix("440106"))).containsExactly("gz-offline_1", "gz-online-1");
    assertThat(ids(gz.withStatus(DeviceStatus.ONLINE))).containsExactlyInAnyOrder("GZ-Online-2", "gz-online-1");
    assertThat(ids(gz.withStatus(DeviceStatus.OFFLINE))).containsExactly("gz-offline_1");
    assertThat(ids(gz.withStatus(DeviceStatus.NEVER_SEEN))).containsExactly("gz-never-1");
    assertThat(ids(gz.withStatus(DeviceStatus.REVOKED))).as("revoked whatever it last said")
        .containsExactly("gz-revoked-1");
    assertThat(ids(DeviceQuery.firstPage().withIdContaining("online"))).as("ASCII case ignored")
        .containsExactlyInAnyOrder("GZ-Online-2", "bj-online-1", "gz-online-1");
    assertThat(ids(DeviceQuery.firstPage().withIdContaining("e_1"))).as("'_' is a character, not a wildcard")
        .containsExactly("gz-offline_1");
    assertThat(ids(DeviceQuery.ofDevice("gz-offline_1"))).containsExactly("gz-offline_1");
    assertThat(ids(DeviceQuery.ofDevice("gz-offline"))).isEmpty();
    // Every status the SQL gives agrees with DeviceStatus.of on the same rows.
    for (DeviceStatus st : DeviceStatus.values()) {
      assertThat(await(devices.queryDevices(DeviceQuery.firstPage().withStatus(st))).items())
          .allMatch(o -> DeviceStatus.of(o) == st);
    }
  }

  @Test
  void device_query_pages_in_device_id_order_with_the_total_of_all_pages() {
    for (int i = 0; i < 7; i++) {
      given(String.format("k-%02d", 6 - i), "440106", false);
    }
    DevicePage first = await(devices.queryDevices(DeviceQuery.firstPage().withPage(3, 0)));
    DevicePage last = await(devices.queryDevices(DeviceQuery.firstPage().withPage(3, 6)));
    DevicePage beyond = await(devices.queryDevices(DeviceQuery.firstPage().withPage(3, 9)));

    assertThat(first.items()).extracting(o -> o.device().deviceId()).containsExactly("k-00", "k-01", "k-02");
    assertThat(first.total()).isEqualTo(7);
    assertThat(first.hasMore()).isTrue();
    assertThat(last.items()).extracting(o -> o.device().deviceId()).containsExactly("k-06");
    assertThat(last.hasMore()).isFalse();
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).isEqualTo(7);
  }

  @Test
  void device_page_counts_sequence_gaps_of_its_own_devices() {
    await(devices.registerDevice(device(kioskA, "r1")));
    await(devices.registerDevice(device(kioskB, "r2")));
    await(records.storeBatch(List.of(row(kioskA, 1, "certification", T0), row(kioskA, 4, "certification", T0),
        row(kioskB, 3, "certification", T0))));

    assertThat(await(devices.queryDevices(DeviceQuery.firstPage().withPage(1, 1))).items())
        .extracting(o -> o.device().deviceId() + "=" + o.seqGaps()).containsExactly("kiosk-b=2");
  }

  @Test
  void devices_are_counted_by_region_and_status() {
    givenMixedFleet();

    DeviceCounts gz = await(devices.countDevices(java.util.Optional.of("4401")));
    DeviceCounts national = await(devices.countDevices(java.util.Optional.empty()));

    assertThat(gz.regions()).extracting(DeviceCounts.Region::region).containsExactly("440104", "440106");
    assertThat(gz.regions().get(0).byStatus()).containsEntry(DeviceStatus.ONLINE, 1L)
        .containsEntry(DeviceStatus.NEVER_SEEN, 1L).containsEntry(DeviceStatus.REVOKED, 1L)
        .containsEntry(DeviceStatus.OFFLINE, 0L);
    assertThat(gz.regions().get(1).byStatus()).containsEntry(DeviceStatus.ONLINE, 1L)
        .containsEntry(DeviceStatus.OFFLINE, 1L);
    assertThat(gz.total()).isEqualTo(5);
    assertThat(national.total()).isEqualTo(6);
    assertThat(national.byStatus()).containsEntry(DeviceStatus.ONLINE, 3L);
  }

  static RegisteredDevice device(TestKiosk kiosk, String region) {
    return new RegisteredDevice(kiosk.deviceId(), kiosk.publicKeyPem(), kiosk.signer().algorithm().wireName(),
        KeyId.of(kiosk.signer().publicKey()), region, T0, false);
  }

  // issue #6: clock skew flag, sequence gaps, enrolment tokens (V2 migration)

  @Test
  void clock_skew_flag_is_stored_and_read_back() {
    CertificationRecord r = kioskA.record(1, "certification", T0);
    StoredRecord skewed = new StoredRecord(withClockSkew(Rows.row(r, T0).summary()), Rows.row(r, T0).bodyJson(),
        Rows.row(r, T0).signatureJson());

    await(records.storeBatch(List.of(skewed, row(kioskA, 2, "certification", T0))));

    assertThat(await(records.findRecord(r.recordId())).orElseThrow().summary().clockSkew()).isTrue();
    assertThat(await(records.findRecords(RecordQuery.all())).items()).extracting(RecordSummary::clockSkew)
        .containsExactlyInAnyOrder(true, false);
  }

  private static RecordSummary withClockSkew(RecordSummary s) {
    return new RecordSummary(s.recordId(), s.deviceId(), s.seq(), s.service(), s.mode(), s.outcome(), s.cardType(),
        s.idNumberMasked(), s.capturedAt(), s.receivedAt(), s.configVersion(), true);
  }

  @Test
  void missing_sequence_numbers_are_counted_per_device() {
    await(devices.registerDevice(device(kioskA, "r1")));
    await(devices.registerDevice(device(kioskB, "r2")));
    await(records.storeBatch(List.of(row(kioskA, 1, "certification", T0), row(kioskA, 4, "certification", T0),
        row(kioskA, 6, "certification", T0), row(kioskB, 1, "certification", T0), row(kioskB, 2, "certification", T0))));

    assertThat(all()).extracting(o -> o.device().deviceId() + "=" + o.seqGaps())
        .containsExactly("kiosk-a=3", "kiosk-b=0");
  }

  @Test
  void records_are_filtered_by_the_region_prefix_of_their_device() {
    await(devices.registerDevice(new RegisteredDevice("kiosk-a", kioskA.publicKeyPem(), "Ed25519",
        KeyId.of(kioskA.signer().publicKey()), "440106", T0, false)));
    await(devices.registerDevice(new RegisteredDevice("kiosk-b", kioskB.publicKeyPem(), "Ed25519",
        KeyId.of(kioskB.signer().publicKey()), "110101", T0, false)));
    await(records.storeBatch(List.of(row(kioskA, 1, "certification", T0), row(kioskB, 1, "certification", T0))));

    assertThat(await(records.findRecords(RecordQuery.all().withRegionPrefix("44"))).items())
        .extracting(RecordSummary::deviceId).containsExactly("kiosk-a");
    assertThat(await(records.findRecords(RecordQuery.all().withRegionPrefix("4402"))).items()).isEmpty();
    assertThat(await(records.findRecords(RecordQuery.all())).items()).hasSize(2);
  }
}
