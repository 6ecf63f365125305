package org.doorstep.agent.device.wiring;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.forms.FormPrinter;
import org.doorstep.agent.device.forms.FormPrinterProblem;
import org.doorstep.agent.device.forms.FormPrinterStatus;
import org.doorstep.agent.device.forms.FormSheet;
import org.doorstep.agent.device.forms.PrintedForm;
import org.doorstep.agent.device.health.HealthError;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.health.PeripheralStatus;
import org.doorstep.agent.model.DeviceFault;

/**
 * A {@link FormPrinter} that reports to the health registry ({@link Peripheral#FORM_PRINTER}): every printer
 * status read (before each print, while a job is stopped, at each probe) sets the status word, the paper
 * state and, for a blocking problem, the last error (code = the {@link FormPrinterProblem}, text its words);
 * a failed call records its problem. A repeated problem is not recorded again. Thread-safe (the registry is).
 */
final class ReportingFormPrinter implements FormPrinter {
  private final FormPrinter printer;
  private final HealthRegistry health;

  ReportingFormPrinter(FormPrinter printer, HealthRegistry health) {
    this.printer = Objects.requireNonNull(printer, "printer");
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  public Future<PrintedForm> print(FormSheet sheet) {
    return printer.print(sheet).andThen(r -> {
      if (r.failed()) {
        failed(health, r.cause());
      } else {
        health.update(Peripheral.FORM_PRINTER, (s, now) -> s.withStatus(PeripheralHealth.ONLINE, now));
      }
    });
  }

  @Override
  public Future<FormPrinterStatus> status() {
    return printer.status().andThen(r -> {
      if (r.succeeded()) {
        status(health, r.result());
      } else {
        failed(health, r.cause());
      }
    });
  }

  /** Records what the printer said about itself. */
  static void status(HealthRegistry health, FormPrinterStatus st) {
    health.update(Peripheral.FORM_PRINTER, (s, now) -> {
      PeripheralStatus next = s.withPaper(st.paper()).withStatus(st.health(), now);
      return st.problem().filter(p -> !sameError(s, p.name()))
          .map(p -> next.withError(new HealthError(p.name(), text(p.words()), now))).orElse(next);
    });
  }

  /** Records a failed call: the problem's code and words, OFFLINE when the printer did not answer. */
  static void failed(HealthRegistry health, Throwable err) {
    DeviceFault fault = DeviceException.faultOf(err);
    Optional<FormPrinterProblem> problem = DeviceException.reasonOf(err, FormPrinterProblem.class);
    String code = problem.map(Enum::name).orElse(fault.name());
    String text = problem.map(FormPrinterProblem::words).orElse("form printer failed: " + fault.name());
    PeripheralHealth word = fault == DeviceFault.TIMEOUT || fault == DeviceFault.NOT_CONNECTED
        ? PeripheralHealth.OFFLINE : PeripheralHealth.HWERROR;
    health.update(Peripheral.FORM_PRINTER, (s, now) -> {
      PeripheralStatus next = s.withStatus(word, now);
      if (problem.orElse(null) == FormPrinterProblem.MEDIA_EMPTY) {
        next = next.withPaper(PaperState.OUT);
      }
      return sameError(s, code) && next.status() == s.status() ? next : next.withError(new HealthError(code, text(text), now));
    });
  }

  private static boolean sameError(PeripheralStatus s, String code) {
    return s.lastError().map(e -> e.code().equals(code)).orElse(false);
  }

  private static String text(String t) {
    return t.length() <= HealthError.MAX_TEXT_LENGTH ? t : t.substring(0, HealthError.MAX_TEXT_LENGTH);
  }
}
