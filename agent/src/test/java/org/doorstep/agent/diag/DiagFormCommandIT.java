package org.doorstep.agent.diag;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code agent diag form} in-process, against the IPP printer simulator (and against nothing). */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DiagFormCommandIT {
  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new DiagFormCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void simulate_printsTheTestPage_whoseQrDecodesToThePayload() throws Exception {
    Path pdf = dir.resolve("test.pdf");
    Run r = run("--simulate", "--save-pdf", pdf.toString());

    assertThat(r.exit()).as(r.err()).isEqualTo(DiagFormCommand.EXIT_OK);
    assertThat(r.out()).contains("state ONLINE, paper FULL").contains("completed after").contains("form printer OK");
    Matcher payload = Pattern.compile("QR code reads: (.+)").matcher(r.out());
    assertThat(payload.find()).isTrue();
    try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(pdf))) {
      var image = new PDFRenderer(doc).renderImageWithDPI(0, 150);
      var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
      assertThat(new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, true)).getText())
          .isEqualTo(payload.group(1).trim());
    }
  }

  @Test
  void simulatedPaperOut_isNamedInWords_andExits5() {
    Run r = run("--simulate", "--simulate-state", "MEDIA_EMPTY");

    assertThat(r.exit()).isEqualTo(DiagFormCommand.EXIT_NEEDS_ATTENTION);
    assertThat(r.out()).contains("缺纸 / out of paper");
    assertThat(r.err()).contains("打印机缺纸，请放入A4纸 / the printer is out of paper: load A4 paper");
  }

  @Test
  void simulatedAbort_exits6() {
    Run r = run("--simulate", "--simulate-state", "ABORT", "--page", "application");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(DiagFormCommand.EXIT_JOB_FAILED);
    assertThat(r.err()).contains("aborted-by-system");
  }

  @Test
  void garbage_exits4() {
    Run r = run("--simulate", "--simulate-state", "GARBAGE");

    assertThat(r.exit()).isEqualTo(DiagFormCommand.EXIT_NOT_IPP);
  }

  @Test
  void nothingListening_exits3() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r = run("--uri", "ipp://127.0.0.1:" + port + "/ipp/print");

    assertThat(r.exit()).isEqualTo(DiagFormCommand.EXIT_UNREACHABLE);
    assertThat(r.err()).contains("无法连接打印机");
  }

  @Test
  void noUri_isAUsageError() {
    assertThat(run().exit()).isEqualTo(DiagFormCommand.EXIT_USAGE);
    assertThat(run("--uri", "http//nonsense").exit()).isEqualTo(DiagFormCommand.EXIT_USAGE);
  }
}
