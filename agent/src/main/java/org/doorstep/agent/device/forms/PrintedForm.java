package org.doorstep.agent.device.forms;

import java.util.Objects;

/**
 * A form the printer reports as printed (job completed).
 *
 * @param job      the printer's job reference ({@code job-uri} over IPP, {@code sim:N} for the simulated driver)
 * @param pdfBytes size of the PDF sent
 */
public record PrintedForm(String job, int pdfBytes) {
  public PrintedForm {
    Objects.requireNonNull(job, "job");
  }
}
