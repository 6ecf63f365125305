package org.doorstep.agent.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.model.IdCard;
import org.doorstep.config.contract.CertificationRecord.Evidence;
import org.doorstep.config.contract.CertificationRecord.FaceMatch;
import org.doorstep.config.contract.CertificationRecord.Liveness;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.doorstep.config.contract.CertificationRecord.Subject;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

// Writes the device key to @TempDir: a small, deliberate exception to "*Test touches no disk",
// because key persistence is what RecordFactory's signatures depend on.
class RecordFactoryTest {
  private static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  static RecordDraft draft() {
    IdCard c = SampleResidents.ZHANG_SAN;
    return new RecordDraft("certification", Mode.SELF, new Subject(c.cardType(), c.idNumber(), c.name()),
        Optional.empty(), Optional.of(new Liveness(true, List.of(), 950, 700)),
        Optional.of(new FaceMatch(true, 870, 600, "id-card-photo")), Outcome.CERTIFIED,
        List.of(new Evidence("face-image", "a".repeat(64), 1234)), T0);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void signed_record_verifies_with_the_device_public_key(SignatureAlgorithm alg, @TempDir Path dir) {
    Signer signer = DeviceKeys.loadOrCreate(dir, alg);
    RecordFactory f = new RecordFactory("kiosk-1", 4, "0.1.0", signer, CLOCK);

    SignedRecord signed = f.sign(draft(), 9);

    WireMessage m = WireCodec.decode(signed.payload());
    assertThat(m.type()).isEqualTo(MessageType.RECORD);
    assertThat(m.verifiedBy(Keys.readPublicKey(DeviceKeys.publicKeyFile(dir)))).isTrue();
    CertificationRecord r = m.bodyAs(CertificationRecord.class);
    assertThat(r.recordId()).isEqualTo(signed.recordId());
    assertThat(r.seq()).isEqualTo(9);
    assertThat(r.deviceId()).isEqualTo("kiosk-1");
    assertThat(r.configVersion()).isEqualTo(4);
    assertThat(r.agentVersion()).isEqualTo("0.1.0");
    assertThat(r.subject().idNumber()).isEqualTo(SampleResidents.ZHANG_SAN.idNumber());
    assertThat(r.outcome()).isEqualTo(Outcome.CERTIFIED);
    assertThat(r.capturedAt()).isEqualTo(T0);
    // UUIDv7 from the injected clock: the first 48 bits are its milliseconds.
    assertThat(Long.parseLong(r.recordId().replace("-", "").substring(0, 12), 16)).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void a_record_id_drawn_first_is_the_signed_records_id(@TempDir Path dir) {
    RecordFactory f = new RecordFactory("kiosk-1", 0, "0.1.0", DeviceKeys.loadOrCreate(dir, SignatureAlgorithm.ED25519),
        CLOCK);
    String id = f.newRecordId();

    SignedRecord signed = f.sign(id, draft(), 2);

    assertThat(signed.recordId()).isEqualTo(id).isNotEqualTo(f.newRecordId());
    assertThat(WireCodec.decode(signed.payload()).bodyAs(CertificationRecord.class).recordId()).isEqualTo(id);
    assertThat(Long.parseLong(id.replace("-", "").substring(0, 12), 16)).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void tampered_record_fails_verification(@TempDir Path dir) {
    Signer signer = DeviceKeys.loadOrCreate(dir, SignatureAlgorithm.ED25519);
    SignedRecord signed = new RecordFactory("kiosk-1", 0, "0.1.0", signer, CLOCK).sign(draft(), 1);
    String text = new String(signed.payload(), StandardCharsets.UTF_8);
    assertThat(text).contains("\"outcome\":\"CERTIFIED\"");
    byte[] tampered = text.replace("\"outcome\":\"CERTIFIED\"", "\"outcome\":\"NOT_CERTIFIED\"")
        .getBytes(StandardCharsets.UTF_8);

    assertThat(WireCodec.decode(tampered).verifiedBy(signer.publicKey())).isFalse();
  }

  @Test
  void record_signed_by_another_key_fails(@TempDir Path a, @TempDir Path b) {
    SignedRecord signed = new RecordFactory("kiosk-1", 0, "0.1.0",
        DeviceKeys.loadOrCreate(a, SignatureAlgorithm.ED25519), CLOCK).sign(draft(), 1);
    assertThat(WireCodec.decode(signed.payload())
        .verifiedBy(DeviceKeys.loadOrCreate(b, SignatureAlgorithm.ED25519).publicKey())).isFalse();
  }

  @Test
  void device_key_is_created_once_owner_only_and_reused(@TempDir Path dir) throws Exception {
    Signer first = DeviceKeys.loadOrCreate(dir, SignatureAlgorithm.ED25519);
    Signer again = DeviceKeys.loadOrCreate(dir, SignatureAlgorithm.SM2_SM3);

    assertThat(again.keyId()).isEqualTo(first.keyId());
    assertThat(again.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
    assertThat(Files.getPosixFilePermissions(DeviceKeys.privateKeyFile(dir)))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Keys.readPublicKey(DeviceKeys.publicKeyFile(dir))).isEqualTo(first.publicKey());
  }

  @Test
  void backoff_doubles_from_the_ack_timeout_up_to_the_cap() {
    RetryBackoff b = new RetryBackoff(java.time.Duration.ofSeconds(20), RetryBackoff.DEFAULT_CAP);
    assertThat(b.delayAfter(1)).hasSeconds(20);
    assertThat(b.delayAfter(2)).hasSeconds(40);
    assertThat(b.delayAfter(4)).hasSeconds(160);
    assertThat(b.delayAfter(5)).hasSeconds(300);
    assertThat(b.delayAfter(500)).hasSeconds(300);
  }
}
