package org.doorstep.agent.device.ipp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.forms.FormPrinterProblem;
import org.doorstep.agent.device.forms.FormPrinterStatus;
import org.doorstep.agent.device.health.PaperState;

/**
 * printer-state-reasons (RFC 8011 §5.4.12, PWG 5100.9) in words and in health terms; pure.
 *
 * <p>A keyword may carry a severity suffix: {@code -report} (information), {@code -warning} (printing goes
 * on) or {@code -error} (printing stops). RFC 8011 says a keyword without a suffix must be taken as an error.
 * Only errors block a print; warnings are kept in {@link FormPrinterStatus#words()} for staff.
 */
public final class StateReasons {
  /** Severity of one reason, from its suffix. */
  public enum Severity { REPORT, WARNING, ERROR }

  /** One reason: its keyword without the suffix, and the suffix's severity. */
  public record Reason(String keyword, Severity severity) {
    /** Splits {@code media-empty-error} into {@code media-empty} and ERROR. */
    public static Reason parse(String value) {
      for (Severity s : Severity.values()) {
        String suffix = "-" + s.name().toLowerCase(java.util.Locale.ROOT);
        if (value.endsWith(suffix)) {
          return new Reason(value.substring(0, value.length() - suffix.length()), s);
        }
      }
      return new Reason(value, Severity.ERROR);
    }
  }

  /** Words (zh-CN, English) for the reasons a form printer reports; other keywords are shown as they are. */
  static final Map<String, String[]> WORDS = Map.ofEntries(
      Map.entry("media-empty", new String[] {"缺纸", "out of paper"}),
      Map.entry("media-needed", new String[] {"需要装纸", "paper needed"}),
      Map.entry("media-low", new String[] {"纸张将尽", "paper low"}),
      Map.entry("media-jam", new String[] {"卡纸", "paper jam"}),
      Map.entry("door-open", new String[] {"机门打开", "door open"}),
      Map.entry("cover-open", new String[] {"盖板打开", "cover open"}),
      Map.entry("interlock-open", new String[] {"安全联锁打开", "interlock open"}),
      Map.entry("toner-low", new String[] {"墨粉不足", "toner low"}),
      Map.entry("toner-empty", new String[] {"墨粉用完", "toner empty"}),
      Map.entry("marker-supply-low", new String[] {"墨水或墨粉不足", "ink or toner low"}),
      Map.entry("marker-supply-empty", new String[] {"墨水或墨粉用完", "ink or toner empty"}),
      Map.entry("offline", new String[] {"打印机离线", "offline"}),
      Map.entry("shutdown", new String[] {"打印机已关机", "shut down"}),
      Map.entry("timed-out", new String[] {"打印机连接超时", "connection to the device timed out"}),
      Map.entry("connecting-to-device", new String[] {"正在连接打印机", "connecting to the device"}),
      Map.entry("paused", new String[] {"已暂停", "paused"}),
      Map.entry("moving-to-paused", new String[] {"正在暂停", "pausing"}),
      Map.entry("input-tray-missing", new String[] {"纸盒未装好", "input tray missing"}),
      Map.entry("output-area-almost-full", new String[] {"出纸盒将满", "output tray almost full"}),
      Map.entry("output-area-full", new String[] {"出纸盒已满", "output tray full"}),
      Map.entry("spool-area-full", new String[] {"打印缓存已满", "spool area full"}),
      Map.entry("fuser-over-temp", new String[] {"定影器过热", "fuser too hot"}),
      Map.entry("other", new String[] {"其他问题", "other condition"}));

  private StateReasons() {}

  /** {@code 缺纸 / out of paper (error)} for one reason value as the printer sent it. */
  public static String words(String value) {
    Reason r = Reason.parse(value);
    String[] w = WORDS.get(r.keyword());
    String text = w == null ? "打印机报告 " + r.keyword() + " / printer reports " + r.keyword() : w[0] + " / " + w[1];
    return r.severity() == Severity.ERROR ? text : text + " (" + r.severity().name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  /**
   * The status for what Get-Printer-Attributes said.
   *
   * @param state     printer-state, empty when the printer did not send it
   * @param reasons   printer-state-reasons values ({@code none} is ignored)
   * @param accepting printer-is-accepting-jobs, empty when not sent
   */
  public static FormPrinterStatus status(Optional<PrinterState> state, List<String> reasons, Optional<Boolean> accepting) {
    List<Reason> parsed = reasons.stream().filter(v -> !v.equals("none")).map(Reason::parse).toList();
    List<String> words = new ArrayList<>();
    parsed.forEach(r -> words.add(words(r.severity() == Severity.ERROR ? r.keyword()
        : r.keyword() + "-" + r.severity().name().toLowerCase(java.util.Locale.ROOT))));
    Optional<FormPrinterProblem> problem = blocking(parsed);
    if (problem.isEmpty() && state.orElse(null) == PrinterState.STOPPED) {
      problem = Optional.of(FormPrinterProblem.PRINTER_STOPPED);
    }
    if (problem.isEmpty() && accepting.isPresent() && !accepting.get()) {
      problem = Optional.of(FormPrinterProblem.NOT_ACCEPTING_JOBS);
    }
    PeripheralHealth health = problem.map(p -> p == FormPrinterProblem.OFFLINE ? PeripheralHealth.OFFLINE
        : PeripheralHealth.HWERROR).orElse(state.orElse(null) == PrinterState.PROCESSING
        ? PeripheralHealth.BUSY : PeripheralHealth.ONLINE);
    return new FormPrinterStatus(health, paper(parsed), problem, words);
  }

  private static Optional<FormPrinterProblem> blocking(List<Reason> reasons) {
    FormPrinterProblem best = null;
    for (Reason r : reasons) {
      if (r.severity() != Severity.ERROR) {
        continue;
      }
      FormPrinterProblem p = switch (r.keyword()) {
        case "media-empty", "media-needed", "input-tray-missing" -> FormPrinterProblem.MEDIA_EMPTY;
        case "media-jam" -> FormPrinterProblem.MEDIA_JAM;
        case "door-open", "cover-open", "interlock-open" -> FormPrinterProblem.DOOR_OPEN;
        case "toner-empty", "marker-supply-empty" -> FormPrinterProblem.MARKER_EMPTY;
        case "offline", "shutdown", "timed-out" -> FormPrinterProblem.OFFLINE;
        default -> null;
      };
      if (p != null && (best == null || p.ordinal() < best.ordinal())) {
        best = p;        // the enum lists the problems in the order staff should fix them
      }
    }
    return Optional.ofNullable(best);
  }

  private static PaperState paper(List<Reason> reasons) {
    PaperState paper = PaperState.FULL;
    for (Reason r : reasons) {
      boolean error = r.severity() == Severity.ERROR;
      switch (r.keyword()) {
        case "media-empty", "media-needed" -> {
          if (error) {
            return PaperState.OUT;
          }
          paper = PaperState.LOW;
        }
        case "media-jam" -> paper = PaperState.JAMMED;
        case "media-low" -> paper = paper == PaperState.FULL ? PaperState.LOW : paper;
        default -> { }
      }
    }
    return paper;
  }
}
