package org.doorstep.agent.vision.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.crypto.SecretKey;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.privacy.FileDataKeyStore;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.crypto.BlindIndex;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DataKeys;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.config.crypto.Sealed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference photos on disk, sealed with the device's data key ({@code data-key.pem}) in either suite. */
class SealedFileReferencePhotoStoreIT {
  private static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
  private static final IdNumber ZHANG = SampleResidents.ZHANG_SAN.idNumber();
  private static final IdNumber LI = SampleResidents.LI_SI.idNumber();
  private static final byte[] PHOTO = "\u00ff\u00d8 pretend JPEG of a face".getBytes(StandardCharsets.ISO_8859_1);

  @TempDir
  Path dataDir;
  private Vertx vertx;

  @BeforeEach
  void up() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void down() {
    vertx.close().await();
  }

  private SealedFileReferencePhotoStore store(Instant now) {
    return store(CryptoSuite.STANDARD, now);
  }

  private SealedFileReferencePhotoStore store(CryptoSuite suite, Instant now) {
    SecretKey key = new FileDataKeyStore(vertx, dataDir).dataKey(suite.cipherAlgorithm()).await();
    return new SealedFileReferencePhotoStore(vertx, dataDir, suite.cipherAlgorithm(), key, Duration.ofDays(400),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private List<Path> files() throws Exception {
    try (var s = Files.list(dataDir.resolve(SealedFileReferencePhotoStore.FOLDER))) {
      return s.toList();
    }
  }

  @Test
  void kept_photo_reads_back_for_that_resident_only() {
    SealedFileReferencePhotoStore s = store(T0);
    s.keep(ZHANG, PHOTO).await();
    assertThat(s.lastPhoto(ZHANG).await()).hasValueSatisfying(b -> assertThat(b).isEqualTo(PHOTO));
    assertThat(s.lastPhoto(LI).await()).isEmpty();
  }

  @Test
  void a_new_photo_replaces_the_old_one() {
    SealedFileReferencePhotoStore s = store(T0);
    s.keep(ZHANG, PHOTO).await();
    byte[] newer = "newer photo".getBytes(StandardCharsets.US_ASCII);
    s.keep(ZHANG, newer).await();
    assertThat(s.lastPhoto(ZHANG).await()).hasValueSatisfying(b -> assertThat(b).isEqualTo(newer));
  }

  @Test
  void disk_shows_neither_the_id_number_nor_the_photo() throws Exception {
    store(T0).keep(ZHANG, PHOTO).await();
    List<Path> files = files();
    assertThat(files).hasSize(1);
    String name = files.get(0).getFileName().toString();
    assertThat(name).doesNotContain(ZHANG.unmasked()).doesNotContain(ZHANG.unmasked().substring(0, 6))
        .matches("[0-9a-f]{64}\\.photo");
    String content = new String(Files.readAllBytes(files.get(0)), StandardCharsets.ISO_8859_1);
    assertThat(content).doesNotContain("pretend JPEG");
  }

  @Test
  void the_data_key_is_the_only_key_file_private_and_reused() throws Exception {
    store(T0).keep(ZHANG, PHOTO).await();
    Path key = dataDir.resolve(FileDataKeyStore.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    byte[] before = Files.readAllBytes(key);
    assertThat(store(T0).lastPhoto(ZHANG).await()).isPresent();
    assertThat(Files.readAllBytes(key)).isEqualTo(before);
    try (var s = Files.list(dataDir)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder(FileDataKeyStore.FILE_NAME, SealedFileReferencePhotoStore.FOLDER);
    }
  }

  @Test
  void an_sm_suite_kiosk_seals_with_sm4_gcm_and_names_files_with_hmac_sm3() throws Exception {
    SealedFileReferencePhotoStore s = store(CryptoSuite.SM, T0);
    s.keep(ZHANG, PHOTO).await();

    assertThat(s.algorithm()).isEqualTo(EvidenceCipher.Algorithm.SM4_GCM);
    Path file = files().get(0);
    byte[] raw = Files.readAllBytes(file);
    // The sealed header names SM4-GCM; SM4 with the key in data-key.pem opens it; AES could not.
    assertThat(Sealed.fromBytes(raw).algorithm()).isEqualTo(EvidenceCipher.Algorithm.SM4_GCM);
    DataKeys.Loaded dataKey = DataKeys.read(dataDir.resolve(FileDataKeyStore.FILE_NAME));
    assertThat(dataKey.algorithm()).isEqualTo(EvidenceCipher.Algorithm.SM4_GCM);
    String name = file.getFileName().toString();
    byte[] plain = new EvidenceCipher(EvidenceCipher.Algorithm.SM4_GCM, dataKey.key())
        .openBytes(raw, name.getBytes(StandardCharsets.US_ASCII));
    assertThat(java.util.Arrays.copyOfRange(plain, Long.BYTES, plain.length)).isEqualTo(PHOTO);
    // The file name is the HMAC-SM3 blind index under the data key's sub-key.
    BlindIndex sm3 = BlindIndex.derive(EvidenceCipher.Algorithm.SM4_GCM, dataKey.key(),
        SealedFileReferencePhotoStore.PURPOSE);
    assertThat(sm3.macAlgorithm()).isEqualTo("HMAC-SM3");
    assertThat(name).isEqualTo(sm3.of(ZHANG.unmasked()) + ".photo");
    assertThat(s.lastPhoto(ZHANG).await()).hasValueSatisfying(b -> assertThat(b).isEqualTo(PHOTO));
  }

  @Test
  void a_kiosk_of_the_other_suite_is_refused_by_the_data_key_store() {
    store(CryptoSuite.STANDARD, T0).keep(ZHANG, PHOTO).await();
    assertThatThrownBy(() -> store(CryptoSuite.SM, T0)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("holds a AES_256_GCM key");
  }

  @Test
  void photo_older_than_the_retention_is_gone_and_deleted() throws Exception {
    store(T0).keep(ZHANG, PHOTO).await();
    assertThat(store(T0.plus(Duration.ofDays(400)).minusSeconds(1)).lastPhoto(ZHANG).await()).isPresent();
    assertThat(store(T0.plus(Duration.ofDays(400))).lastPhoto(ZHANG).await()).isEmpty();
    assertThat(files()).isEmpty();
  }

  @Test
  void purge_deletes_only_expired_photos() throws Exception {
    store(T0).keep(ZHANG, PHOTO).await();
    store(T0.plus(Duration.ofDays(100))).keep(LI, PHOTO).await();
    assertThat(store(T0.plus(Duration.ofDays(450))).purgeExpired().await()).isEqualTo(1);
    assertThat(files()).hasSize(1);
    assertThat(store(T0.plus(Duration.ofDays(450))).lastPhoto(LI).await()).isPresent();
  }

  @Test
  void photo_moved_to_another_residents_name_fails_authentication() throws Exception {
    SealedFileReferencePhotoStore s = store(T0);
    s.keep(ZHANG, PHOTO).await();
    Path zhang = files().get(0);
    Files.move(zhang, zhang.resolveSibling(s.fileName(LI)));
    assertThatThrownBy(() -> s.lastPhoto(LI).await()).isInstanceOf(CryptoException.class)
        .hasMessageContaining("authentication failed");
  }

  @Test
  void forget_deletes_the_residents_photo() {
    SealedFileReferencePhotoStore s = store(T0);
    s.keep(ZHANG, PHOTO).await();
    assertThat(s.forget(ZHANG).await()).isTrue();
    assertThat(s.forget(ZHANG).await()).isFalse();
    assertThat(s.lastPhoto(ZHANG).await()).isEmpty();
  }

  @Test
  void empty_photo_is_refused() {
    assertThatThrownBy(() -> store(T0).keep(ZHANG, new byte[0]).await())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("photo: must not be empty");
  }

}
