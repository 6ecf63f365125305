package org.doorstep.agent.device.printer;

import io.vertx.core.Future;
import org.doorstep.agent.device.PeripheralHealth;

/**
 * The receipt printer port (ESC/POS thermal printer, 58 or 80 mm).
 *
 * <p>Threads: callable from the agent's event loop; blocking I/O runs on the printer's own worker.
 * Failures: {@link org.doorstep.agent.device.DeviceException} with {@code PAPER_OUT},
 * {@code HARDWARE_ERROR}, {@code NOT_CONNECTED} or {@code TIMEOUT}. The caller bounds every call with
 * its own timeout; a receipt is printed only after its record is committed, so a failed print never
 * loses a certification.
 */
public interface ReceiptPrinter {
  /** Prints one receipt and cuts the paper; completes when the printer reports the job done. */
  Future<Void> print(Receipt receipt);

  /**
   * Prints {@code receipt} again, e.g. after a failed print (its record is already committed) or when
   * staff reprint it; the receipt says it is a copy where the printer can. Failures as {@link #print}.
   * The default prints it like the first time.
   */
  default Future<Void> reprint(Receipt receipt) {
    return print(receipt);
  }

  /**
   * Prints any laid-out receipt ({@link ReceiptTemplates#testPage}, {@link ReceiptTemplates#proofOfCertification}
   * …); failures as {@link #print}.
   *
   * @param jobName for the log only (a record id or a word such as {@code test-page}; never personal data)
   */
  Future<Void> print(ReceiptDocument document, String jobName);

  /** Current health (paper, cover, connection). */
  Future<PeripheralHealth> health();
}
