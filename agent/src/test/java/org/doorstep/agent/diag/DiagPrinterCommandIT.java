package org.doorstep.agent.diag;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code agent diag printer} in-process, against the simulator on a pty (and against nothing). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiagPrinterCommandIT {
  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new DiagPrinterCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void simulate_prints_status_in_words_and_a_test_page_whose_png_qr_decodes() throws Exception {
    Run r = run("--simulate", "--width", "80", "--png-dir", dir.toString());

    assertThat(r.exit()).as(r.err()).isEqualTo(DiagPrinterCommand.EXIT_OK);
    assertThat(r.out()).contains("DLE EOT 1 = 0x12  printer: online").contains("cover closed").contains("no error")
        .contains("paper present").contains("printer OK");
    Matcher payload = Pattern.compile("its QR code reads: (.+)").matcher(r.out());
    Matcher png = Pattern.compile("rendered page: (.+\\.png)").matcher(r.out());
    assertThat(payload.find()).isTrue();
    assertThat(png.find()).isTrue();
    Path file = Path.of(png.group(1).trim());
    assertThat(file).exists().startsWith(dir);
    var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(ImageIO.read(file.toFile()))));
    assertThat(new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, true)).getText())
        .isEqualTo(payload.group(1).trim());
  }

  @Test
  void paper_near_end_still_passes_with_a_warning() {
    Run r = run("--simulate", "--simulate-state", "paper_near_end", "--png-dir", dir.toString());
    assertThat(r.exit()).isEqualTo(DiagPrinterCommand.EXIT_OK);
    assertThat(r.out()).contains("paper NEAR END").contains("warning: paper near end: change the roll soon");
  }

  @Test
  void paper_out_asks_for_a_new_roll_and_prints_nothing() throws Exception {
    Run r = run("--simulate", "--simulate-state", "PAPER_OUT", "--png-dir", dir.toString());
    assertThat(r.exit()).isEqualTo(DiagPrinterCommand.EXIT_NEEDS_ATTENTION);
    assertThat(r.out()).contains("paper OUT").contains("STOPPED AT PAPER END");
    assertThat(r.err()).contains("load a new roll");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void cover_open_says_close_the_cover() {
    Run r = run("--simulate", "--simulate-state", "COVER_OPEN", "--status-only");
    assertThat(r.exit()).isEqualTo(DiagPrinterCommand.EXIT_NEEDS_ATTENTION);
    assertThat(r.out()).contains("cover OPEN");
    assertThat(r.err()).contains("close the paper cover");
  }

  @Test
  void status_only_prints_no_page() {
    Run r = run("--simulate", "--status-only");
    assertThat(r.exit()).isEqualTo(DiagPrinterCommand.EXIT_OK);
    assertThat(r.out()).contains("no test page printed");
  }

  @Test
  void silent_printer_exits_no_answer_and_mentions_the_baud_rate() {
    Run r = run("--simulate", "--simulate-state", "SILENT"); // the default --status-timeout-ms, as in production
    assertThat(r.exit()).isEqualTo(DiagPrinterCommand.EXIT_NO_ANSWER);
    assertThat(r.err()).contains("DLE EOT 1").contains("--baud");
  }

  @Test
  void missing_port_exits_port_unavailable() {
    Run r = run("--port", "/dev/does-not-exist-printer");
    assertThat(r.exit()).isEqualTo(DiagPrinterCommand.EXIT_PORT_UNAVAILABLE);
    assertThat(r.err()).contains("cannot open /dev/does-not-exist-printer");
  }

  @Test
  void usage_errors_exit_2() {
    assertThat(run().exit()).isEqualTo(DiagPrinterCommand.EXIT_USAGE);
    assertThat(run("--simulate", "--width", "76").exit()).isEqualTo(DiagPrinterCommand.EXIT_USAGE);
    assertThat(run("--bogus").exit()).isEqualTo(DiagPrinterCommand.EXIT_USAGE);
  }
}
