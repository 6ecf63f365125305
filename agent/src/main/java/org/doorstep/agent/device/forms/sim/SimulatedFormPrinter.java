package org.doorstep.agent.device.forms.sim;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.forms.FormPrinter;
import org.doorstep.agent.device.forms.FormPrinterProblem;
import org.doorstep.agent.device.forms.FormPrinterStatus;
import org.doorstep.agent.device.forms.FormRendering;
import org.doorstep.agent.device.forms.FormSheet;
import org.doorstep.agent.device.forms.PrintedForm;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.PaperState;

/**
 * The form printer of the SIMULATED driver: renders each form to PDF exactly as the IPP driver would and keeps
 * the PDFs (the demo and tests read them back with {@link #printed()}). {@link #problem(FormPrinterProblem)}
 * scripts a printer that needs attention (its prints then fail with that problem). Thread-safe.
 */
public final class SimulatedFormPrinter implements FormPrinter {
  /** Forms kept; older ones are dropped (a demo runs for hours). */
  public static final int KEPT = 32;

  private final FormRendering rendering;
  private final List<Printed> printed = new ArrayList<>();
  private FormPrinterProblem problem;
  private int jobs;

  /** One printed form: the sheet's job name and the PDF. */
  public record Printed(String jobName, byte[] pdf) {
    public Printed {
      Objects.requireNonNull(jobName, "jobName");
      pdf = pdf.clone();
    }

    @Override
    public byte[] pdf() {
      return pdf.clone();
    }
  }

  public SimulatedFormPrinter(FormRendering rendering) {
    this.rendering = Objects.requireNonNull(rendering, "rendering");
  }

  @Override
  public Future<PrintedForm> print(FormSheet sheet) {
    Optional<FormPrinterProblem> p = currentProblem();
    if (p.isPresent()) {
      return Future.failedFuture(new DeviceException(p.get().fault(), p.get(), "simulated form printer: " + p.get().en()));
    }
    return rendering.pdf(sheet).map(pdf -> {
      synchronized (this) {
        printed.add(new Printed(sheet.jobName(), pdf));
        if (printed.size() > KEPT) {
          printed.remove(0);
        }
        return new PrintedForm("sim:" + (++jobs), pdf.length);
      }
    });
  }

  @Override
  public Future<FormPrinterStatus> status() {
    return Future.succeededFuture(currentProblem().map(p -> new FormPrinterStatus(
        p == FormPrinterProblem.OFFLINE ? PeripheralHealth.OFFLINE : PeripheralHealth.HWERROR,
        p == FormPrinterProblem.MEDIA_EMPTY ? PaperState.OUT : p == FormPrinterProblem.MEDIA_JAM ? PaperState.JAMMED
            : PaperState.FULL, Optional.of(p), List.of(p.words()))).orElse(FormPrinterStatus.ready()));
  }

  /** Scripts a problem ({@code null}: the printer is fine again). */
  public synchronized void problem(FormPrinterProblem p) {
    this.problem = p;
  }

  /** The forms printed so far, oldest first (at most {@value #KEPT}). */
  public synchronized List<Printed> printed() {
    return List.copyOf(printed);
  }

  private synchronized Optional<FormPrinterProblem> currentProblem() {
    return Optional.ofNullable(problem);
  }
}
