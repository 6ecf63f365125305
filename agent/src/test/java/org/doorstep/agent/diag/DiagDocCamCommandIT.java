package org.doorstep.agent.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.testing.DocumentVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine;

/** {@code agent diag doccam} in-process on MJPG videos made here (the real OpenCV camera adapter reads them). */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DiagDocCamCommandIT {
  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new DiagDocCamCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void a_page_that_settles_is_captured_and_scanned_and_both_pictures_are_written() {
    Path video = DocumentVideos.pageSettles(dir.resolve("form.avi"), 1600, 1200, 15, 4, 10, 20).file();
    Path out = dir.resolve("out");
    Run r = run("--file", video.toString(), "--out", out.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(DiagDocCamCommand.OK);
    assertThat(r.out()).contains("captured 1600x1200 after").contains("scan: 1240x1754").contains("document camera OK");
    Mat frame = Imgcodecs.imread(out.resolve("doccam-frame.bmp").toString());
    assertThat(frame.cols()).isEqualTo(1600);
    Mat page = Imgcodecs.imread(out.resolve("doccam-application_form.jpg").toString());
    assertThat(page.cols()).isEqualTo(1240);
    assertThat(page.rows()).isEqualTo(1754);
  }

  @Test
  void no_page_within_the_timeout_exits_no_page_with_the_reason() {
    Path video = DocumentVideos.pageSettles(dir.resolve("empty.avi"), 640, 480, 15, 30, 0, 0).file();
    Run r = run("--file", video.toString(), "--timeout", "1s", "--out", dir.toString());
    assertThat(r.exit()).isEqualTo(DiagDocCamCommand.NO_PAGE);
    assertThat(r.out()).contains("no page found in 1000 ms");
  }

  @Test
  void a_missing_camera_is_unavailable_and_no_camera_at_all_is_a_usage_error() {
    Run missing = run("--file", dir.resolve("nothing.avi").toString(), "--out", dir.toString());
    assertThat(missing.exit()).isEqualTo(DiagDocCamCommand.UNAVAILABLE);
    assertThat(missing.err()).contains("does not exist");
    Run none = run("--out", dir.toString());
    assertThat(none.exit()).isEqualTo(DiagDocCamCommand.USAGE);
    assertThat(none.err()).contains("give --device N, --file video.avi or --config");
  }
}
