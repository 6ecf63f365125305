package org.doorstep.agent.device.ipp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.forms.FormPrinterProblem;
import org.doorstep.agent.device.forms.FormPrinterStatus;
import org.doorstep.agent.device.health.PaperState;
import org.junit.jupiter.api.Test;

class StateReasonsTest {
  private static FormPrinterStatus status(PrinterState s, String... reasons) {
    return StateReasons.status(Optional.of(s), List.of(reasons), Optional.of(true));
  }

  @Test
  void suffix_setsTheSeverity_andNoSuffixMeansError() {
    assertThat(StateReasons.Reason.parse("media-empty-error"))
        .isEqualTo(new StateReasons.Reason("media-empty", StateReasons.Severity.ERROR));
    assertThat(StateReasons.Reason.parse("toner-low-warning"))
        .isEqualTo(new StateReasons.Reason("toner-low", StateReasons.Severity.WARNING));
    assertThat(StateReasons.Reason.parse("media-low-report"))
        .isEqualTo(new StateReasons.Reason("media-low", StateReasons.Severity.REPORT));
    assertThat(StateReasons.Reason.parse("media-jam"))
        .isEqualTo(new StateReasons.Reason("media-jam", StateReasons.Severity.ERROR));
  }

  @Test
  void idleWithNone_isOnlineAndFull() {
    assertThat(status(PrinterState.IDLE, "none")).isEqualTo(FormPrinterStatus.ready());
  }

  @Test
  void processing_isBusy() {
    assertThat(status(PrinterState.PROCESSING, "none").health()).isEqualTo(PeripheralHealth.BUSY);
  }

  @Test
  void mediaEmpty_isPaperOutAndBlocks() {
    FormPrinterStatus s = status(PrinterState.STOPPED, "media-empty-error", "media-needed-error");
    assertThat(s.problem()).contains(FormPrinterProblem.MEDIA_EMPTY);
    assertThat(s.paper()).isEqualTo(PaperState.OUT);
    assertThat(s.health()).isEqualTo(PeripheralHealth.HWERROR);
    assertThat(s.words()).containsExactly("缺纸 / out of paper", "需要装纸 / paper needed");
  }

  @Test
  void jam_isJammed() {
    FormPrinterStatus s = status(PrinterState.STOPPED, "media-jam-error");
    assertThat(s.problem()).contains(FormPrinterProblem.MEDIA_JAM);
    assertThat(s.paper()).isEqualTo(PaperState.JAMMED);
  }

  @Test
  void offline_isOffline() {
    FormPrinterStatus s = status(PrinterState.STOPPED, "offline-report", "offline");
    assertThat(s.problem()).contains(FormPrinterProblem.OFFLINE);
    assertThat(s.health()).isEqualTo(PeripheralHealth.OFFLINE);
  }

  @Test
  void doorOpenAndPaperOut_namesPaperFirst() {
    assertThat(status(PrinterState.STOPPED, "door-open-error", "media-empty-error").problem())
        .contains(FormPrinterProblem.MEDIA_EMPTY);
  }

  @Test
  void warningsOnly_doNotBlock() {
    FormPrinterStatus s = status(PrinterState.IDLE, "toner-low-warning", "media-low-warning");
    assertThat(s.problem()).isEmpty();
    assertThat(s.paper()).isEqualTo(PaperState.LOW);
    assertThat(s.words()).containsExactly("墨粉不足 / toner low (warning)", "纸张将尽 / paper low (warning)");
  }

  @Test
  void stoppedWithoutAKnownReason_isPrinterStopped() {
    FormPrinterStatus s = status(PrinterState.STOPPED, "paused");
    assertThat(s.problem()).contains(FormPrinterProblem.PRINTER_STOPPED);
    assertThat(s.words()).containsExactly("已暂停 / paused");
  }

  @Test
  void notAccepting_isNamed() {
    assertThat(StateReasons.status(Optional.of(PrinterState.IDLE), List.of("none"), Optional.of(false)).problem())
        .contains(FormPrinterProblem.NOT_ACCEPTING_JOBS);
  }

  @Test
  void unknownKeyword_isShownAsSent() {
    assertThat(StateReasons.words("cups-waiting-for-job-completed-report"))
        .isEqualTo("打印机报告 cups-waiting-for-job-completed / printer reports cups-waiting-for-job-completed (report)");
  }
}
