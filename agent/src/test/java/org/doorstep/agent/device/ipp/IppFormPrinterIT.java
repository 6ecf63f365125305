package org.doorstep.agent.device.ipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.forms.FormPrinterProblem;
import org.doorstep.agent.device.forms.FormPrinterStatus;
import org.doorstep.agent.device.forms.FormRendering;
import org.doorstep.agent.device.forms.FormTemplates;
import org.doorstep.agent.device.forms.PrintedForm;
import org.doorstep.agent.device.forms.sim.SampleForms;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.device.ipp.sim.IppPrinterSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The IPP form printer against the IPP printer simulator: real HTTP on loopback, the real codec on both sides. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IppFormPrinterIT {
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private Vertx vertx;
  private FormRendering rendering;
  private IppPrinterSimulator printer;
  private final List<FormPrinterStatus> statuses = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    rendering = new FormRendering(vertx);
    printer = IppPrinterSimulator.start(vertx).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    rendering.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private IppFormPrinter adapter(String uri, Duration requestTimeout, Duration jobTimeout) {
    return new IppFormPrinter(vertx, uri, rendering, new IppFormPrinter.Options(requestTimeout, Duration.ofMillis(10),
        jobTimeout, "kiosk-test", Clock.systemUTC()), statuses::add);
  }

  private IppFormPrinter adapter() {
    return adapter(printer.uri(), Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  @Test
  void registrationForm_reachesThePrinterAsPdfWithTheApplicantsFullIdentity() throws Exception {
    PrintedForm done = await(adapter().print(FormTemplates.registrationApplication(SampleForms.application("R-1"), CHINA)));

    assertThat(printer.received()).hasSize(1);
    IppPrinterSimulator.ReceivedJob job = printer.received().get(0);
    assertThat(job.format()).isEqualTo("application/pdf");
    assertThat(job.jobName()).isEqualTo("登记申请表 R-1");
    assertThat(done.job()).isEqualTo(printer.uri() + "/" + job.jobId());
    assertThat(done.pdfBytes()).isEqualTo(job.document().length);
    String text = text(job.document());
    assertThat(text).contains("城乡居民基本养老保险参保登记申请表", SampleResidents.ZHANG_SAN.name().unmasked(),
        SampleResidents.ZHANG_SAN.idNumber().unmasked(), "申请人签名", "R-1");
  }

  @Test
  void certificationProof_masksTheResident() throws Exception {
    await(adapter().print(FormTemplates.certificationProof(SampleForms.certified("R-2"), "示例区", CHINA)));

    String text = text(printer.received().get(0).document());
    assertThat(text).contains("资格认证结果证明", SampleResidents.ZHANG_SAN.name().masked(),
        SampleResidents.ZHANG_SAN.idNumber().masked());
    assertThat(text).doesNotContain(SampleResidents.ZHANG_SAN.name().unmasked(),
        SampleResidents.ZHANG_SAN.idNumber().unmasked());
  }

  @Test
  void ipps_printsOverTls_andAnUntrustedCertificateIsRefused() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    IppPrinterSimulator tls = IppPrinterSimulator.startTls(vertx, cert.keyCertOptions()).await(10, TimeUnit.SECONDS);
    assertThat(tls.uri()).startsWith("ipps://localhost:");
    IppFormPrinter.Options o = new IppFormPrinter.Options(Duration.ofSeconds(10), Duration.ofMillis(10),
        Duration.ofSeconds(30), "kiosk-test", Clock.systemUTC());

    await(new IppFormPrinter(vertx, IppClient.create(vertx, tls.uri(), o.requestTimeout(), cert.trustOptions()),
        rendering, o, statuses::add).print(FormTemplates.testPage(tls.uri(), SampleForms.AT, CHINA, "TLS")));
    DeviceException e = failure(new IppFormPrinter(vertx, tls.uri(), rendering, o, statuses::add).status());

    assertThat(tls.received()).hasSize(1);
    assertThat(e.reason(FormPrinterProblem.class)).contains(FormPrinterProblem.UNREACHABLE);
    tls.close();
  }

  @Test
  void chunkedAnswers_areReadLikeContentLengthOnes() throws Exception {
    printer.chunked(true);

    await(adapter().print(FormTemplates.testPage(printer.uri(), SampleForms.AT, CHINA, "T-1")));

    assertThat(printer.received()).hasSize(1);
  }

  @Test
  void mediaEmpty_failsBeforeSendingAndReportsPaperOut() {
    printer.mediaEmpty();

    DeviceException e = failure(adapter().print(FormTemplates.testPage(printer.uri(), SampleForms.AT, CHINA, "T")));

    assertThat(e.reason(FormPrinterProblem.class)).contains(FormPrinterProblem.MEDIA_EMPTY);
    assertThat(e.getMessage()).contains("缺纸 / out of paper");
    assertThat(printer.received()).isEmpty();
    assertThat(statuses).last().satisfies(s -> {
      assertThat(s.health()).isEqualTo(PeripheralHealth.HWERROR);
      assertThat(s.paper()).isEqualTo(PaperState.OUT);
    });
  }

  @Test
  void status_inWords_keepsWarningsWithoutBlocking() throws Exception {
    printer.reasons(PrinterState.IDLE, List.of("toner-low-warning", "media-low-report"));

    FormPrinterStatus s = await(adapter().status());

    assertThat(s.problem()).isEmpty();
    assertThat(s.health()).isEqualTo(PeripheralHealth.ONLINE);
    assertThat(s.paper()).isEqualTo(PaperState.LOW);
    assertThat(s.words()).containsExactly("墨粉不足 / toner low (warning)", "纸张将尽 / paper low (report)");
  }

  @Test
  void jamWhileTheJobWaits_isReportedAndTheJobTimesOut() {
    printer.completeAfterPolls(1_000_000);
    IppFormPrinter a = adapter(printer.uri(), Duration.ofSeconds(5), Duration.ofMillis(400));
    Future<PrintedForm> print = a.print(FormTemplates.testPage(printer.uri(), SampleForms.AT, CHINA, "T"));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !printer.received().isEmpty());
    printer.mediaJam();

    DeviceException e = failure(print);

    assertThat(e.reason(FormPrinterProblem.class)).contains(FormPrinterProblem.JOB_TIMEOUT);
    assertThat(e.getMessage()).contains("processing-stopped");
    assertThat(statuses).anySatisfy(s -> assertThat(s.problem()).contains(FormPrinterProblem.MEDIA_JAM));
  }

  @Test
  void busyPrinter_getsThePrintJobAgainUntilItTakesIt() throws Exception {
    printer.busyFor(3);

    await(adapter().print(FormTemplates.testPage(printer.uri(), SampleForms.AT, CHINA, "T")));

    assertThat(printer.received()).hasSize(1);
  }

  @Test
  void printerBusyPastTheJobTimeout_failsAsRefused() {
    printer.busyFor(Integer.MAX_VALUE);

    DeviceException e = failure(adapter(printer.uri(), Duration.ofSeconds(5), Duration.ofMillis(300))
        .print(FormTemplates.testPage(printer.uri(), SampleForms.AT, CHINA, "T")));

    assertThat(e.reason(FormPrinterProblem.class)).contains(FormPrinterProblem.REFUSED);
    assertThat(e.getMessage()).contains("server-error-busy");
  }

  @Test
  void abortedJob_failsNamingTheReason() {
    printer.abortJobs(true);

    DeviceException e = failure(adapter().print(FormTemplates.testPage(printer.uri(), SampleForms.AT, CHINA, "T")));

    assertThat(e.reason(FormPrinterProblem.class)).contains(FormPrinterProblem.JOB_ABORTED);
    assertThat(e.getMessage()).contains("aborted-by-system");
  }

  @Test
  void printerWithoutPdf_isRefusedBeforeSending() {
    printer.formats(List.of("image/pwg-raster"));

    DeviceException e = failure(adapter().print(FormTemplates.testPage(printer.uri(), SampleForms.AT, CHINA, "T")));

    assertThat(e.reason(FormPrinterProblem.class)).contains(FormPrinterProblem.PDF_NOT_SUPPORTED);
    assertThat(printer.received()).isEmpty();
  }

  @Test
  void notAcceptingJobs_isNamed() {
    printer.accepting(false);

    DeviceException e = failure(adapter().status().compose(s -> Future.failedFuture(
        new DeviceException(s.problem().orElseThrow().fault(), s.problem().get(), "status"))));

    assertThat(e.reason(FormPrinterProblem.class)).contains(FormPrinterProblem.NOT_ACCEPTING_JOBS);
  }

  @Test
  void garbageAnswer_failsAsBadResponse() {
    printer.garbage(true);

    DeviceException e = failure(adapter().status());

    assertThat(e.reason(FormPrinterProblem.class)).contains(FormPrinterProblem.BAD_RESPONSE);
    assertThat(e.getMessage()).contains("is not IPP").contains("at byte");
  }

  @Test
  void wrongPath_failsAsBadResponseNamingHttp404() {
    DeviceException e = failure(adapter(printer.uri().replace("/ipp/print", "/printers/nope"), Duration.ofSeconds(5),
        Duration.ofSeconds(5)).status());

    assertThat(e.reason(FormPrinterProblem.class)).contains(FormPrinterProblem.BAD_RESPONSE);
    assertThat(e.getMessage()).contains("HTTP 404");
  }

  @Test
  void silentPrinter_failsWithNoAnswerAtTheDeadline() {
    printer.silent(true);

    DeviceException e = failure(adapter(printer.uri(), Duration.ofMillis(300), Duration.ofSeconds(5)).status());

    assertThat(e.reason(FormPrinterProblem.class)).contains(FormPrinterProblem.NO_ANSWER);
  }

  @Test
  void nothingListening_failsAsUnreachable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }

    DeviceException e = failure(adapter("ipp://127.0.0.1:" + port + "/ipp/print", Duration.ofSeconds(5),
        Duration.ofSeconds(5)).status());

    assertThat(e.reason(FormPrinterProblem.class)).contains(FormPrinterProblem.UNREACHABLE);
  }

  static String text(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(30, TimeUnit.SECONDS); // test thread, not a Vert.x thread
  }

  private static DeviceException failure(Future<?> f) {
    return (DeviceException) assertThatThrownBy(() -> await(f)).isInstanceOf(DeviceException.class)
        .actual();
  }
}
