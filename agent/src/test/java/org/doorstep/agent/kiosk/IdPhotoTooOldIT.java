package org.doorstep.agent.kiosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdPhoto;
import org.doorstep.agent.privacy.FileDataKeyStore;
import org.doorstep.agent.privacy.SqliteEvidenceStore;
import org.doorstep.agent.privacy.StoredEvidence;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.session.CertificationFlow;
import org.doorstep.agent.session.Event;
import org.doorstep.agent.session.FlowPolicy;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.MatcherFaceCheck;
import org.doorstep.agent.testing.VisionMedia;
import org.doorstep.agent.vision.match.OpenCvFaceMatcher;
import org.doorstep.agent.vision.match.SealedFileReferencePhotoStore;
import org.doorstep.config.contract.CertificationRecord.Evidence;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The "ID photo too old" policy end to end on real faces: the runner, the flow, the real OpenCV matcher,
 * the encrypted reference-photo store and evidence store under one data key, the SQLite outbox. The resident in front of
 * the kiosk is the astronaut; a card whose chip photo shows someone else stands for an ID photo that no
 * longer looks like its holder.
 */
class IdPhotoTooOldIT {
  private static final FlowPolicy POLICY = new FlowPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30), 700, 500, 2,
      ZoneId.of("Asia/Shanghai"), true, true, Duration.ofMinutes(5));
  private static OpenCvFaceMatcher matcher;
  private static byte[] astronaut;
  private static byte[] astronautGrey;

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private Context ctx;
  private SqliteOutbox outbox;
  private SimulatedIdCardReader reader;
  private MatcherFaceCheck face;
  private SealedFileReferencePhotoStore references;
  private SqliteEvidenceStore evidence;
  private CertificationRunner runner;
  private final java.util.List<Long> staffCalls = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void models() {
    matcher = OpenCvFaceMatcher.load(VisionMedia.faceModels());
    astronaut = VisionMedia.astronaut();
    Mat grey = new Mat();
    Imgproc.cvtColor(Imgcodecs.imdecode(new MatOfByte(astronaut), Imgcodecs.IMREAD_COLOR), grey,
        Imgproc.COLOR_BGR2GRAY);
    MatOfByte png = new MatOfByte();
    Imgcodecs.imencode(".png", grey, png);
    astronautGrey = png.toArray();
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ctx = vertx.getOrCreateContext();
    EvidenceCipher.Algorithm aes = EvidenceCipher.Algorithm.AES_256_GCM;
    javax.crypto.SecretKey key = new FileDataKeyStore(vertx, dataDir).dataKey(aes).await();
    outbox = SqliteOutbox.open(vertx, dataDir, SqliteOutbox.Durability.NORMAL, new EvidenceCipher(aes, key)).await();
    references = new SealedFileReferencePhotoStore(vertx, dataDir, aes, key, Duration.ofDays(400), Clock.systemUTC());
    evidence = SqliteEvidenceStore.open(vertx, dataDir, new EvidenceCipher(aes, key), Clock.systemUTC()).await();
    reader = new SimulatedIdCardReader();
    face = new MatcherFaceCheck(vertx, matcher, astronaut);
    RecordFactory records = new RecordFactory("kiosk-it", 1, "test",
        DeviceKeys.loadOrCreate(dataDir, SignatureAlgorithm.ED25519), Clock.systemUTC());
    runner = new CertificationRunner(vertx, "kiosk-it", new CertificationFlow(POLICY), reader, face,
        new SimulatedReceiptPrinter(POLICY.zone()), new AutoScreen(), outbox, evidence, records, List.of("BLINK"), 1,
        Clock.systemUTC(), Duration.ofMillis(20), Duration.ofMillis(50), entry -> { }, summary -> { })
        .mismatchSupport(references, face)
        .onStaffCall(staffCalls::add);
    on(() -> {
      runner.start();
      return Future.succeededFuture();
    });
  }

  @AfterEach
  void stop() throws Exception {
    on(() -> {
      runner.stop();
      return Future.succeededFuture();
    });
    vertx.close().await();
  }

  private <T> T on(Supplier<Future<T>> action) throws Exception {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> action.get().onComplete(p));
    return p.future().await(30, TimeUnit.SECONDS);
  }

  private static IdCard withPhoto(IdCard c, byte[] photo) {
    return new IdCard(c.cardType(), c.idNumber(), c.name(), c.validUntil(), IdPhoto.of(photo));
  }

  private Future<SessionSummary> insert(IdCard card) throws Exception {
    Future<SessionSummary> end = on(() -> Future.succeededFuture(runner.nextSessionEnd()));
    reader.insert(card);
    return end;
  }

  private CertificationRecord record(SessionSummary s) {
    byte[] payload = outbox.find(s.recordId().orElseThrow()).await().orElseThrow().payload();
    return WireCodec.decode(payload).bodyAs(CertificationRecord.class);
  }

  @Test
  void card_photo_of_the_same_person_certifies_at_the_first_attempt() throws Exception {
    IdCard card = withPhoto(SampleResidents.ZHANG_SAN, astronautGrey);
    SessionSummary s = insert(card).await(60, TimeUnit.SECONDS);
    assertThat(s.outcome()).contains(Outcome.CERTIFIED);
    CertificationRecord r = record(s);
    assertThat(r.match()).hasValueSatisfying(m -> {
      assertThat(m.reference()).isEqualTo(CertificationFlow.MATCH_REFERENCE);
      assertThat(m.scoreMilli()).isGreaterThanOrEqualTo(500);
    });
    assertThat(face.captures()).isEqualTo(1);
  }

  @Test
  void outdated_card_photo_is_rescued_by_the_last_certification_photo() throws Exception {
    IdCard card = withPhoto(SampleResidents.ZHANG_SAN, VisionMedia.hopper());
    references.keep(card.idNumber(), astronautGrey).await();

    SessionSummary s = insert(card).await(60, TimeUnit.SECONDS);

    assertThat(s.state()).isEqualTo(State.DONE);
    assertThat(s.outcome()).contains(Outcome.CERTIFIED);
    assertThat(s.message()).isEqualTo(ResidentMessage.CERTIFIED_TAKE_RECEIPT);
    assertThat(face.captures()).as("both card-photo attempts were made first").isEqualTo(2);
    CertificationRecord r = record(s);
    assertThat(r.mode()).isEqualTo(Mode.SELF);
    assertThat(r.match()).hasValueSatisfying(m -> {
      assertThat(m.passed()).isTrue();
      assertThat(m.reference()).isEqualTo(CertificationFlow.LAST_CERTIFICATION_REFERENCE);
      assertThat(m.scoreMilli()).isGreaterThanOrEqualTo(500);
      assertThat(m.thresholdMilli()).isEqualTo(500);
    });
    // The new live photo replaces the old reference once the record is committed.
    await().atMost(Duration.ofSeconds(10)).until(() ->
        java.util.Arrays.equals(references.lastPhoto(card.idNumber()).await().orElseThrow(), astronaut));
    assertThat(staffCalls).isEmpty();
  }

  @Test
  void without_a_last_photo_staff_confirm_and_the_card_photo_becomes_evidence() throws Exception {
    byte[] cardPhoto = VisionMedia.hopper();
    IdCard card = withPhoto(SampleResidents.LI_SI, cardPhoto);

    Future<SessionSummary> end = insert(card);
    await().atMost(Duration.ofSeconds(60)).until(() -> on(() -> Future.succeededFuture(runner.session().state()))
        == State.STAFF_ASSIST);
    assertThat(staffCalls).hasSize(1);
    runner.fire(new Event.StaffDecision("staff-07", true, true, true));
    SessionSummary s = end.await(30, TimeUnit.SECONDS);

    assertThat(s.outcome()).contains(Outcome.STAFF_CONFIRMED);
    assertThat(s.certified()).isTrue();
    CertificationRecord r = record(s);
    assertThat(r.mode()).isEqualTo(Mode.STAFF_ASSISTED);
    assertThat(r.operator()).contains("staff-07");
    assertThat(r.match()).hasValueSatisfying(m -> assertThat(m.passed()).isFalse());
    String cardSha = MatcherFaceCheck.sha256(cardPhoto);
    assertThat(r.evidence()).extracting(Evidence::kind).containsExactly("face-image", "id-card-photo");
    assertThat(r.evidence().get(0)).isEqualTo(new Evidence("face-image", MatcherFaceCheck.sha256(astronaut),
        astronaut.length));
    assertThat(r.evidence().get(1)).isEqualTo(new Evidence("id-card-photo", cardSha, cardPhoto.length));
    // Both images are in the evidence store under the record's id: what the record names, the kiosk holds.
    List<StoredEvidence> kept = evidence.get(r.recordId()).await();
    assertThat(kept).extracting(k -> k.ref().toEvidence()).containsExactlyElementsOf(r.evidence());
    assertThat(kept.get(0).bytes()).isEqualTo(astronaut);
    assertThat(kept.get(0).ref().mediaType()).isEqualTo("image/png");
    assertThat(kept.get(1).bytes()).isEqualTo(cardPhoto);
    // Staff confirmed who this is: next year the kiosk can match against today's photo.
    await().atMost(Duration.ofSeconds(10)).until(() -> references.lastPhoto(card.idNumber()).await().isPresent());
  }

  @Test
  void staff_who_do_not_confirm_the_photo_record_not_certified_with_their_id() throws Exception {
    IdCard card = withPhoto(SampleResidents.WANG_WU, VisionMedia.hopper());
    Future<SessionSummary> end = insert(card);
    await().atMost(Duration.ofSeconds(60)).until(() -> on(() -> Future.succeededFuture(runner.session().state()))
        == State.STAFF_ASSIST);
    runner.fire(new Event.StaffDecision("staff-08", true, false, true));
    SessionSummary s = end.await(30, TimeUnit.SECONDS);

    CertificationRecord r = record(s);
    assertThat(r.outcome()).isEqualTo(Outcome.NOT_CERTIFIED);
    assertThat(r.mode()).isEqualTo(Mode.STAFF_ASSISTED);
    assertThat(r.operator()).contains("staff-08");
    assertThat(references.lastPhoto(card.idNumber()).await()).isEqualTo(Optional.empty());
  }
}
