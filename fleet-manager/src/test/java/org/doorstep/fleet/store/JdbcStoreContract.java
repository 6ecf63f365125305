package org.doorstep.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordStoreContract} plus what only the JDBC stores have (sealing at rest, the retention
 * purge, enrolment tokens, certificates, operators), for every {@link FleetDatabase} flavour: SQLite
 * ({@link SqliteRecordStoreIT}) and PostgreSQL ({@link PostgresRecordStoreInteropIT}). Subclasses open
 * a fresh, migrated database per test.
 */
abstract class JdbcStoreContract extends RecordStoreContract {
  protected Vertx vertx;
  protected FleetStores stores;
  protected EnrolmentStore enrolment;
  protected OperatorStore operators;

  /** A freshly migrated, empty database with its stores. */
  protected abstract FleetStores openStores(Vertx vertx) throws Exception;

  @Override
  protected void openStores() throws Exception {
    vertx = Vertx.vertx();
    use(openStores(vertx));
  }

  /** Points the port fields at {@code s}. */
  protected void use(FleetStores s) {
    stores = s;
    records = s.records();
    devices = s.devices();
    enrolment = s.enrolment();
    operators = s.operators();
  }

  @Override
  protected void closeStores() throws Exception {
    try {
      if (stores != null) {
        await(stores.close());
      }
      cleanUp();
    } finally {
      await(vertx.close());
    }
  }

  /** The fleet data key's cipher the subclasses open their store with (one key per test). */
  protected final org.doorstep.config.crypto.EvidenceCipher cipher = org.doorstep.fleet.testing.TestCiphers.aes();

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
    await(records.storeBatch(List.of(r)));

    String raw = rawBody(r.recordId());
    assertThat(raw).startsWith(JdbcRecordStore.SEALED_PREFIX).doesNotContain(idNumberOf(r));
    assertThat(org.doorstep.config.crypto.Sealed.fromBytes(java.util.Base64.getDecoder()
        .decode(raw.substring(JdbcRecordStore.SEALED_PREFIX.length()))).algorithm())
        .isEqualTo(cipher.algorithm());
    assertThat(await(records.findRecord(r.recordId())).orElseThrow().bodyJson()).isEqualTo(r.bodyJson());

    // A body moved to another row does not open there.
    StoredRecord other = row(kioskA, 2, "certification", T0);
    await(records.storeBatch(List.of(other)));
    try (java.sql.Connection c = rawConnection();
         java.sql.PreparedStatement ps = c.prepareStatement("UPDATE records SET body = ? WHERE record_id = ?")) {
      ps.setString(1, raw);
      ps.setString(2, other.recordId());
      ps.executeUpdate();
    }
    assertThatThrownBy(() -> await(records.findRecord(other.recordId())))
        .hasMessageContaining("cannot be decrypted").hasMessageContaining("wrong fleet data key, or the row was altered");
  }

  @Test
  void plain_text_bodies_of_an_older_fleet_are_sealed_in_place() throws Exception {
    StoredRecord r = row(kioskA, 1, "certification", T0);
    await(records.storeBatch(List.of(r)));
    try (java.sql.Connection c = rawConnection();
         java.sql.PreparedStatement ps = c.prepareStatement("UPDATE records SET body = ? WHERE record_id = ?")) {
      ps.setString(1, r.bodyJson());
      ps.setString(2, r.recordId());
      ps.executeUpdate();
    }

    int sealed = await(stores.records().sealPlainTextBodies());

    assertThat(sealed).isEqualTo(1);
    assertThat(rawBody(r.recordId())).startsWith(JdbcRecordStore.SEALED_PREFIX).doesNotContain(idNumberOf(r));
    assertThat(await(records.findRecord(r.recordId())).orElseThrow().bodyJson()).isEqualTo(r.bodyJson());
  }

  @Test
  void purge_empties_personal_fields_of_old_records_and_keeps_the_statistics() throws Exception {
    StoredRecord old = row(kioskA, 1, "certification", T0);                       // received T0 + 1 s
    StoredRecord recent = row(kioskA, 2, "certification", T0.plusSeconds(3600));
    await(records.storeBatch(List.of(old, recent)));

    int purged = await(stores.records().purgePersonalData(T0.plusSeconds(60), T0.plusSeconds(7200)));
    int again = await(stores.records().purgePersonalData(T0.plusSeconds(60), T0.plusSeconds(7200)));

    assertThat(purged).isEqualTo(1);
    assertThat(again).isZero();
    StoredRecord back = await(records.findRecord(old.recordId())).orElseThrow();
    assertThat(back.personalDataPurged()).isTrue();
    assertThat(back.summary().idNumberMasked()).isEmpty();
    assertThat(back.summary().service()).isEqualTo("certification");
    assertThat(back.summary().outcome()).isEqualTo(old.summary().outcome());
    assertThat(back.summary().capturedAt()).isEqualTo(old.summary().capturedAt());
    assertThat(rawBody(old.recordId())).isEmpty();
    assertThat(await(records.findRecord(recent.recordId())).orElseThrow().bodyJson()).isEqualTo(recent.bodyJson());
    assertThat(await(records.findRecords(RecordQuery.all())).items()).hasSize(2);
  }

  /** Drops what {@link #openStores} created beyond the database itself (schemas). */
  protected void cleanUp() throws Exception {}

  private static EnrolmentStore.CertificateRow cert(String serial, String deviceId, boolean tls, Instant notAfter) {
    return new EnrolmentStore.CertificateRow(serial, deviceId, tls, T0, notAfter);
  }

  @Test
  void revoked_certificates_are_the_unexpired_tls_ones_of_revoked_devices() {
    String hash = "c".repeat(64);
    await(enrolment.saveToken(token(hash, "kiosk-a", T0.plusSeconds(3600))));
    // Enrolment records its certificates in the redeeming transaction; renewal afterwards.
    assertThat(await(enrolment.redeemToken(hash, T0, device(kioskA, "r1"),
        java.util.List.of(cert("a1", "kiosk-a", true, T0.plusSeconds(86_400)),
            cert("a2", "kiosk-a", false, T0.plusSeconds(86_400))))))
        .isEqualTo(EnrolmentStore.Redemption.REDEEMED);
    await(enrolment.saveCertificates(java.util.List.of(cert("a3", "kiosk-a", true, T0.plusSeconds(60)),
        cert("a4", "kiosk-a", true, T0.plusSeconds(172_800)))));
    await(enrolment.saveCertificates(java.util.List.of(cert("a4", "kiosk-a", true, T0.plusSeconds(172_800)))));
    await(devices.registerDevice(device(TestKiosk.create("kiosk-b"), "r1")));
    await(enrolment.saveCertificates(java.util.List.of(cert("b1", "kiosk-b", true, T0.plusSeconds(86_400)))));

    assertThat(await(enrolment.revokedCertificates(T0.plusSeconds(120)))).isEmpty();
    assertThat(await(devices.revokeDevice("kiosk-a"))).isTrue();

    // a2 is not a TLS certificate, a3 has expired, kiosk-b is not revoked.
    assertThat(await(enrolment.revokedCertificates(T0.plusSeconds(120))))
        .extracting(EnrolmentStore.RevokedCertificate::serial).containsExactly("a1", "a4");
  }

  @Test
  void certificates_of_a_refused_redemption_are_not_recorded() {
    await(devices.registerDevice(device(kioskA, "r1")));
    await(devices.revokeDevice("kiosk-a"));
    String hash = "d".repeat(64);
    await(enrolment.saveToken(token(hash, "kiosk-a", T0.plusSeconds(3600))));
    assertThat(await(enrolment.redeemToken(hash, T0, device(kioskA, "r1"),
        java.util.List.of(cert("e1", "kiosk-a", true, T0.plusSeconds(86_400))))))
        .isEqualTo(EnrolmentStore.Redemption.DEVICE_TAKEN);
    assertThat(await(enrolment.revokedCertificates(T0))).isEmpty();
  }

  private EnrolmentStore.TokenRow token(String hash, String deviceId, Instant expiresAt) {
    return new EnrolmentStore.TokenRow(hash, deviceId, "r1", T0, expiresAt, java.util.Optional.empty());
  }

  @Test
  void token_is_redeemed_once_and_registers_the_device() {
    String hash = "a".repeat(64);
    await(enrolment.saveToken(token(hash, "kiosk-a", T0.plusSeconds(3600))));

    assertThat(await(enrolment.redeemToken(hash, T0.plusSeconds(60), device(kioskA, "r1"))))
        .isEqualTo(EnrolmentStore.Redemption.REDEEMED);
    assertThat(await(enrolment.redeemToken(hash, T0.plusSeconds(61), device(kioskA, "r1"))))
        .isEqualTo(EnrolmentStore.Redemption.TOKEN_NOT_REDEEMABLE);

    assertThat(await(enrolment.findToken(hash)).orElseThrow().usedAt()).contains(T0.plusSeconds(60));
    assertThat(await(devices.findDevice("kiosk-a"))).isPresent();
  }

  @Test
  void expired_token_is_not_redeemed_and_nothing_is_registered() {
    String hash = "b".repeat(64);
    await(enrolment.saveToken(token(hash, "kiosk-a", T0.plusSeconds(60))));

    assertThat(await(enrolment.redeemToken(hash, T0.plusSeconds(60), device(kioskA, "r1"))))
        .isEqualTo(EnrolmentStore.Redemption.TOKEN_NOT_REDEEMABLE);

    assertThat(await(enrolment.findToken(hash)).orElseThrow().usedAt()).isEmpty();
    assertThat(await(devices.findDevice("kiosk-a"))).isEmpty();
  }

  @Test
  void token_for_a_device_registered_with_another_key_stays_unused() {
    await(devices.registerDevice(device(kioskB, "r1")));
    RegisteredDevice b = device(kioskB, "r1");
    RegisteredDevice claimA = new RegisteredDevice(b.deviceId(), kioskA.publicKeyPem(), "Ed25519",
        KeyId.of(kioskA.signer().publicKey()), "r1", T0, false);
    String hash = "c".repeat(64);
    await(enrolment.saveToken(token(hash, b.deviceId(), T0.plusSeconds(3600))));

    assertThat(await(enrolment.redeemToken(hash, T0, claimA))).isEqualTo(EnrolmentStore.Redemption.DEVICE_TAKEN);

    assertThat(await(enrolment.findToken(hash)).orElseThrow().usedAt()).isEmpty();
    assertThat(await(devices.findDevice(b.deviceId())).orElseThrow().keyId()).isEqualTo(b.keyId());
  }

  @Test
  void unknown_token_is_not_found() {
    assertThat(await(enrolment.findToken("d".repeat(64)))).isEmpty();
  }

  // operators (V3)

  @Test
  void operator_is_saved_once_found_by_token_hash_and_revoked_once() {
    OperatorStore.OperatorRow alice = new OperatorStore.OperatorRow("alice", "ADMIN", "86", "a".repeat(64), T0,
        java.util.Optional.empty());

    assertThat(await(operators.saveOperator(alice))).isTrue();
    assertThat(await(operators.saveOperator(new OperatorStore.OperatorRow("alice", "AUDITOR", "44", "b".repeat(64), T0,
        java.util.Optional.empty())))).isFalse();
    assertThat(await(operators.findOperatorByToken("a".repeat(64)))).contains(alice);
    assertThat(await(operators.findOperatorByToken("b".repeat(64)))).isEmpty();

    assertThat(await(operators.revokeOperator("alice", T0.plusSeconds(60)))).isTrue();
    assertThat(await(operators.revokeOperator("alice", T0.plusSeconds(120)))).isTrue();
    assertThat(await(operators.revokeOperator("nobody", T0))).isFalse();
    assertThat(await(operators.listOperators())).singleElement()
        .satisfies(o -> assertThat(o.revokedAt()).contains(T0.plusSeconds(60)));
  }
}
