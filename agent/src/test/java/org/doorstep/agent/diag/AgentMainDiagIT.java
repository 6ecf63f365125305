package org.doorstep.agent.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.AgentMain;
import org.doorstep.agent.testing.Ptys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent diag reader|printer|gpio|doccam} through {@link AgentMain}, in-process, against the simulators. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentMainDiagIT {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int agent(String... args) {
    return AgentMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void diag_reader_simulate_reads_the_sample_card_masked() {
    Ptys.requireOnLinux();
    assertThat(agent("diag", "reader", "--simulate", "--wait", "5s")).as(out + "\n" + err)
        .isEqualTo(DiagReaderCommand.EXIT_OK);
    assertThat(out.toString()).contains("SAM status  OK (90)").contains("name        张*").doesNotContain("张三");
  }

  @Test
  void diag_doccam_runs_through_the_agent_on_a_video(@TempDir Path dir) {
    Path video = org.doorstep.agent.testing.DocumentVideos.pageSettles(dir.resolve("form.avi"), 1024, 768, 15, 2, 6, 16)
        .file();
    assertThat(agent("diag", "doccam", "--file", video.toString(), "--kind", "application_form", "--out",
        dir.toString())).as(out + "\n" + err).isEqualTo(DiagDocCamCommand.OK);
    assertThat(out.toString()).contains("captured 1024x768 after").contains("document camera OK");
    assertThat(dir.resolve("doccam-application_form.jpg")).exists();
  }

  @Test
  void diag_printer_simulate_prints_a_test_page(@TempDir Path dir) {
    Ptys.requireOnLinux();
    assertThat(agent("diag", "printer", "--simulate", "--png-dir", dir.toString())).as(out + "\n" + err)
        .isEqualTo(DiagPrinterCommand.EXIT_OK);
    assertThat(out.toString()).contains("printer OK").contains("its QR code reads:");
  }

  @Test
  void diag_printer_paper_out_has_its_own_exit_code(@TempDir Path dir) {
    Ptys.requireOnLinux();
    assertThat(agent("diag", "printer", "--simulate", "--simulate-state", "PAPER_OUT", "--png-dir", dir.toString()))
        .isEqualTo(DiagPrinterCommand.EXIT_NEEDS_ATTENTION);
  }

  @Test
  void diag_gpio_mock_checks_every_line() {
    assertThat(agent("diag", "gpio", "--mock", "--dwell", "0")).as(out + "\n" + err).isEqualTo(DiagGpioCommand.OK);
    assertThat(out.toString()).contains("tamper switch").contains("result: OK");
  }

  @Test
  void diag_without_a_subcommand_shows_usage_and_exits_2() {
    assertThat(agent("diag")).isEqualTo(2);
    assertThat(out.toString()).contains("reader").contains("printer").contains("gpio");
  }
}
