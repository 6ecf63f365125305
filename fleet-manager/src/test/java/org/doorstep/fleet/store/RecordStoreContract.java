package org.doorstep.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
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
 * One body for every {@link JdbcRecordStore}: SQLite ({@link SqliteRecordStoreIT}) and PostgreSQL
 * ({@link PostgresRecordStoreInteropIT}). Subclasses open a fresh, migrated store per test.
 */
abstract class RecordStoreContract {
  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  protected Vertx vertx;
  protected JdbcRecordStore store;
  final TestKiosk kioskA = TestKiosk.create("kiosk-a");
  final TestKiosk kioskB = TestKiosk.create("kiosk-b");

  /** The fleet data key's cipher the subclasses open their store with (one key per test). */
  protected final org.doorstep.config.crypto.EvidenceCipher cipher = org.doorstep.fleet.testing.TestCiphers.aes();

  /** A freshly migrated, empty store. */
  protected abstract JdbcRecordStore openStore(Vertx vertx) throws Exception;

  /** A plain JDBC connection to the store's database (to look at the raw rows). */
  protected abstract java.sql.Connection rawConnection() throws java.sql.SQLException;

  private String rawBody(String recordId) throws java.sql.SQLException {
    try (java.sql.Connection c = rawConnection();
         java.sql.PreparedStatement ps = c.prepareStatement("SELECT body FROM records WHERE record_id = ?")) {
      ps.setString(1, recordId);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  private static String idNumberOf(StoredRecord r) {
    return new io.vertx.core.json.JsonObject(r.bodyJson()).getJsonObject("subject").getString("idNumber");
  }

  @Test
  void body_is_sealed_at_rest_with_the_record_id_bound_and_opened_on_read() throws Exception {
    StoredRecord r = row(kioskA, 1, "certification", T0);
    await(store.storeBatch(List.of(r)));

    String raw = rawBody(r.recordId());
    assertThat(raw).startsWith(JdbcRecordStore.SEALED_PREFIX).doesNotContain(idNumberOf(r));
    assertThat(org.doorstep.config.crypto.Sealed.fromBytes(java.util.Base64.getDecoder()
        .decode(raw.substring(JdbcRecordStore.SEALED_PREFIX.length()))).algorithm())
        .isEqualTo(cipher.algorithm());
    assertThat(await(store.findRecord(r.recordId())).orElseThrow().bodyJson()).isEqualTo(r.bodyJson());

    // A body moved to another row does not open there.
    StoredRecord other = row(kioskA, 2, "certification", T0);
    await(store.storeBatch(List.of(other)));
    try (java.sql.Connection c = rawConnection();
         java.sql.PreparedStatement ps = c.prepareStatement("UPDATE records SET body = ? WHERE record_id = ?")) {
      ps.setString(1, raw);
      ps.setString(2, other.recordId());
      ps.executeUpdate();
    }
    assertThatThrownBy(() -> await(store.findRecord(other.recordId())))
        .hasMessageContaining("cannot be decrypted").hasMessageContaining("wrong fleet data key, or the row was altered");
  }

  @Test
  void plain_text_bodies_of_an_older_fleet_are_sealed_in_place() throws Exception {
    StoredRecord r = row(kioskA, 1, "certification", T0);
    await(store.storeBatch(List.of(r)));
    try (java.sql.Connection c = rawConnection();
         java.sql.PreparedStatement ps = c.prepareStatement("UPDATE records SET body = ? WHERE record_id = ?")) {
      ps.setString(1, r.bodyJson());
      ps.setString(2, r.recordId());
      ps.executeUpdate();
    }

    int sealed = await(vertx.executeBlocking(() -> store.sealPlainTextBodies(), false));

    assertThat(sealed).isEqualTo(1);
    assertThat(rawBody(r.recordId())).startsWith(JdbcRecordStore.SEALED_PREFIX).doesNotContain(idNumberOf(r));
    assertThat(await(store.findRecord(r.recordId())).orElseThrow().bodyJson()).isEqualTo(r.bodyJson());
  }

  @Test
  void purge_empties_personal_fields_of_old_records_and_keeps_the_statistics() throws Exception {
    StoredRecord old = row(kioskA, 1, "certification", T0);                       // received T0 + 1 s
    StoredRecord recent = row(kioskA, 2, "certification", T0.plusSeconds(3600));
    await(store.storeBatch(List.of(old, recent)));

    int purged = await(store.purgePersonalData(T0.plusSeconds(60), T0.plusSeconds(7200)));
    int again = await(store.purgePersonalData(T0.plusSeconds(60), T0.plusSeconds(7200)));

    assertThat(purged).isEqualTo(1);
    assertThat(again).isZero();
    StoredRecord back = await(store.findRecord(old.recordId())).orElseThrow();
    assertThat(back.personalDataPurged()).isTrue();
    assertThat(back.summary().idNumberMasked()).isEmpty();
    assertThat(back.summary().service()).isEqualTo("certification");
    assertThat(back.summary().outcome()).isEqualTo(old.summary().outcome());
    assertThat(back.summary().capturedAt()).isEqualTo(old.summary().capturedAt());
    assertThat(rawBody(old.recordId())).isEmpty();
    assertThat(await(store.findRecord(recent.recordId())).orElseThrow().bodyJson()).isEqualTo(recent.bodyJson());
    assertThat(await(store.findRecords(RecordQuery.all())).items()).hasSize(2);
  }

  /** Drops what {@link #openStore} created beyond the store itself (schemas). */
  protected void cleanUp() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    store = openStore(vertx);
  }

  @AfterEach
  void close() throws Exception {
    try {
      if (store != null) {
        await(store.close());
      }
      cleanUp();
    } finally {
      await(vertx.close());
    }
  }

  StoredRecord row(TestKiosk kiosk, long seq, String service, Instant captured) {
    return Rows.row(kiosk.record(seq, service, captured), captured.plusSeconds(1));
  }

  @Test
  void migrated_store_is_empty() {
    assertThat(await(store.findRecords(RecordQuery.all())).items()).isEmpty();
    assertThat(await(store.listDevices())).isEmpty();
  }

  @Test
  void batch_is_stored_and_records_read_back_with_body() {
    StoredRecord r1 = row(kioskA, 1, "certification", T0);
    StoredRecord r2 = row(kioskA, 2, "certification", T0.plusSeconds(60));
    StoredRecord r3 = row(kioskB, 1, "registration", T0.plusSeconds(30));

    BatchResult result = await(store.storeBatch(List.of(r1, r2, r3)));

    assertThat(result.outcomes()).containsExactly(StoreOutcome.STORED, StoreOutcome.STORED, StoreOutcome.STORED);
    StoredRecord back = await(store.findRecord(r2.recordId())).orElseThrow();
    assertThat(back.summary()).isEqualTo(r2.summary());
    assertThat(back.bodyJson()).isEqualTo(r2.bodyJson());
    assertThat(back.signatureJson()).isEqualTo(r2.signatureJson());
    assertThat(back.summary().idNumberMasked()).isEqualTo("110***********002X");
    assertThat(await(store.findRecord("no-such-id"))).isEmpty();
  }

  @Test
  void duplicate_record_id_is_reported_and_stored_once() {
    StoredRecord r1 = row(kioskA, 1, "certification", T0);
    await(store.storeBatch(List.of(r1)));

    // resent in a later batch, and twice within one batch
    BatchResult again = await(store.storeBatch(List.of(r1, row(kioskA, 2, "certification", T0), r1)));

    assertThat(again.outcomes()).containsExactly(StoreOutcome.DUPLICATE, StoreOutcome.STORED, StoreOutcome.DUPLICATE);
    assertThat(await(store.findRecords(RecordQuery.all().withDevice("kiosk-a"))).items()).hasSize(2);
  }

  @Test
  void different_record_with_same_device_and_seq_is_a_sequence_conflict() {
    StoredRecord first = row(kioskA, 5, "certification", T0);
    StoredRecord other = row(kioskA, 5, "certification", T0.plusSeconds(1));
    await(store.storeBatch(List.of(first)));

    BatchResult result = await(store.storeBatch(List.of(other, row(kioskB, 5, "certification", T0))));

    assertThat(result.outcomes()).containsExactly(StoreOutcome.SEQUENCE_CONFLICT, StoreOutcome.STORED);
    assertThat(await(store.findRecord(other.recordId()))).isEmpty();
    assertThat(await(store.findRecord(first.recordId()))).isPresent();
  }

  @Test
  void record_id_taken_by_another_device_is_an_id_conflict() {
    CertificationRecord a = kioskA.record(1, "certification", T0);
    CertificationRecord b = new CertificationRecord(a.recordId(), "kiosk-b", 1, a.service(), a.mode(), a.subject(),
        a.operator(), a.liveness(), a.match(), a.outcome(), a.evidence(), a.configVersion(), a.agentVersion(),
        a.capturedAt());
    await(store.storeBatch(List.of(Rows.row(a, T0))));

    BatchResult result = await(store.storeBatch(List.of(Rows.row(b, T0))));

    assertThat(result.outcomes()).containsExactly(StoreOutcome.ID_CONFLICT);
  }

  @Test
  void records_page_newest_first_with_filters() {
    List<StoredRecord> rows = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      rows.add(row(kioskA, i, i % 2 == 0 ? "registration" : "certification", T0.plus(i, ChronoUnit.MINUTES)));
    }
    rows.add(row(kioskB, 1, "certification", T0.plus(90, ChronoUnit.MINUTES)));
    await(store.storeBatch(rows));

    RecordPage first = await(store.findRecords(RecordQuery.all().withDevice("kiosk-a").withPage(3, 0)));
    RecordPage second = await(store.findRecords(RecordQuery.all().withDevice("kiosk-a").withPage(3, 3)));
    RecordPage last = await(store.findRecords(RecordQuery.all().withDevice("kiosk-a").withPage(3, 6)));

    assertThat(first.items()).extracting(RecordSummary::seq).containsExactly(7L, 6L, 5L);
    assertThat(first.hasMore()).isTrue();
    assertThat(second.items()).extracting(RecordSummary::seq).containsExactly(4L, 3L, 2L);
    assertThat(last.items()).extracting(RecordSummary::seq).containsExactly(1L);
    assertThat(last.hasMore()).isFalse();

    RecordPage registrations = await(store.findRecords(RecordQuery.all().withService("registration")));
    assertThat(registrations.items()).extracting(RecordSummary::seq).containsExactly(6L, 4L, 2L);

    RecordPage window = await(store.findRecords(RecordQuery.all()
        .withRange(T0.plus(3, ChronoUnit.MINUTES), T0.plus(5, ChronoUnit.MINUTES))));
    assertThat(window.items()).extracting(RecordSummary::seq).containsExactly(4L, 3L);

    RecordPage everything = await(store.findRecords(RecordQuery.all()));
    assertThat(everything.items()).first().extracting(RecordSummary::deviceId).isEqualTo("kiosk-b");
    assertThat(everything.items()).hasSize(8);
  }

  @Test
  void device_registration_is_kept_and_an_existing_id_is_returned_unchanged() {
    RegisteredDevice a = device(kioskA, "cn-110105");

    assertThat(await(store.registerDevice(a))).isEqualTo(new RegisterResult(a, true));
    RegisteredDevice b = device(kioskB, "elsewhere");
    RegisteredDevice again = await(store.registerDevice(new RegisteredDevice("kiosk-a", b.publicKeyPem(),
        b.algorithm(), b.keyId(), b.region(), b.registeredAt(), false))).device();

    assertThat(again.keyId()).isEqualTo(a.keyId());
    assertThat(again.region()).isEqualTo("cn-110105");
    assertThat(await(store.findDevice("kiosk-a"))).contains(a);
    assertThat(await(store.findDevice("kiosk-z"))).isEmpty();
  }

  @Test
  void revoked_device_stays_listed_as_revoked() {
    await(store.registerDevice(device(kioskA, "r1")));

    assertThat(await(store.revokeDevice("kiosk-a"))).isTrue();
    assertThat(await(store.revokeDevice("kiosk-z"))).isFalse();
    assertThat(await(store.findDevice("kiosk-a")).orElseThrow().revoked()).isTrue();
  }

  @Test
  void newest_state_wins_and_devices_list_shows_state_and_last_seen() {
    await(store.registerDevice(device(kioskA, "r1")));
    await(store.registerDevice(device(kioskB, "r2")));
    await(store.saveState("kiosk-a", true, "{\"online\":true,\"n\":2}", T0.plusSeconds(20)));
    await(store.saveState("kiosk-a", false, "{\"online\":false,\"n\":1}", T0.plusSeconds(10)));
    await(store.storeBatch(List.of(Rows.row(kioskA.record(1, "certification", T0), T0.plusSeconds(30)))));

    List<DeviceOverview> all = await(store.listDevices());

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

    await(store.storeBatch(List.of(skewed, row(kioskA, 2, "certification", T0))));

    assertThat(await(store.findRecord(r.recordId())).orElseThrow().summary().clockSkew()).isTrue();
    assertThat(await(store.findRecords(RecordQuery.all())).items()).extracting(RecordSummary::clockSkew)
        .containsExactlyInAnyOrder(true, false);
  }

  private static RecordSummary withClockSkew(RecordSummary s) {
    return new RecordSummary(s.recordId(), s.deviceId(), s.seq(), s.service(), s.mode(), s.outcome(), s.cardType(),
        s.idNumberMasked(), s.capturedAt(), s.receivedAt(), s.configVersion(), true);
  }

  @Test
  void missing_sequence_numbers_are_counted_per_device() {
    await(store.registerDevice(device(kioskA, "r1")));
    await(store.registerDevice(device(kioskB, "r2")));
    await(store.storeBatch(List.of(row(kioskA, 1, "certification", T0), row(kioskA, 4, "certification", T0),
        row(kioskA, 6, "certification", T0), row(kioskB, 1, "certification", T0), row(kioskB, 2, "certification", T0))));

    assertThat(await(store.listDevices())).extracting(o -> o.device().deviceId() + "=" + o.seqGaps())
        .containsExactly("kiosk-a=3", "kiosk-b=0");
  }

  private static EnrolmentStore.CertificateRow cert(String serial, String deviceId, boolean tls, Instant notAfter) {
    return new EnrolmentStore.CertificateRow(serial, deviceId, tls, T0, notAfter);
  }

  @Test
  void revoked_certificates_are_the_unexpired_tls_ones_of_revoked_devices() {
    String hash = "c".repeat(64);
    await(store.saveToken(token(hash, "kiosk-a", T0.plusSeconds(3600))));
    // Enrolment records its certificates in the redeeming transaction; renewal afterwards.
    assertThat(await(store.redeemToken(hash, T0, device(kioskA, "r1"),
        java.util.List.of(cert("a1", "kiosk-a", true, T0.plusSeconds(86_400)),
            cert("a2", "kiosk-a", false, T0.plusSeconds(86_400))))))
        .isEqualTo(EnrolmentStore.Redemption.REDEEMED);
    await(store.saveCertificates(java.util.List.of(cert("a3", "kiosk-a", true, T0.plusSeconds(60)),
        cert("a4", "kiosk-a", true, T0.plusSeconds(172_800)))));
    await(store.saveCertificates(java.util.List.of(cert("a4", "kiosk-a", true, T0.plusSeconds(172_800)))));
    await(store.registerDevice(device(TestKiosk.create("kiosk-b"), "r1")));
    await(store.saveCertificates(java.util.List.of(cert("b1", "kiosk-b", true, T0.plusSeconds(86_400)))));

    assertThat(await(store.revokedCertificates(T0.plusSeconds(120)))).isEmpty();
    assertThat(await(store.revokeDevice("kiosk-a"))).isTrue();

    // a2 is not a TLS certificate, a3 has expired, kiosk-b is not revoked.
    assertThat(await(store.revokedCertificates(T0.plusSeconds(120))))
        .extracting(EnrolmentStore.RevokedCertificate::serial).containsExactly("a1", "a4");
  }

  @Test
  void certificates_of_a_refused_redemption_are_not_recorded() {
    await(store.registerDevice(device(kioskA, "r1")));
    await(store.revokeDevice("kiosk-a"));
    String hash = "d".repeat(64);
    await(store.saveToken(token(hash, "kiosk-a", T0.plusSeconds(3600))));
    assertThat(await(store.redeemToken(hash, T0, device(kioskA, "r1"),
        java.util.List.of(cert("e1", "kiosk-a", true, T0.plusSeconds(86_400))))))
        .isEqualTo(EnrolmentStore.Redemption.DEVICE_TAKEN);
    assertThat(await(store.revokedCertificates(T0))).isEmpty();
  }

  private EnrolmentStore.TokenRow token(String hash, String deviceId, Instant expiresAt) {
    return new EnrolmentStore.TokenRow(hash, deviceId, "r1", T0, expiresAt, java.util.Optional.empty());
  }

  @Test
  void token_is_redeemed_once_and_registers_the_device() {
    String hash = "a".repeat(64);
    await(store.saveToken(token(hash, "kiosk-a", T0.plusSeconds(3600))));

    assertThat(await(store.redeemToken(hash, T0.plusSeconds(60), device(kioskA, "r1"))))
        .isEqualTo(EnrolmentStore.Redemption.REDEEMED);
    assertThat(await(store.redeemToken(hash, T0.plusSeconds(61), device(kioskA, "r1"))))
        .isEqualTo(EnrolmentStore.Redemption.TOKEN_NOT_REDEEMABLE);

    assertThat(await(store.findToken(hash)).orElseThrow().usedAt()).contains(T0.plusSeconds(60));
    assertThat(await(store.findDevice("kiosk-a"))).isPresent();
  }

  @Test
  void expired_token_is_not_redeemed_and_nothing_is_registered() {
    String hash = "b".repeat(64);
    await(store.saveToken(token(hash, "kiosk-a", T0.plusSeconds(60))));

    assertThat(await(store.redeemToken(hash, T0.plusSeconds(60), device(kioskA, "r1"))))
        .isEqualTo(EnrolmentStore.Redemption.TOKEN_NOT_REDEEMABLE);

    assertThat(await(store.findToken(hash)).orElseThrow().usedAt()).isEmpty();
    assertThat(await(store.findDevice("kiosk-a"))).isEmpty();
  }

  @Test
  void token_for_a_device_registered_with_another_key_stays_unused() {
    await(store.registerDevice(device(kioskB, "r1")));
    RegisteredDevice b = device(kioskB, "r1");
    RegisteredDevice claimA = new RegisteredDevice(b.deviceId(), kioskA.publicKeyPem(), "Ed25519",
        KeyId.of(kioskA.signer().publicKey()), "r1", T0, false);
    String hash = "c".repeat(64);
    await(store.saveToken(token(hash, b.deviceId(), T0.plusSeconds(3600))));

    assertThat(await(store.redeemToken(hash, T0, claimA))).isEqualTo(EnrolmentStore.Redemption.DEVICE_TAKEN);

    assertThat(await(store.findToken(hash)).orElseThrow().usedAt()).isEmpty();
    assertThat(await(store.findDevice(b.deviceId())).orElseThrow().keyId()).isEqualTo(b.keyId());
  }

  @Test
  void unknown_token_is_not_found() {
    assertThat(await(store.findToken("d".repeat(64)))).isEmpty();
  }

  // operators (V3)

  @Test
  void operator_is_saved_once_found_by_token_hash_and_revoked_once() {
    OperatorStore.OperatorRow alice = new OperatorStore.OperatorRow("alice", "ADMIN", "86", "a".repeat(64), T0,
        java.util.Optional.empty());

    assertThat(await(store.saveOperator(alice))).isTrue();
    assertThat(await(store.saveOperator(new OperatorStore.OperatorRow("alice", "AUDITOR", "44", "b".repeat(64), T0,
        java.util.Optional.empty())))).isFalse();
    assertThat(await(store.findOperatorByToken("a".repeat(64)))).contains(alice);
    assertThat(await(store.findOperatorByToken("b".repeat(64)))).isEmpty();

    assertThat(await(store.revokeOperator("alice", T0.plusSeconds(60)))).isTrue();
    assertThat(await(store.revokeOperator("alice", T0.plusSeconds(120)))).isTrue();
    assertThat(await(store.revokeOperator("nobody", T0))).isFalse();
    assertThat(await(store.listOperators())).singleElement()
        .satisfies(o -> assertThat(o.revokedAt()).contains(T0.plusSeconds(60)));
  }

  @Test
  void records_are_filtered_by_the_region_prefix_of_their_device() {
    await(store.registerDevice(new RegisteredDevice("kiosk-a", kioskA.publicKeyPem(), "Ed25519",
        KeyId.of(kioskA.signer().publicKey()), "440106", T0, false)));
    await(store.registerDevice(new RegisteredDevice("kiosk-b", kioskB.publicKeyPem(), "Ed25519",
        KeyId.of(kioskB.signer().publicKey()), "110101", T0, false)));
    await(store.storeBatch(List.of(row(kioskA, 1, "certification", T0), row(kioskB, 1, "certification", T0))));

    assertThat(await(store.findRecords(RecordQuery.all().withRegionPrefix("44"))).items())
        .extracting(RecordSummary::deviceId).containsExactly("kiosk-a");
    assertThat(await(store.findRecords(RecordQuery.all().withRegionPrefix("4402"))).items()).isEmpty();
    assertThat(await(store.findRecords(RecordQuery.all())).items()).hasSize(2);
  }
}
