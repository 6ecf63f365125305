package org.doorstep.agent.device.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.doorstep.agent.diag.DiagGpioCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code diag gpio} in-process on Pi4J's mock platform. */
class DiagGpioCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new DiagGpioCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void mock_lines_all_work_and_every_pattern_is_checked() {
    int code = run("--mock", "--dwell", "0", "--relay", "printer=23");
    assertThat(code).as(out + "\n" + err).isEqualTo(DiagGpioCommand.OK);
    assertThat(out.toString())
        .contains("presence sensor", "BCM 17", "tamper switch", "status light", "printer power relay", "powered")
        .contains("IDLE", "BUSY", "NEEDS_STAFF", "ERROR", "OFF")
        .doesNotContain("FAULT")
        .contains("nobody in front")
        .contains("result: OK");
  }

  @Test
  void open_tamper_switch_has_its_own_exit_code() {
    assertThat(run("--mock", "--dwell", "0", "--mock-tamper-open")).isEqualTo(DiagGpioCommand.TAMPER_OPEN);
    assertThat(out.toString()).contains("OPEN - close the cabinet");
  }

  @Test
  void presence_is_reported() {
    assertThat(run("--mock", "--dwell", "0", "--mock-presence")).isEqualTo(DiagGpioCommand.OK);
    assertThat(out.toString()).contains("someone is in front");
  }

  @Test
  void missing_pins_without_mock_or_config_are_a_usage_error() {
    assertThat(run("--dwell", "0")).isEqualTo(DiagGpioCommand.USAGE);
    assertThat(err.toString()).contains("pins missing");
  }

  @Test
  void unknown_relay_peripheral_is_a_usage_error() {
    assertThat(run("--mock", "--relay", "toaster=5")).isEqualTo(DiagGpioCommand.USAGE);
    assertThat(err.toString()).contains("--relay toaster");
  }

  @Test
  void hardware_without_a_gpio_provider_is_unavailable() {
    assertThat(run("--presence-pin", "17", "--tamper-pin", "27", "--light-pin", "22", "--dwell", "0"))
        .isEqualTo(DiagGpioCommand.UNAVAILABLE);
    assertThat(err.toString()).contains("could not be opened");
  }
}
