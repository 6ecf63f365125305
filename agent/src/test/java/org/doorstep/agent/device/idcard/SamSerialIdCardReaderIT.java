package org.doorstep.agent.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.idcard.sim.SamReaderSimulator;
import org.doorstep.agent.device.idcard.sim.SampleCards;
import org.doorstep.agent.device.idcard.sim.SimCard;
import org.doorstep.agent.device.idcard.sim.TestWltPhotoDecoder;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdCardText.Validity;
import org.doorstep.agent.model.IdCardText;
import org.doorstep.agent.testing.Ptys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real driver against the reader simulator over a real pty: jSerialComm on the slave, the simulator on the master. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SamSerialIdCardReaderIT {
  private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);
  private static Vertx vertx;
  private SamReaderSimulator sim;
  private SamSerialIdCardReader reader;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Exception {
    await(vertx.close());
  }

  @BeforeEach
  void start() throws Exception {
    Ptys.requireOnLinux();
    sim = SamReaderSimulator.startOnPty();
    reader = SamSerialIdCardReader.create(vertx, options(sim.devicePath()).build());
  }

  @AfterEach
  void stop() throws Exception {
    if (reader != null) {
      await(reader.close());
    }
    if (sim != null) {
      sim.close();
    }
  }

  /**
   * The production timeouts and retries (SamReaderOptions defaults: 1 s per command, 3 s per read, 2 resends):
   * shortened test timeouts would hide a driver that only works with them. Only the photo decoder (no vendor
   * library here) and the clock (the cards' dates) are the tests' own.
   */
  static SamReaderOptions.Builder options(String port) {
    return SamReaderOptions.builder(port)
        .photoDecoder(new TestWltPhotoDecoder())
        .clock(Clock.fixed(TODAY.atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant(), ZoneId.of("Asia/Shanghai")));
  }

  // ---- cards ------------------------------------------------------------------------------------------------

  @Test
  void reads_a_resident_card_with_every_field_and_a_decodable_photo() throws Exception {
    sim.insert(SampleCards.RESIDENT);
    assertThat(await(reader.cardPresent())).isTrue();
    IdCard card = await(reader.read()).orElseThrow();
    IdCardText expected = SampleCards.RESIDENT.source().orElseThrow();
    assertThat(card.text()).contains(expected);
    assertThat(card.idNumber()).isEqualTo(expected.idNumber());
    assertThat(card.validUntil()).isEqualTo(LocalDate.MAX);
    BufferedImage photo = ImageIO.read(new ByteArrayInputStream(card.photo().orElseThrow().bytes()));
    assertThat(photo.getWidth()).isEqualTo(102);
    assertThat(photo.getHeight()).isEqualTo(126);
    assertThat(sim.requests(SamCommand.READ_TEXT_PHOTO)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(names = {"RESIDENT", "HMT_PERMIT", "FOREIGN_PERMANENT"})
  void reads_every_card_type(org.doorstep.config.contract.CertificationRecord.CardType type) throws Exception {
    SimCard c = SampleCards.ALL_TYPES.stream().filter(s -> s.source().orElseThrow().cardType() == type).findFirst()
        .orElseThrow();
    sim.insert(c);
    IdCard card = await(reader.read()).orElseThrow();
    assertThat(card.cardType()).isEqualTo(type);
    assertThat(card.text()).contains(c.source().orElseThrow());
  }

  @Test
  void reads_text_photo_and_fingerprint_with_30_10() throws Exception {
    await(reader.close());
    reader = SamSerialIdCardReader.create(vertx, options(sim.devicePath()).readFingerprint(true).build());
    sim.insert(SampleCards.RESIDENT.withFingerprint(new byte[1024]));
    assertThat(await(reader.read())).isPresent();
    assertThat(sim.requests(SamCommand.READ_TEXT_PHOTO_FINGERPRINT)).isEqualTo(1);
  }

  @Test
  void an_expired_card_is_read_and_reported_expired_not_failed() throws Exception {
    sim.insert(SampleCards.RESIDENT_EXPIRED);
    IdCard card = await(reader.read()).orElseThrow();
    assertThat(card.validUntil()).isBefore(TODAY);
    assertThat(card.text().orElseThrow().validity(TODAY)).isEqualTo(Validity.EXPIRED);
  }

  @Test
  void a_card_with_a_wrong_check_character_fails_card_data_invalid() throws Exception {
    sim.insert(SampleCards.INVALID_CHECKSUM);
    DeviceException e = failure(reader.read());
    assertThat(e.fault()).isEqualTo(DeviceFault.CARD_UNREADABLE);
    assertThat(ReaderProblem.of(e)).contains(ReaderProblem.CARD_DATA_INVALID);
    assertThat(e.getMessage()).contains("INVALID_ID_NUMBER").doesNotContainPattern("[0-9]{10,}");
  }

  @Test
  void a_card_born_in_the_future_fails_card_data_invalid() throws Exception {
    sim.insert(SampleCards.FUTURE_BIRTH);
    assertThat(ReaderProblem.of(failure(reader.read()))).contains(ReaderProblem.CARD_DATA_INVALID);
  }

  @Test
  void an_unknown_card_type_flag_fails_unsupported_card() throws Exception {
    sim.insert(SampleCards.UNKNOWN_FLAG);
    assertThat(ReaderProblem.of(failure(reader.read()))).contains(ReaderProblem.UNSUPPORTED_CARD);
  }

  // ---- presence, removal, lift before next read -------------------------------------------------------------

  @Test
  void no_card_is_a_value_not_a_failure() throws Exception {
    assertThat(await(reader.cardPresent())).isFalse();
    assertThat(await(reader.presence())).isEqualTo(CardPresence.ABSENT);
    assertThat(await(reader.read())).isEmpty();
  }

  @Test
  void after_a_read_the_card_must_be_lifted_before_the_next_read() throws Exception {
    sim.insert(SampleCards.RESIDENT);
    assertThat(await(reader.read())).isPresent();
    assertThat(await(reader.cardPresent())).as("a read card stays silent").isFalse();
    assertThat(await(reader.presence())).isEqualTo(CardPresence.LIFT_AND_REPLACE);
    assertThat(await(reader.read())).isEmpty();
    assertThat(sim.awaitingLift()).isTrue();

    sim.lift();
    sim.insert(SampleCards.RESIDENT);
    assertThat(await(reader.presence())).isEqualTo(CardPresence.PRESENT);
    assertThat(await(reader.read())).isPresent();
  }

  @Test
  void removal_is_detected_by_polling() throws Exception {
    sim.insert(SampleCards.RESIDENT_DATED);
    assertThat(await(reader.cardPresent())).isTrue();
    sim.lift();
    assertThat(await(reader.cardPresent())).isFalse();
    assertThat(await(reader.presence())).isEqualTo(CardPresence.ABSENT);
  }

  @Test
  void a_card_lifted_mid_read_gives_no_card_and_absent() throws Exception {
    sim.insert(SampleCards.RESIDENT);
    sim.liftDuringNextRead();
    assertThat(await(reader.read())).isEmpty();
    assertThat(await(reader.presence())).isEqualTo(CardPresence.ABSENT);
  }

  // ---- line faults ------------------------------------------------------------------------------------------

  @Test
  void garbage_before_a_reply_is_skipped() throws Exception {
    sim.insert(SampleCards.RESIDENT);
    sim.garbageBeforeNextReply(HexFormat.of().parseHex("00ff13aaaa5555aaaaaa96"));
    assertThat(await(reader.cardPresent())).isTrue();
    sim.garbageBeforeNextReply(HexFormat.of().parseHex("aaaaaa9669ffff0102")); // a false preamble with LEN FFFF
    assertThat(await(reader.read())).isPresent();
  }

  @Test
  void a_corrupt_checksum_on_the_read_reply_is_retried() throws Exception {
    sim.insert(SampleCards.RESIDENT);
    sim.corruptChecksumOn(SamCommand.READ_TEXT_PHOTO, 1);
    assertThat(await(reader.read())).isPresent();
    assertThat(sim.requests(SamCommand.READ_TEXT_PHOTO)).isEqualTo(2);
  }

  @Test
  void a_corrupt_length_is_retried() throws Exception {
    sim.insert(SampleCards.RESIDENT);
    sim.corruptLengthOn(SamCommand.SELECT_CARD, 1);
    assertThat(await(reader.read())).isPresent();
    assertThat(sim.requests(SamCommand.SELECT_CARD)).isEqualTo(2);
  }

  @Test
  void corrupt_replies_on_every_attempt_fail_with_line_errors() throws Exception {
    sim.corruptChecksumOn(SamCommand.FIND_CARD, 2);
    sim.corruptLengthOn(SamCommand.FIND_CARD, 1);
    DeviceException e = failure(reader.cardPresent());
    assertThat(ReaderProblem.of(e)).contains(ReaderProblem.LINE_ERRORS);
    assertThat(e.fault()).isEqualTo(DeviceFault.HARDWARE_ERROR);
    assertThat(sim.requests(SamCommand.FIND_CARD)).isEqualTo(3);
  }

  @Test
  void one_silent_reply_is_retried() throws Exception {
    sim.insert(SampleCards.RESIDENT);
    sim.silenceOn(SamCommand.FIND_CARD, 1);
    assertThat(await(reader.cardPresent())).isTrue();
  }

  @Test
  void silence_on_every_attempt_fails_with_timeout() throws Exception {
    sim.silenceOn(SamCommand.SAM_STATUS, 3);
    DeviceException e = failure(reader.samStatus());
    assertThat(e.fault()).isEqualTo(DeviceFault.TIMEOUT);
    assertThat(ReaderProblem.of(e)).contains(ReaderProblem.NO_ANSWER);
  }

  @Test
  void a_silent_read_reply_is_asked_for_again() throws Exception {
    sim.insert(SampleCards.RESIDENT);
    sim.silenceOn(SamCommand.READ_TEXT_PHOTO, 1);
    assertThat(await(reader.read())).isPresent();
  }

  // ---- SW3 --------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = Sw3.class, names = {"ITEM_EMPTY", "UNAUTHORISED", "UNKNOWN_ERROR", "CARD_AUTH_FAILED",
      "SAM_AUTH_FAILED", "VERIFICATION_ERROR", "UNKNOWN_CARD_TYPE", "READ_FAILED", "RANDOM_FAILED",
      "SAM_SELF_TEST_FAILED", "SAM_NOT_AUTHORISED"})
  void every_failure_sw3_on_read_maps_to_its_problem(Sw3 sw3) throws Exception {
    sim.insert(SampleCards.RESIDENT);
    sim.failOn(SamCommand.READ_TEXT_PHOTO, sw3);
    DeviceException e = failure(reader.read());
    assertThat(ReaderProblem.of(e)).isEqualTo(sw3.problem());
    assertThat(e.fault()).isEqualTo(sw3.problem().orElseThrow().fault());
  }

  @Test
  void select_failed_asks_to_place_the_card_flat() throws Exception {
    sim.insert(SampleCards.RESIDENT);
    sim.failOn(SamCommand.SELECT_CARD, Sw3.SELECT_FAILED);
    DeviceException e = failure(reader.read());
    assertThat(ReaderProblem.of(e)).contains(ReaderProblem.PLACE_CARD_FLAT);
    assertThat(ReaderProblem.PLACE_CARD_FLAT.key()).isEqualTo("reader.place-card-flat");
  }

  @Test
  void find_failed_is_no_card() throws Exception {
    sim.insert(SampleCards.RESIDENT);
    sim.failOn(SamCommand.FIND_CARD, Sw3.FIND_FAILED);
    assertThat(await(reader.read())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = Sw3.class, names = {"CHECKSUM_ERROR", "LENGTH_ERROR", "COMMAND_ERROR"})
  void reader_side_transport_errors_are_retried_then_fail_with_line_errors(Sw3 sw3) throws Exception {
    sim.insert(SampleCards.RESIDENT);
    sim.failOn(SamCommand.FIND_CARD, sw3, 1);
    assertThat(await(reader.cardPresent())).isTrue();
    sim.failOn(SamCommand.FIND_CARD, sw3, 3);
    assertThat(ReaderProblem.of(failure(reader.cardPresent()))).contains(ReaderProblem.LINE_ERRORS);
  }

  @Test
  void a_corrupt_frame_from_the_host_gets_sw3_10_from_the_simulator() throws Exception {
    try (var link = org.doorstep.agent.device.serial.SerialLink.open(sim.devicePath(), 115200)) {
      byte[] bad = SamFrames.request(SamCommand.FIND_CARD);
      bad[bad.length - 1] ^= 1;
      link.write(bad);
      SamFrameDecoder d = SamFrameDecoder.forReplies();
      byte[] buf = new byte[64];
      var deadline = org.doorstep.agent.device.serial.Deadline.in(Duration.ofSeconds(5));
      java.util.List<SamFrameDecoder.Result> got = new java.util.ArrayList<>();
      while (got.isEmpty() && !deadline.expired()) {
        got.addAll(d.feed(buf, 0, link.read(buf, deadline)));
      }
      assertThat(got).containsExactly(SamReply.of(0, 0, 0x10, new byte[0]));
      assertThat(sim.framesRejected()).isEqualTo(1);
    }
  }

  // ---- SAM, health, baud, connection ------------------------------------------------------------------------

  @Test
  void sam_id_status_and_reset() throws Exception {
    assertThat(await(reader.samId())).isEqualTo(HexFormat.of().formatHex(SamReaderSimulator.SAM_ID));
    assertThat(await(reader.samStatus())).isEqualTo(Sw3.OK);
    await(reader.resetSam());
    assertThat(sim.requests(SamCommand.RESET_SAM)).isEqualTo(1);
  }

  @Test
  void health_follows_sam_status_and_the_line() throws Exception {
    assertThat(await(reader.health())).isEqualTo(PeripheralHealth.ONLINE);
    sim.samStatus(Sw3.SAM_SELF_TEST_FAILED);
    assertThat(await(reader.health())).isEqualTo(PeripheralHealth.HWERROR);
    assertThat(await(reader.samStatus())).isEqualTo(Sw3.SAM_SELF_TEST_FAILED);
    sim.close();
    assertThat(await(reader.health())).isEqualTo(PeripheralHealth.OFFLINE);
  }

  @Test
  void baud_switch_moves_both_ends_and_reads_continue() throws Exception {
    // The device answers at the old speed, then switches: its side may change a moment after the reply arrives.
    await(reader.switchBaud(9600));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> sim.baud() == 9600);
    assertThat(reader.baud()).isEqualTo(9600);
    sim.insert(SampleCards.RESIDENT);
    assertThat(await(reader.read())).isPresent();
    await(reader.switchBaud(115200));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> sim.baud() == 115200);
  }

  @Test
  void a_driver_at_the_wrong_baud_gets_no_answer() throws Exception {
    await(reader.close());
    reader = SamSerialIdCardReader.create(vertx, options(sim.devicePath()).baud(57600).build());
    assertThat(ReaderProblem.of(failure(reader.samStatus()))).contains(ReaderProblem.NO_ANSWER);
    assertThat(await(reader.health())).isEqualTo(PeripheralHealth.OFFLINE);
    assertThat(sim.ignoredAtWrongBaud()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void a_missing_port_is_not_connected_and_offline() throws Exception {
    await(reader.close());
    reader = SamSerialIdCardReader.create(vertx, options("/dev/doorstep-no-such-reader").build());
    DeviceException e = failure(reader.cardPresent());
    assertThat(e.fault()).isEqualTo(DeviceFault.NOT_CONNECTED);
    assertThat(await(reader.health())).isEqualTo(PeripheralHealth.OFFLINE);
  }

  @Test
  void a_reader_that_goes_away_fails_not_connected() throws Exception {
    sim.insert(SampleCards.RESIDENT);
    assertThat(await(reader.cardPresent())).isTrue();
    sim.close();
    DeviceException e = failure(reader.cardPresent());
    assertThat(e.fault()).isIn(DeviceFault.NOT_CONNECTED, DeviceFault.TIMEOUT);
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  static DeviceException failure(Future<?> f) throws Exception {
    try {
      Object v = await(f);
      throw new AssertionError("expected a failure, got " + v);
    } catch (DeviceException e) {
      return e;
    }
  }

  @SuppressWarnings("unused")
  private static Optional<IdCard> none() {
    return Optional.empty();
  }
}
