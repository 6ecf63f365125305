package org.doorstep.agent.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.SecretKey;
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdPhoto;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.OutboxEntry;
import org.doorstep.agent.records.RecordDraft;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.session.Event;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.DocumentScenes;
import org.doorstep.agent.testing.SimulatedRunner;
import org.doorstep.agent.vision.document.DocumentKind;
import org.doorstep.agent.vision.document.DocumentScanService;
import org.doorstep.agent.vision.document.DocumentScanner;
import org.doorstep.agent.vision.document.ScanLimits;
import org.doorstep.agent.vision.document.ScanOutcome;
import org.doorstep.agent.vision.match.SealedFileReferencePhotoStore;
import org.doorstep.config.contract.CertificationRecord.Evidence;
import org.doorstep.config.contract.CertificationRecord.FaceMatch;
import org.doorstep.config.contract.CertificationRecord.Liveness;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.doorstep.config.contract.CertificationRecord.Subject;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.config.crypto.Signer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The retention promise, checked on the bytes of the files: real signed records (full ID number and
 * name inside) and evidence images go through the real outbox and evidence store, get acked, and are
 * purged; then every file of the data directory (the databases, their {@code -wal}, {@code -shm} and
 * {@code -journal} files) is scanned raw. Neither the plaintext (ID number, name, image bytes) was ever
 * there, nor are the purged rows' ciphertexts left. The scanner is proven able to find the ciphertexts
 * before the purge, and a pending record's ciphertext survives it. The same holds for evidence stored the
 * way the kiosk stores it (the runner's face frame and card photo, the scan service's document scan), and
 * for reference photos past their own retention.
 *
 * <p>What this does not prove: that the flash cells under the file are erased (SSD/eMMC wear levelling
 * keeps old blocks, and the file system may too); see agent/README.md.
 */
class PurgeSecureDeleteIT {
  private static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
  private static final Duration RETENTION = Duration.ofDays(30);

  @TempDir
  Path dir;
  private Vertx vertx;
  private SqliteOutbox outbox;
  private SqliteEvidenceStore evidence;
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override public Instant instant() {
      return now.get();
    }
  };

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    if (outbox != null) {
      outbox.close().await();
    }
    if (evidence != null) {
      evidence.close().await();
    }
    vertx.close().await();
  }

  private static RecordDraft draft(IdCard c, Instant at) {
    return draft(c, at, List.of());
  }

  private static RecordDraft draft(IdCard c, Instant at, List<Evidence> evidence) {
    return new RecordDraft("certification", Mode.SELF, new Subject(c.cardType(), c.idNumber(), c.name()),
        Optional.empty(), Optional.of(new Liveness(true, List.of(), 950, 700)),
        Optional.of(new FaceMatch(true, 870, 600, "id-card-photo")), Outcome.CERTIFIED, evidence, at);
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void card_photo_and_document_scan_stored_by_the_runner_and_the_scan_service_are_gone_from_every_file(
      CryptoSuite suite) throws Exception {
    SecretKey key = new FileDataKeyStore(vertx, dir).dataKey(suite.cipherAlgorithm()).await();
    EvidenceCipher cipher = EvidenceCipher.of(suite, key);
    outbox = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.FULL, cipher).await();
    evidence = SqliteEvidenceStore.open(vertx, dir, cipher, clock).await();
    RecordFactory factory = new RecordFactory("kiosk-purge-2", 0, "test",
        DeviceKeys.loadOrCreate(dir, suite.signatureAlgorithm()), clock);
    PurgeJob job = new PurgeJob(vertx, outbox, evidence, RETENTION, clock);

    // A staff-assisted certification: the runner stores the face frame and the card's chip photo.
    byte[] cardPhoto = image(11);
    IdCard li = SampleResidents.LI_SI;
    IdCard card = new IdCard(li.cardType(), li.idNumber(), li.name(), li.validUntil(), IdPhoto.of(cardPhoto));
    SimulatedRunner kiosk = SimulatedRunner.start(vertx, outbox, evidence, factory, clock);
    String staffRecord;
    try {
      kiosk.face().script(SimulatedFaceCheck.Outcome.MISMATCH, SimulatedFaceCheck.Outcome.MISMATCH);
      io.vertx.core.Future<SessionSummary> end = kiosk.insert(card);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> kiosk.state() == State.STAFF_ASSIST);
      kiosk.runner().fire(new Event.StaffDecision("staff-07", true, true, true));
      staffRecord = end.await(30, java.util.concurrent.TimeUnit.SECONDS).recordId().orElseThrow();
    } finally {
      kiosk.stop();
    }
    CertificationRecord staff = WireCodec.decode(outbox.find(staffRecord).await().orElseThrow().payload())
        .bodyAs(CertificationRecord.class);
    assertThat(staff.evidence()).extracting(Evidence::kind)
        .containsExactly(CertificationRunner.FACE_EVIDENCE, CertificationRunner.ID_PHOTO_EVIDENCE);

    // A registration: the scan service stores the scan under the record id drawn first; the record names it.
    String scanRecord = factory.newRecordId();
    DocumentScenes.Scene form = DocumentScenes.photo(DocumentScenes.page(707, 1000, 0, 1),
        new org.opencv.core.Size(1280, 960), DocumentScenes.corners(640, 480, 566, 790, 6, 0.05), 3);
    ScanOutcome.Kept kept = (ScanOutcome.Kept) new DocumentScanService(vertx, new DocumentScanner(ScanLimits.DEFAULTS),
        evidence).scan(scanRecord, DocumentKind.APPLICATION_FORM, form.png()).await();
    outbox.commit(seq -> factory.sign(scanRecord, draft(SampleResidents.WANG_WU, now.get(), List.of(kept.evidence())),
        seq), now.get()).await();
    byte[] scan = evidence.get(scanRecord).await().get(0).bytes();

    assertNowhere(Arrays.copyOfRange(cardPhoto, 100, 164), "card photo");
    assertNowhere(Arrays.copyOfRange(scan, scan.length / 2, scan.length / 2 + 64), "document scan");
    List<byte[]> cardRow = sealedColumn(SqliteEvidenceStore.FILE_NAME,
        "SELECT sealed FROM evidence WHERE record_id = ? AND kind = 'id-card-photo'", List.of(staffRecord));
    List<byte[]> scanRow = sealedColumn(SqliteEvidenceStore.FILE_NAME,
        "SELECT sealed FROM evidence WHERE record_id = ?", List.of(scanRecord));
    assertSomewhere(probe(cardRow.get(0)), "card photo ciphertext");
    assertSomewhere(probe(scanRow.get(0)), "document scan ciphertext");

    outbox.markDelivered(List.of(staffRecord, scanRecord), T0.plusSeconds(60)).await();
    now.set(T0.plus(RETENTION).plusSeconds(61));
    PurgeReport report = job.purgeNow().await();

    assertThat(report.records()).isEqualTo(2);
    assertThat(report.evidenceItems()).isEqualTo(3);     // face frame + card photo, document scan
    assertThat(evidence.get(staffRecord).await()).isEmpty();
    assertThat(evidence.get(scanRecord).await()).isEmpty();
    assertNowhere(probe(cardRow.get(0)), "purged card photo ciphertext");
    assertNowhere(probe(scanRow.get(0)), "purged document scan ciphertext");
    assertNowhere(Arrays.copyOfRange(cardPhoto, 100, 164), "card photo after the purge");
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void reference_photos_past_their_own_retention_are_purged_by_the_job(CryptoSuite suite) throws Exception {
    SecretKey key = new FileDataKeyStore(vertx, dir).dataKey(suite.cipherAlgorithm()).await();
    EvidenceCipher cipher = EvidenceCipher.of(suite, key);
    outbox = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.NORMAL, cipher).await();
    evidence = SqliteEvidenceStore.open(vertx, dir, cipher, clock).await();
    Duration photoRetention = Duration.ofDays(400);
    SealedFileReferencePhotoStore photos = new SealedFileReferencePhotoStore(vertx, dir, suite.cipherAlgorithm(), key,
        photoRetention, clock);
    PurgeJob job = new PurgeJob(vertx, outbox, evidence, RETENTION, clock, List.of(photos));
    photos.keep(SampleResidents.ZHANG_SAN.idNumber(), image(21)).await();
    now.set(T0.plus(Duration.ofDays(100)));
    photos.keep(SampleResidents.LI_SI.idNumber(), image(22)).await();

    now.set(T0.plus(photoRetention).minusSeconds(1));          // policy.retention is long past: not theirs
    assertThat(job.purgeNow(Duration.ZERO).await().expiredItems()).isZero();
    now.set(T0.plus(photoRetention));
    PurgeReport report = job.purgeNow().await();

    assertThat(report.expiredItems()).isEqualTo(1);
    assertThat(report.purgedAnything()).isTrue();
    assertThat(photos.lastPhoto(SampleResidents.ZHANG_SAN.idNumber()).await()).isEmpty();
    assertThat(photos.lastPhoto(SampleResidents.LI_SI.idNumber()).await()).isPresent();
    try (var s = Files.list(photos.folder())) {
      assertThat(s.count()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void purged_records_and_evidence_leave_neither_plaintext_nor_ciphertext_in_any_file(CryptoSuite suite)
      throws Exception {
    EvidenceCipher cipher = EvidenceCipher.of(suite,
        new FileDataKeyStore(vertx, dir).dataKey(suite.cipherAlgorithm()).await());
    outbox = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.FULL, cipher).await();
    evidence = SqliteEvidenceStore.open(vertx, dir, cipher, clock).await();
    Signer signer = DeviceKeys.loadOrCreate(dir, suite.signatureAlgorithm());
    RecordFactory factory = new RecordFactory("kiosk-purge-1", 0, "test", signer, clock);
    PurgeJob job = new PurgeJob(vertx, outbox, evidence, RETENTION, clock);

    // Two records to purge (acked), one that stays pending; each with a recognisable face image.
    IdCard[] residents = {SampleResidents.ZHANG_SAN, SampleResidents.LI_SI, SampleResidents.WANG_WU};
    List<String> ids = new ArrayList<>();
    List<byte[]> images = new ArrayList<>();
    for (IdCard resident : residents) {
      OutboxEntry e = outbox.commit(seq -> factory.sign(draft(resident, now.get()), seq), now.get()).await();
      ids.add(e.recordId());
      byte[] image = image(e.seq());
      images.add(image);
      EvidenceRef ref = evidence.put(e.recordId(), "face-frame", "image/jpeg", image).await();
      assertThat(ref.size()).isEqualTo(image.length);
      // the decrypted payload holds the full ID number: it is the signed record
      assertThat(new String(e.payload(), StandardCharsets.UTF_8)).contains(resident.idNumber().unmasked());
    }
    outbox.markDelivered(ids.subList(0, 2), T0.plusSeconds(60)).await();

    // Encrypted at rest: no file ever holds an ID number, a name or an image.
    for (int i = 0; i < residents.length; i++) {
      assertNowhere(utf8(residents[i].idNumber().unmasked()), "ID number " + residents[i].idNumber());
      assertNowhere(utf8(residents[i].name().unmasked()), "name " + residents[i].name());
      assertNowhere(Arrays.copyOfRange(images.get(i), 100, 164), "image " + i);
    }
    // The ciphertexts are there, and the scanner finds them (so the checks below can fail).
    List<byte[]> outboxRows = sealedColumn(SqliteOutbox.FILE_NAME, "SELECT payload FROM outbox WHERE record_id = ?", ids);
    List<byte[]> evidenceRows = sealedColumn(SqliteEvidenceStore.FILE_NAME,
        "SELECT sealed FROM evidence WHERE record_id = ?", ids);
    for (int i = 0; i < ids.size(); i++) {
      assertSomewhere(probe(outboxRows.get(i)), "outbox ciphertext of record " + i);
      assertSomewhere(probe(evidenceRows.get(i)), "evidence ciphertext of record " + i);
    }

    // Before the retention has passed nothing goes; after it, the two acked records and their evidence.
    now.set(T0.plus(RETENTION));
    assertThat(job.purgeNow().await().purgedAnything()).isFalse();
    now.set(T0.plus(RETENTION).plusSeconds(61));
    PurgeReport report = job.purgeNow().await();

    assertThat(report.records()).isEqualTo(2);
    assertThat(report.evidenceItems()).isEqualTo(2);
    assertThat(outbox.find(ids.get(0)).await()).isEmpty();
    assertThat(evidence.get(ids.get(1)).await()).isEmpty();
    for (int i = 0; i < 2; i++) {
      assertNowhere(probe(outboxRows.get(i)), "purged outbox ciphertext of record " + i);
      assertNowhere(probe(evidenceRows.get(i)), "purged evidence ciphertext of record " + i);
    }
    // The pending record, its evidence and their ciphertexts stay.
    assertThat(outbox.find(ids.get(2)).await()).hasValueSatisfying(e ->
        assertThat(e.status()).isEqualTo(OutboxEntry.Status.PENDING));
    assertThat(evidence.get(ids.get(2)).await()).singleElement()
        .satisfies(s -> assertThat(s.bytes()).isEqualTo(images.get(2)));
    assertSomewhere(probe(outboxRows.get(2)), "pending outbox ciphertext");
    assertSomewhere(probe(evidenceRows.get(2)), "pending evidence ciphertext");
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void orphan_evidence_is_purged_after_the_retention_and_a_zero_retention_purge_spares_running_sessions(
      CryptoSuite suite) {
    EvidenceCipher cipher = EvidenceCipher.of(suite, EvidenceCipher.generateKey(suite.cipherAlgorithm()));
    outbox = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.NORMAL, cipher).await();
    evidence = SqliteEvidenceStore.open(vertx, dir, cipher, clock).await();
    PurgeJob job = new PurgeJob(vertx, outbox, evidence, RETENTION, clock);
    evidence.put("never-committed", "document-scan", "image/png", image(7)).await();

    now.set(T0.plus(Duration.ofMinutes(5)));
    assertThat(job.purgeNow(Duration.ZERO).await().orphanItems()).isZero();     // a session may still use it
    now.set(T0.plus(RETENTION).plusSeconds(1));
    assertThat(job.purgeNow().await().orphanItems()).isEqualTo(1);
    assertThat(evidence.get("never-committed").await()).isEmpty();
  }

  /** 4 KiB of seeded noise: a stand-in JPEG whose every 64-byte window is unique. */
  private static byte[] image(long seed) {
    byte[] b = new byte[4096];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** 48 bytes from the middle of a sealed value's ciphertext (past the header and nonce). */
  private static byte[] probe(byte[] sealed) {
    int from = 14 + Math.max(0, (sealed.length - 14 - 48) / 2);
    return Arrays.copyOfRange(sealed, from, from + 48);
  }

  private List<byte[]> sealedColumn(String file, String sql, List<String> ids) throws Exception {
    List<byte[]> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(file) + "?open_mode=1");
         PreparedStatement q = c.prepareStatement(sql)) {
      for (String id : ids) {
        q.setString(1, id);
        try (ResultSet rs = q.executeQuery()) {
          assertThat(rs.next()).as("row of %s in %s", id, file).isTrue();
          out.add(rs.getBytes(1));
        }
      }
    }
    return out;
  }

  /** Every regular file of the data directory: databases, WAL, shared memory, journals. */
  private List<Path> files() throws IOException {
    try (var s = Files.list(dir)) {
      List<Path> all = s.filter(Files::isRegularFile).toList();
      assertThat(all).extracting(p -> p.getFileName().toString())
          .contains(SqliteOutbox.FILE_NAME, SqliteEvidenceStore.FILE_NAME);
      return all;
    }
  }

  private void assertNowhere(byte[] needle, String what) throws IOException {
    for (Path f : files()) {
      assertThat(indexOf(Files.readAllBytes(f), needle)).as("%s in %s", what, f.getFileName()).isEqualTo(-1);
    }
  }

  private void assertSomewhere(byte[] needle, String what) throws IOException {
    boolean found = false;
    for (Path f : files()) {
      found |= indexOf(Files.readAllBytes(f), needle) >= 0;
    }
    assertThat(found).as("%s in some file of %s", what, dir).isTrue();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
