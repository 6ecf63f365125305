package org.doorstep.agent.device.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.device.printer.sim.EscPosPrinterSimulator;
import org.doorstep.agent.device.printer.sim.PrintedReceipt;
import org.doorstep.agent.device.serial.SerialLink;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.model.IdCard;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The real driver against {@link EscPosPrinterSimulator} over a real pseudo-terminal. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EscPosSerialPrinterIT {
  private static final IdCard CARD = SampleResidents.ZHANG_SAN;
  private static final String RECORD_ID = "01J9Z3K7Q8R2M4N6P0S1T3V5W7";
  private static final Receipt RECEIPT = new Receipt("kiosk-0001", Outcome.CERTIFIED, CARD.idNumber(), CARD.name(),
      RECORD_ID, 7, Instant.parse("2026-03-02T01:02:03Z"));

  private static Vertx vertx;
  private EscPosPrinterSimulator sim;
  private EscPosSerialPrinter printer;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void closeAll() {
    if (printer != null) {
      printer.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  private EscPosSerialPrinter connect(PaperWidth width, Consumer<EscPosPrinterOptions.Builder> tweak) throws Exception {
    sim = EscPosPrinterSimulator.startOnPty(width);
    // The production status and print timeouts (EscPosPrinterOptions defaults): a test that shortened them
    // would not see a driver that is too slow for them.
    EscPosPrinterOptions.Builder b = EscPosPrinterOptions.builder()
        .receipt(ReceiptOptions.builder().width(width).build());
    tweak.accept(b);
    printer = await(EscPosSerialPrinter.open(vertx, sim.slavePath(), 9600, b.build()));
    return printer;
  }

  private EscPosSerialPrinter connect() throws Exception {
    return connect(PaperWidth.MM_58, b -> { });
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(20, TimeUnit.SECONDS); // test thread, not a Vert.x thread
  }

  private static DeviceException failure(Future<?> f) {
    return (DeviceException) assertThatThrownBy(() -> await(f)).isInstanceOf(DeviceException.class)
        .actual();
  }

  static String decodeQr(byte[] png) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img)));
    return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
  }

  @ParameterizedTest
  @EnumSource(PaperWidth.class)
  void prints_certification_receipt_with_masked_id_and_a_qr_code_of_the_record_id(PaperWidth width) throws Exception {
    connect(width, b -> { });
    await(printer.print(RECEIPT));

    assertThat(sim.receipts()).hasSize(1);
    PrintedReceipt paper = sim.receipts().get(0);
    String id = CARD.idNumber().unmasked();
    assertThat(paper.text()).contains("资格认证凭条").contains(CARD.idNumber().masked()).contains("张*")
        .contains("认证成功").contains(RECORD_ID).doesNotContain(id).doesNotContain("张三");
    assertThat(paper.qrPayloads()).containsExactly(RECORD_ID);
    assertThat(paper.cut()).isEqualTo(Cut.FULL);
    assertThat(decodeQr(paper.png())).isEqualTo(RECORD_ID);
    assertThat(paper.render().getWidth()).isGreaterThanOrEqualTo(width.dots());
    assertThat(sim.statusRequests()).as("DLE EOT 1..4 before and after").isEqualTo(8);
    assertThat(sim.skippedCommands()).isEmpty();
    assertThat(printer.lastStatus()).contains(PrinterStatus.READY);
  }

  @Test
  void qr_code_carries_the_verification_url_when_configured() throws Exception {
    connect(PaperWidth.MM_80, b -> b.receipt(ReceiptOptions.builder().width(PaperWidth.MM_80)
        .verificationUrlPrefix("https://verify.example.org/r/").build()));
    await(printer.print(RECEIPT));
    assertThat(decodeQr(sim.receipts().get(0).png())).isEqualTo("https://verify.example.org/r/" + RECORD_ID);
  }

  @Test
  void reprint_and_other_templates_print_too() throws Exception {
    connect();
    await(printer.reprint(RECEIPT));
    await(printer.print(ReceiptTemplates.proofOfCertification(RECEIPT, printer.options().receipt(), false), RECORD_ID));
    assertThat(sim.receipts()).hasSize(2);
    assertThat(sim.receipts().get(0).text()).contains(ReceiptTemplates.REPRINT_MARK);
    assertThat(sim.receipts().get(1).text()).contains("资格认证证明");
    assertThat(decodeQr(sim.receipts().get(1).png())).isEqualTo(RECORD_ID);
  }

  static Stream<Arguments> paperStates() {
    return Stream.of(
        Arguments.of("ok", (Consumer<EscPosPrinterSimulator>) EscPosPrinterSimulator::ok,
            PeripheralHealth.ONLINE, Paper.FULL, null, null),
        Arguments.of("paper near end", (Consumer<EscPosPrinterSimulator>) EscPosPrinterSimulator::paperNearEnd,
            PeripheralHealth.ONLINE, Paper.LOW, null, "printer.paper-low"),
        Arguments.of("paper out", (Consumer<EscPosPrinterSimulator>) EscPosPrinterSimulator::paperOut,
            PeripheralHealth.HWERROR, Paper.OUT, DeviceFault.PAPER_OUT, "printer.paper-out"),
        Arguments.of("cover open", (Consumer<EscPosPrinterSimulator>) EscPosPrinterSimulator::coverOpen,
            PeripheralHealth.HWERROR, Paper.FULL, DeviceFault.HARDWARE_ERROR, "printer.cover-open"),
        Arguments.of("cutter error", (Consumer<EscPosPrinterSimulator>) EscPosPrinterSimulator::cutterError,
            PeripheralHealth.HWERROR, Paper.FULL, DeviceFault.HARDWARE_ERROR, "printer.cutter-error"),
        Arguments.of("overheat", (Consumer<EscPosPrinterSimulator>) EscPosPrinterSimulator::overheat,
            PeripheralHealth.HWERROR, Paper.FULL, DeviceFault.HARDWARE_ERROR, "printer.head-hot"),
        Arguments.of("paper jam", (Consumer<EscPosPrinterSimulator>) EscPosPrinterSimulator::paperJam,
            PeripheralHealth.HWERROR, Paper.JAMMED, DeviceFault.HARDWARE_ERROR, "printer.paper-jam"),
        Arguments.of("unrecoverable", (Consumer<EscPosPrinterSimulator>) EscPosPrinterSimulator::unrecoverableError,
            PeripheralHealth.HWERROR, Paper.FULL, DeviceFault.HARDWARE_ERROR, "printer.fault"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paperStates")
  void each_paper_state_gives_health_fault_and_message(String name, Consumer<EscPosPrinterSimulator> state,
      PeripheralHealth health, Paper paper, DeviceFault fault, String messageKey) throws Exception {
    connect();
    state.accept(sim);

    PrinterStatus s = await(printer.status());
    assertThat(s.paper()).isEqualTo(paper);
    assertThat(s.health()).isEqualTo(health);
    assertThat(s.fault()).isEqualTo(Optional.ofNullable(fault));
    assertThat(s.messageKey()).isEqualTo(Optional.ofNullable(messageKey));
    assertThat(await(printer.health())).isEqualTo(health);

    Future<Void> print = printer.print(RECEIPT);
    if (fault == null) {
      await(print);
      assertThat(sim.receipts()).hasSize(1);
    } else {
      DeviceException e = failure(print);
      assertThat(e.fault()).isEqualTo(fault);
      assertThat(e.getMessage()).contains(s.blockingProblem().orElseThrow().name())
          .doesNotContain(CARD.idNumber().unmasked());
      assertThat(sim.receipts()).as("nothing cut").isEmpty();
      assertThat(sim.droppedItems()).as("job never sent").isZero();
    }
  }

  @Test
  void print_while_paper_out_fails_with_paper_out_then_reprint_after_loading_paper_works() throws Exception {
    connect();
    sim.paperOut();
    assertThat(failure(printer.print(RECEIPT)).fault()).isEqualTo(DeviceFault.PAPER_OUT);
    assertThat(sim.receipts()).isEmpty();

    sim.ok();
    await(printer.reprint(RECEIPT));
    assertThat(sim.receipts()).hasSize(1);
    assertThat(decodeQr(sim.receipts().get(0).png())).isEqualTo(RECORD_ID);
  }

  @Test
  void silent_printer_times_out_and_reports_offline() throws Exception {
    connect();
    sim.silent(true);
    assertThat(failure(printer.status()).fault()).isEqualTo(DeviceFault.TIMEOUT);
    assertThat(failure(printer.print(RECEIPT)).fault()).isEqualTo(DeviceFault.TIMEOUT);
    assertThat(await(printer.health())).isEqualTo(PeripheralHealth.OFFLINE);
    assertThat(sim.receipts()).isEmpty();

    sim.silent(false);
    assertThat(await(printer.health())).as("recovers, stale bytes discarded").isEqualTo(PeripheralHealth.ONLINE);
  }

  @Test
  void printer_gone_is_not_connected() throws Exception {
    connect();
    sim.close();
    DeviceException e = failure(printer.print(RECEIPT));
    assertThat(e.fault()).isIn(DeviceFault.NOT_CONNECTED, DeviceFault.TIMEOUT);
    assertThat(await(printer.health())).isEqualTo(PeripheralHealth.OFFLINE);
  }

  @Test
  void closed_printer_fails_fast_with_not_connected() throws Exception {
    connect();
    printer.close();
    assertThat(failure(printer.print(RECEIPT)).fault()).isEqualTo(DeviceFault.NOT_CONNECTED);
  }

  @Test
  void missing_port_fails_to_open_with_not_connected() {
    assertThatThrownBy(() -> await(EscPosSerialPrinter.open(vertx, "/dev/does-not-exist-printer", 9600,
        EscPosPrinterOptions.defaults())))
        .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.fault()).isEqualTo(DeviceFault.NOT_CONNECTED));
  }

  @Test
  void driver_over_a_link_opened_by_the_caller() throws Exception {
    sim = EscPosPrinterSimulator.startOnPty();
    printer = new EscPosSerialPrinter(vertx, SerialLink.open(sim.slavePath(), 115200), EscPosPrinterOptions.defaults());
    await(printer.print(RECEIPT));
    assertThat(sim.lastReceipt()).isPresent();
  }
}
