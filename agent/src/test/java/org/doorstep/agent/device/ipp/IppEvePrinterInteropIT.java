package org.doorstep.agent.device.ipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.forms.FormPrinterStatus;
import org.doorstep.agent.device.forms.FormRendering;
import org.doorstep.agent.device.forms.FormTemplates;
import org.doorstep.agent.device.forms.PrintedForm;
import org.doorstep.agent.device.forms.sim.SampleForms;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IPP form printer against CUPS' {@code ippeveprinter} (Debian cups-ipp-utils), a real IPP Everywhere
 * printer that keeps the documents it receives ({@code -d spool -k}): the form is printed, the job followed to
 * completed (after ippeveprinter's simulated print time, several seconds), and the PDF read back from the spool
 * and its text checked with PDFBox. ippeveprinter needs a D-Bus for its DNS-SD client even with {@code -r off};
 * the test starts a private {@code dbus-daemon} and points {@code DBUS_SYSTEM_BUS_ADDRESS} at it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IppEvePrinterInteropIT {
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  @TempDir Path dir;
  private Process dbus;
  private Process printer;
  private Vertx vertx;
  private FormRendering rendering;
  private Path spool;
  private int port;

  @BeforeEach
  void start() throws Exception {
    Path ippeveprinter = executable("ippeveprinter", "cups-ipp-utils");
    Path dbusDaemon = executable("dbus-daemon", "dbus-daemon");
    Path bus = dir.resolve("bus");
    dbus = new ProcessBuilder(dbusDaemon.toString(), "--session", "--nofork", "--print-address",
        "--address=unix:path=" + bus).redirectError(dir.resolve("dbus.err").toFile()).start();
    String address;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(dbus.getInputStream(), StandardCharsets.UTF_8))) {
      address = r.readLine();
    }
    assertThat(address).as("dbus-daemon printed no address (see %s)", dir.resolve("dbus.err")).startsWith("unix:");
    spool = Files.createDirectories(dir.resolve("spool"));
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(ippeveprinter.toString(), "-d", spool.toString(), "-k", "-r", "off",
        "-p", Integer.toString(port), "-f", "application/pdf", "-v", "doorstep-interop")
        .redirectErrorStream(true).redirectOutput(dir.resolve("ippeveprinter.log").toFile());
    pb.environment().put("DBUS_SYSTEM_BUS_ADDRESS", address);
    pb.environment().put("DBUS_SESSION_BUS_ADDRESS", address);
    printer = pb.start();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!printer.isAlive()) {
        throw new AssertionError("ippeveprinter exited with " + printer.exitValue() + ": "
            + Files.readString(dir.resolve("ippeveprinter.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    vertx = Vertx.vertx();
    rendering = new FormRendering(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    if (rendering != null) {
      rendering.close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    for (Process p : new Process[] {printer, dbus}) {
      if (p != null) {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  private IppFormPrinter adapter() {
    return new IppFormPrinter(vertx, "ipp://127.0.0.1:" + port + "/ipp/print", rendering,
        new IppFormPrinter.Options(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(90), "doorstep",
            Clock.systemUTC()), s -> { });
  }

  @Test
  void ippeveprinter_isIdleAndTakesPdf() throws Exception {
    FormPrinterStatus s = adapter().status().await(20, TimeUnit.SECONDS);

    assertThat(s.health()).isEqualTo(PeripheralHealth.ONLINE);
    assertThat(s.problem()).isEmpty();
  }

  @Test
  void registrationForm_isPrintedAndTheSpooledPdfCarriesTheApplicant() throws Exception {
    PrintedForm done = adapter().print(FormTemplates.registrationApplication(SampleForms.application("R-IOP-1"), CHINA))
        .await(120, TimeUnit.SECONDS);

    Path pdf = spooledPdf();
    assertThat(Files.size(pdf)).isEqualTo(done.pdfBytes());
    String text = IppFormPrinterIT.text(Files.readAllBytes(pdf));
    assertThat(text).contains("城乡居民基本养老保险参保登记申请表", SampleResidents.ZHANG_SAN.name().unmasked(),
        SampleResidents.ZHANG_SAN.idNumber().unmasked(), "R-IOP-1");
  }

  @Test
  void certificationProof_isPrintedMasked() throws Exception {
    adapter().print(FormTemplates.certificationProof(SampleForms.certified("R-IOP-2"), "示例区", CHINA))
        .await(120, TimeUnit.SECONDS);

    String text = IppFormPrinterIT.text(Files.readAllBytes(spooledPdf()));
    assertThat(text).contains("资格认证结果证明", SampleResidents.ZHANG_SAN.idNumber().masked())
        .doesNotContain(SampleResidents.ZHANG_SAN.idNumber().unmasked());
  }

  @Test
  void twoFormsAtOnce_bothPrint_theSecondSentAgainWhileThePrinterIsBusy() throws Exception {
    IppFormPrinter a = adapter();
    Future.all(a.print(FormTemplates.registrationApplication(SampleForms.application("R-IOP-3"), CHINA)),
        a.print(FormTemplates.certificationProof(SampleForms.certified("R-IOP-4"), "示例区", CHINA)))
        .await(170, TimeUnit.SECONDS);

    try (Stream<Path> files = Files.walk(spool)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".pdf")).count()).isEqualTo(2);
    }
    assertThat(Files.readString(dir.resolve("ippeveprinter.log"))).contains("server-error-busy");
  }

  private Path spooledPdf() throws IOException {
    try (Stream<Path> files = Files.walk(spool)) {
      List<Path> pdfs = files.filter(p -> p.getFileName().toString().endsWith(".pdf")).toList();
      assertThat(pdfs).as("PDFs kept by ippeveprinter in %s", spool).hasSize(1);
      return pdfs.get(0);
    }
  }

  /** The program on the PATH (or in /usr/sbin, where Debian puts ippeveprinter), else fail naming the package. */
  private static Path executable(String name, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin";
    for (String d : path.split(":")) {
      Path p = Path.of(d.isEmpty() ? "." : d, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(name + " not found: install Debian's " + debianPackage
        + " (apt-get install -y " + debianPackage + "), as .ci/run does for the interop run");
  }
}
