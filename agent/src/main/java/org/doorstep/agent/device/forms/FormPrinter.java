package org.doorstep.agent.device.forms;

import io.vertx.core.Future;

/**
 * The A4 form printer port: the service point's office printer or a CUPS queue, reached over IPP
 * ({@code device.ipp.IppFormPrinter}), or the in-memory printer of the SIMULATED driver.
 *
 * <p>Threads: call from the agent's event loop; rendering and I/O run off it. Failures:
 * {@link org.doorstep.agent.device.DeviceException} whose reason is a {@link FormPrinterProblem} (paper out,
 * jam, door open, offline, unreachable, not accepting, PDF unsupported, job aborted/canceled, timeout, bad
 * response, font missing). A form is printed after its record is committed, so a failed print loses
 * nothing: staff print it again.
 */
public interface FormPrinter {
  /**
   * Renders {@code sheet} as A4 PDF, sends it and follows the job until the printer reports it completed.
   * Fails when the printer refuses it, aborts or cancels it, or it does not complete within the adapter's
   * job timeout (IPP: 120 s by default).
   */
  Future<PrintedForm> print(FormSheet sheet);

  /** The printer's state (state, reasons, paper) without printing; fails only when it cannot be asked. */
  Future<FormPrinterStatus> status();
}
