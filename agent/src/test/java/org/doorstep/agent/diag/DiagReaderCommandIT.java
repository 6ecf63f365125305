package org.doorstep.agent.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.idcard.sim.SampleCards;
import org.doorstep.agent.testing.Ptys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code diag reader} in-process with picocli, against the reader simulator on a pty ({@code --simulate}). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiagReaderCommandIT {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void pty() {
    Ptys.requireOnLinux();
  }

  private int run(String... args) {
    return new CommandLine(new DiagReaderCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void simulated_resident_card_is_shown_masked_and_exits_0() {
    assertThat(run("--simulate", "--wait", "5s")).as(out + "\n" + err).isEqualTo(DiagReaderCommand.EXIT_OK);
    String number = SampleCards.RESIDENT.source().orElseThrow().idNumber().unmasked();
    assertThat(out.toString())
        .contains("SAM status  OK (90)")
        .contains("card type   RESIDENT")
        .contains("number      " + number.substring(0, 3) + "***********" + number.substring(14))
        .contains("name        张*")
        .contains("长期")
        .contains("decoded, PNG")
        .doesNotContain(number)
        .doesNotContain("张三")
        .doesNotContain("19500307");
  }

  @Test
  void every_simulated_card_type_reads() {
    assertThat(run("--simulate", "--simulate-card", "hmt_permit", "--wait", "5s")).isZero();
    assertThat(out.toString()).contains("HMT_PERMIT").contains("陈*");
    assertThat(run("--simulate", "--simulate-card", "FOREIGN_PERMANENT", "--wait", "5s")).isZero();
    assertThat(out.toString()).contains("FOREIGN_PERMANENT");
  }

  @Test
  void an_expired_card_is_reported_but_the_reader_is_fine() {
    assertThat(run("--simulate", "--simulate-card", "EXPIRED", "--wait", "5s")).isZero();
    assertThat(out.toString()).contains("EXPIRED").contains("身份证已过有效期");
  }

  @Test
  void no_card_within_the_wait_exits_4() {
    assertThat(run("--simulate", "--simulate-card", "NONE", "--wait", "1s")).isEqualTo(DiagReaderCommand.EXIT_NO_CARD);
    assertThat(err.toString()).contains("no card within 1s");
  }

  @Test
  void an_unreadable_card_exits_5_with_the_problem_in_words() {
    assertThat(run("--simulate", "--simulate-card", "INVALID_CHECKSUM", "--wait", "5s"))
        .isEqualTo(DiagReaderCommand.EXIT_CARD_UNREADABLE);
    assertThat(err.toString()).contains("CARD_DATA_INVALID").contains("reader.card-data-invalid");
  }

  @Test
  void a_reader_at_another_baud_exits_3() {
    assertThat(run("--simulate", "--simulate-baud", "9600", "--baud", "115200"))
        .isEqualTo(DiagReaderCommand.EXIT_NO_READER);
    assertThat(err.toString()).contains("NO_ANSWER").contains("--baud");
  }

  @Test
  void a_missing_port_exits_3() {
    assertThat(run("--port", "/dev/doorstep-no-such-reader")).isEqualTo(DiagReaderCommand.EXIT_NO_READER);
    assertThat(err.toString()).contains("NOT_CONNECTED");
  }

  @Test
  void usage_errors_exit_2() {
    assertThat(run()).isEqualTo(DiagReaderCommand.EXIT_USAGE);
    assertThat(run("--port", "/dev/ttyUSB0", "--baud", "12345")).isEqualTo(DiagReaderCommand.EXIT_USAGE);
    assertThat(run("--simulate", "--wait", "soon")).isEqualTo(DiagReaderCommand.EXIT_USAGE);
  }
}
