package org.doorstep.agent.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.doorstep.agent.device.sscard.sim.SampleSsCards;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code diag sscard --simulate}: the in-process card through the real sequence, output masked. */
class DiagSsCardCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new DiagSsCardCommand()).setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
  }

  @Test
  void simulated_resident_card_is_shown_masked_with_timings_and_exits_0() {
    assertThat(run("--simulate")).as(out + "\n" + err).isEqualTo(DiagSsCardCommand.EXIT_OK);
    String number = SampleSsCards.RESIDENT_CARD.idNumber().unmasked();
    assertThat(out.toString())
        .contains("number      " + number.substring(0, 3) + "***********" + number.substring(14))
        .contains("name        张*")
        .contains("SELECT_SSSE").contains("READ_RECORD")
        .contains("read time   13 APDUs")
        .contains("T=1 floor")
        .doesNotContain(number).doesNotContain("张桂兰").doesNotContain("A12345678");
  }

  @Test
  void bank_card_is_refused_in_words_and_exits_5() {
    assertThat(run("--simulate", "--simulate-card", "bank_only")).isEqualTo(DiagSsCardCommand.EXIT_CARD_UNREADABLE);
    assertThat(err.toString()).contains("这不是社会保障卡").contains("not a social-security card").contains("6A82");
  }

  @Test
  void no_card_within_wait_exits_4() {
    assertThat(run("--simulate", "--simulate-card", "NONE", "--wait", "300ms")).isEqualTo(DiagSsCardCommand.EXIT_NO_CARD);
  }
}
