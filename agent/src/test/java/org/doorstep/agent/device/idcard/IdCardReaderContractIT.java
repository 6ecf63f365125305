package org.doorstep.agent.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.idcard.sim.SampleCards;
import org.doorstep.agent.device.idcard.sim.SamReaderSimulator;
import org.doorstep.agent.device.idcard.sim.SimCard;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.idcard.sim.TestWltPhotoDecoder;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdCardText;
import org.doorstep.agent.testing.Ptys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test body, both ID card readers: what the certification flow relies on from the {@link IdCardReader} port,
 * run against the in-process {@link SimulatedIdCardReader} (the demo's reader and the flow tests') and against the
 * real driver {@link SamSerialIdCardReader} talking GA/T 467 frames to {@link SamReaderSimulator} over a pty, with
 * the production timeouts and retries. So the in-process reader cannot drift from the real one.
 *
 * <p>Only the serial reader's own behaviours stay in {@link SamSerialIdCardReaderIT}: a read card must be lifted
 * before it is found again (the in-process reader keeps answering), line faults, SW3 codes, baud switching.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdCardReaderContractIT {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A reader and the hands and cables around it: how a test puts cards on it, takes them off, unplugs it. */
  interface Rig extends AutoCloseable {
    IdCardReader reader();

    /** Places {@code card} on the reader. */
    void insert(SimCard card);

    /** Takes the card off the reader. */
    void lift();

    /** Makes the card on the reader unreadable (scratched chip). */
    void scratch();

    /** Cuts the reader off (cable pulled, reader dead). */
    void unplug();

    @Override
    void close() throws Exception;
  }

  /** The in-process reader, given the card a driver would decode from the same blocks. */
  static final class InProcess implements Rig {
    private final SimulatedIdCardReader reader = new SimulatedIdCardReader();

    @Override
    public IdCardReader reader() {
      return reader;
    }

    @Override
    public void insert(SimCard card) {
      reader.insert(IdCard.of(CardTextParser.parse(card.text(), TODAY), new TestWltPhotoDecoder().decode(card.wlt())));
    }

    @Override
    public void lift() {
      reader.remove();
    }

    @Override
    public void scratch() {
      reader.unreadable(true);
    }

    @Override
    public void unplug() {
      reader.offline(true);
    }

    @Override
    public void close() {}
  }

  /** The real driver on the slave end of a pty, the reader simulator on the master. */
  static final class OverPty implements Rig {
    private final SamReaderSimulator sim;
    private final SamSerialIdCardReader reader;

    OverPty() {
      Ptys.requireOnLinux();
      try {
        sim = SamReaderSimulator.startOnPty();
      } catch (java.io.IOException e) {
        throw new AssertionError("reader simulator on a pty: " + e, e);
      }
      // Production timeouts and retries (SamReaderOptions defaults); only the photo decoder and clock are ours.
      reader = SamSerialIdCardReader.create(vertx, SamReaderOptions.builder(sim.devicePath())
          .photoDecoder(new TestWltPhotoDecoder())
          .clock(Clock.fixed(TODAY.atStartOfDay(SHANGHAI).toInstant(), SHANGHAI))
          .build());
    }

    @Override
    public IdCardReader reader() {
      return reader;
    }

    @Override
    public void insert(SimCard card) {
      sim.insert(card);
    }

    @Override
    public void lift() {
      sim.lift();
    }

    @Override
    public void scratch() {
      sim.failOn(SamCommand.READ_TEXT_PHOTO, Sw3.READ_FAILED);
    }

    @Override
    public void unplug() {
      sim.close();
    }

    @Override
    public void close() throws Exception {
      reader.close().await(10, TimeUnit.SECONDS);
      sim.close();
    }
  }

  static Stream<Named<Supplier<Rig>>> readers() {
    return Stream.of(
        Named.of("simulated reader (in process)", InProcess::new),
        Named.of("SAM serial driver + reader simulator on a pty", OverPty::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void without_a_card_nothing_is_present_nothing_is_read_and_the_reader_is_online(Supplier<Rig> make)
      throws Exception {
    try (Rig rig = make.get()) {
      assertThat(await(rig.reader().cardPresent())).isFalse();
      assertThat(await(rig.reader().read())).isEmpty();
      assertThat(await(rig.reader().health())).isEqualTo(PeripheralHealth.ONLINE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void every_card_type_is_found_and_read_with_its_whole_text_and_a_102x126_photo(Supplier<Rig> make)
      throws Exception {
    try (Rig rig = make.get()) {
      for (SimCard c : SampleCards.ALL_TYPES) {
        IdCardText expected = c.source().orElseThrow();
        rig.insert(c);

        assertThat(await(rig.reader().cardPresent())).as(c.label()).isTrue();
        IdCard card = await(rig.reader().read()).orElseThrow();

        assertThat(card.text()).as(c.label()).contains(expected);
        assertThat(card.cardType()).isEqualTo(expected.cardType());
        assertThat(card.idNumber()).isEqualTo(expected.idNumber());
        assertThat(card.name()).isEqualTo(expected.name());
        assertThat(card.validUntil()).isEqualTo(expected.validUntil());
        BufferedImage photo = ImageIO.read(new ByteArrayInputStream(card.photo().orElseThrow().bytes()));
        assertThat(photo.getWidth()).isEqualTo(102);
        assertThat(photo.getHeight()).isEqualTo(126);
        rig.lift();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void a_lifted_card_is_no_longer_present_and_reads_nothing(Supplier<Rig> make) throws Exception {
    try (Rig rig = make.get()) {
      rig.insert(SampleCards.RESIDENT);
      assertThat(await(rig.reader().cardPresent())).isTrue();

      rig.lift();

      assertThat(await(rig.reader().cardPresent())).isFalse();
      assertThat(await(rig.reader().read())).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void an_unreadable_card_fails_the_read_with_card_unreadable(Supplier<Rig> make) throws Exception {
    try (Rig rig = make.get()) {
      rig.insert(SampleCards.RESIDENT);
      rig.scratch();

      assertThat(failure(rig.reader().read()).fault()).isEqualTo(DeviceFault.CARD_UNREADABLE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void an_unplugged_reader_fails_its_calls_and_reports_offline(Supplier<Rig> make) throws Exception {
    try (Rig rig = make.get()) {
      rig.insert(SampleCards.RESIDENT);
      rig.unplug();

      assertThat(failure(rig.reader().cardPresent()).fault()).isIn(DeviceFault.NOT_CONNECTED, DeviceFault.TIMEOUT);
      assertThat(await(rig.reader().health())).isEqualTo(PeripheralHealth.OFFLINE);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(30, TimeUnit.SECONDS); // the test thread, not a Vert.x thread
  }

  private static DeviceException failure(Future<?> f) {
    return (DeviceException) assertThatThrownBy(() -> await(f)).isInstanceOf(DeviceException.class).actual();
  }
}
