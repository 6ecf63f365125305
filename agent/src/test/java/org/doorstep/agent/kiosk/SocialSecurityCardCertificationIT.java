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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
import org.doorstep.agent.device.sscard.TerminalSocialSecurityCardReader;
import org.doorstep.agent.device.sscard.sim.SampleSsCards;
import org.doorstep.agent.device.sscard.sim.SimulatedTerminal;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdPhoto;
import org.doorstep.agent.privacy.FileDataKeyStore;
import org.doorstep.agent.privacy.SqliteEvidenceStore;
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
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.CertificationRecord.CardType;
import org.doorstep.config.contract.CertificationRecord.Evidence;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card step with a social-security card, end to end on real faces: the runner with {@link CardReaders} over
 * the simulated ID card reader and the real social-security card adapter ({@link TerminalSocialSecurityCardReader}
 * running its APDU sequence against the simulated card), the real OpenCV matcher, the sealed reference-photo
 * store and the SQLite outbox. The resident in front of the kiosk is the astronaut.
 */
class SocialSecurityCardCertificationIT {
  private static final FlowPolicy POLICY = new FlowPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30), 700, 500, 2,
      ZoneId.of("Asia/Shanghai"), true, true, Duration.ofMinutes(5));
  private static OpenCvFaceMatcher matcher;
  private static byte[] astronaut;

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private Context ctx;
  private SqliteOutbox outbox;
  private SimulatedIdCardReader idReader;
  private SimulatedTerminal ssTerminal;
  private MatcherFaceCheck face;
  private SealedFileReferencePhotoStore references;
  private SqliteEvidenceStore evidence;
  private AutoScreen screen;
  private CertificationRunner runner;
  private final List<Long> staffCalls = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void models() {
    matcher = OpenCvFaceMatcher.load(VisionMedia.faceModels());
    astronaut = VisionMedia.astronaut();
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
    idReader = new SimulatedIdCardReader();
    ssTerminal = new SimulatedTerminal();
    face = new MatcherFaceCheck(vertx, matcher, astronaut);
    screen = new AutoScreen();
    RecordFactory records = new RecordFactory("kiosk-ss", 1, "test",
        DeviceKeys.loadOrCreate(dataDir, SignatureAlgorithm.ED25519), Clock.systemUTC());
    CardReaders cards = new CardReaders(idReader,
        new TerminalSocialSecurityCardReader(vertx, ssTerminal, TerminalSocialSecurityCardReader.DEFAULT_TIMEOUT));
    runner = new CertificationRunner(vertx, "kiosk-ss", new CertificationFlow(POLICY), cards, face,
        new SimulatedReceiptPrinter(POLICY.zone()), screen, outbox, evidence, records, List.of("BLINK"), 1,
        Clock.systemUTC(), Duration.ofMillis(20), Duration.ofMillis(50), entry -> { }, summary -> { })
        .mismatchSupport(references, face)
        .placeCardMessage(ResidentMessage.PLACE_ID_OR_SOCIAL_SECURITY_CARD)
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

  private Future<SessionSummary> nextEnd() throws Exception {
    return on(() -> Future.succeededFuture(runner.nextSessionEnd()));
  }

  private CertificationRecord record(SessionSummary s) {
    byte[] payload = outbox.find(s.recordId().orElseThrow()).await().orElseThrow().payload();
    return WireCodec.decode(payload).bodyAs(CertificationRecord.class);
  }

  @Test
  void the_idle_screen_offers_both_cards() {
    await().atMost(Duration.ofSeconds(5)).until(() -> screen.shown().contains(
        ResidentMessage.PLACE_ID_OR_SOCIAL_SECURITY_CARD));
  }

  @Test
  void a_social_security_card_certifies_against_the_last_certification_photo() throws Exception {
    references.keep(SampleSsCards.RESIDENT_CARD.idNumber(), astronaut).await();
    Future<SessionSummary> end = nextEnd();
    ssTerminal.insert(SampleSsCards.RESIDENT);
    SessionSummary s = end.await(60, TimeUnit.SECONDS);

    assertThat(s.outcome()).contains(Outcome.CERTIFIED);
    CertificationRecord r = record(s);
    assertThat(r.subject().cardType()).isEqualTo(CardType.SOCIAL_SECURITY_CARD);
    assertThat(r.subject().idNumber()).isEqualTo(SampleSsCards.RESIDENT_CARD.idNumber());
    assertThat(r.subject().name()).isEqualTo(SampleSsCards.RESIDENT_CARD.name());
    assertThat(r.mode()).isEqualTo(Mode.SELF);
    assertThat(r.match()).hasValueSatisfying(m -> {
      assertThat(m.passed()).isTrue();
      assertThat(m.reference()).isEqualTo(CertificationFlow.LAST_CERTIFICATION_REFERENCE);
    });
    assertThat(face.captures()).as("no card photo to try first").isEqualTo(1);
    assertThat(staffCalls).isEmpty();
  }

  @Test
  void without_a_kept_photo_staff_confirm_and_only_the_face_is_evidence() throws Exception {
    Future<SessionSummary> end = nextEnd();
    ssTerminal.insert(SampleSsCards.RESIDENT);
    await().atMost(Duration.ofSeconds(60)).until(() -> on(() -> Future.succeededFuture(runner.session().state()))
        == State.STAFF_ASSIST);
    assertThat(staffCalls).hasSize(1);
    runner.fire(new Event.StaffDecision("staff-07", true, true, true));
    SessionSummary s = end.await(30, TimeUnit.SECONDS);

    assertThat(s.outcome()).contains(Outcome.STAFF_CONFIRMED);
    CertificationRecord r = record(s);
    assertThat(r.subject().cardType()).isEqualTo(CardType.SOCIAL_SECURITY_CARD);
    assertThat(r.mode()).isEqualTo(Mode.STAFF_ASSISTED);
    assertThat(r.operator()).contains("staff-07");
    assertThat(r.match()).isEmpty();
    assertThat(r.evidence()).extracting(Evidence::kind).containsExactly(CertificationRunner.FACE_EVIDENCE);
    // Staff confirmed who this is: next time the kiosk can match against today's photo by itself.
    await().atMost(Duration.ofSeconds(10)).until(() ->
        references.lastPhoto(SampleSsCards.RESIDENT_CARD.idNumber()).await().isPresent());
  }

  @Test
  void a_bank_card_without_the_social_security_application_is_refused_in_words() throws Exception {
    Future<SessionSummary> end = nextEnd();
    ssTerminal.insert(SampleSsCards.BANK_ONLY);
    SessionSummary s = end.await(30, TimeUnit.SECONDS);
    assertThat(s.state()).isEqualTo(State.FAILED);
    assertThat(s.message()).isEqualTo(ResidentMessage.SSCARD_NOT_SSCARD);
    assertThat(s.recordId()).isEmpty();
  }

  @Test
  void id_cards_keep_working_while_the_social_security_card_reader_is_offline() throws Exception {
    ssTerminal.offline(true);
    IdCard card = new IdCard(SampleResidents.ZHANG_SAN.cardType(), SampleResidents.ZHANG_SAN.idNumber(),
        SampleResidents.ZHANG_SAN.name(), SampleResidents.ZHANG_SAN.validUntil(), IdPhoto.of(astronaut));
    Future<SessionSummary> end = nextEnd();
    idReader.insert(card);
    SessionSummary s = end.await(60, TimeUnit.SECONDS);
    assertThat(s.outcome()).contains(Outcome.CERTIFIED);
    CertificationRecord r = record(s);
    assertThat(r.subject().cardType()).isEqualTo(CardType.RESIDENT);
    assertThat(r.match()).hasValueSatisfying(m ->
        assertThat(m.reference()).isEqualTo(CertificationFlow.MATCH_REFERENCE));
  }
}
