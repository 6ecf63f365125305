package org.doorstep.agent.device.forms;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.PaperState;

/**
 * What a form printer says about itself.
 *
 * @param health  the XFS-style word: ONLINE (idle), BUSY (printing), HWERROR (stopped, paper out, jam …),
 *                OFFLINE (reports itself offline or does not answer)
 * @param paper   paper supply as far as the printer reports it ({@link PaperState#UNKNOWN} if it does not)
 * @param problem the reason printing cannot go on, when there is one
 * @param words   every condition the printer reports, in words (zh-CN / English), warnings included
 *                ("墨粉不足 / toner low"); empty when all is well
 */
public record FormPrinterStatus(PeripheralHealth health, PaperState paper, Optional<FormPrinterProblem> problem,
    List<String> words) {
  public FormPrinterStatus {
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(paper, "paper");
    Objects.requireNonNull(problem, "problem");
    words = List.copyOf(words);
  }

  /** A printer that is ready, with nothing to report. */
  public static FormPrinterStatus ready() {
    return new FormPrinterStatus(PeripheralHealth.ONLINE, PaperState.FULL, Optional.empty(), List.of());
  }
}
