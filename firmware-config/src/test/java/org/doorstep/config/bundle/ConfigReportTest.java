package org.doorstep.config.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.doorstep.config.contract.CommandResult;
import org.junit.jupiter.api.Test;

class ConfigReportTest {
  @Test
  void applied_report_is_a_done_result_named_after_the_version() {
    CommandResult r = ConfigReport.applied(7).toResult();
    assertThat(r).isEqualTo(new CommandResult("config-7", CommandResult.Status.DONE, "APPLIED"));
    assertThat(ConfigReport.fromResult(r)).hasValue(ConfigReport.applied(7));
  }

  @Test
  void refusal_maps_to_the_command_result_status_and_round_trips() {
    ConfigReport rollback = ConfigReport.refused(3, new ConfigBundleVerifier.Refused(
        ConfigBundleVerifier.Reason.ROLLBACK, "version 3 is older than 7 in force", List.of()));
    assertThat(rollback.toResult().status()).isEqualTo(CommandResult.Status.REFUSED_REPLAY);
    assertThat(rollback.toResult().detail()).isEqualTo("ROLLBACK: version 3 is older than 7 in force");
    assertThat(ConfigReport.fromResult(rollback.toResult())).hasValue(rollback);

    assertThat(new ConfigReport(4, "BAD_SIGNATURE", "x").status()).isEqualTo(CommandResult.Status.REFUSED_SIGNATURE);
    assertThat(new ConfigReport(4, "WRONG_DEVICE", "x").status()).isEqualTo(CommandResult.Status.REFUSED_SIGNATURE);
    assertThat(new ConfigReport(4, "SCHEMA_INVALID", "a: b").status()).isEqualTo(CommandResult.Status.FAILED);
    assertThat(new ConfigReport(4, ConfigReport.APPLY_FAILED, "x").status()).isEqualTo(CommandResult.Status.FAILED);
  }

  @Test
  void ordinary_command_results_are_not_config_reports() {
    assertThat(ConfigReport.fromResult(new CommandResult("c-1", CommandResult.Status.DONE, "pong"))).isEmpty();
    assertThat(ConfigReport.fromResult(new CommandResult("config-x", CommandResult.Status.DONE, "APPLIED"))).isEmpty();
    assertThat(ConfigReport.fromResult(new CommandResult("config-2", CommandResult.Status.DONE, "applied"))).isEmpty();
  }

  @Test
  void reason_must_be_an_upper_case_word() {
    assertThatThrownBy(() -> new ConfigReport(1, "bad reason", "")).hasMessageStartingWith("reason:");
    assertThatThrownBy(() -> new ConfigReport(-1, "APPLIED", "")).hasMessageStartingWith("version:");
  }
}
