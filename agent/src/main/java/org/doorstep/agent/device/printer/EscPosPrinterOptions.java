package org.doorstep.agent.device.printer;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link EscPosSerialPrinter}.
 *
 * @param receipt       layout: paper width, zone, QR payload prefix
 * @param statusTimeout how long one {@code DLE EOT n} reply may take
 * @param printTimeout  bound of a whole print: status before, the job, status after
 * @param workerName    name of the printer's single-thread worker (one per serial device)
 */
public record EscPosPrinterOptions(ReceiptOptions receipt, Duration statusTimeout, Duration printTimeout,
    String workerName) {
  /**
   * 500 ms per status byte: a printer answers {@code DLE EOT} in a few milliseconds even while
   * printing (it is a real-time command); the rest covers USB-serial adapter latency.
   */
  public static final Duration DEFAULT_STATUS_TIMEOUT = Duration.ofMillis(500);
  /**
   * 15 s per print: a long 80 mm receipt at a slow 9600 baud is about 3 KiB, 3 s of line time,
   * plus two status rounds and margin for a printer that pauses to cool its head.
   */
  public static final Duration DEFAULT_PRINT_TIMEOUT = Duration.ofSeconds(15);
  /** Worker name: {@code printer}, one thread. */
  public static final String DEFAULT_WORKER_NAME = "printer";

  public EscPosPrinterOptions {
    Objects.requireNonNull(receipt, "receipt");
    positive("statusTimeout", statusTimeout);
    positive("printTimeout", printTimeout);
    if (workerName == null || workerName.isBlank()) {
      throw new IllegalArgumentException("workerName: must not be blank");
    }
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": must be positive, was " + d);
    }
  }

  /** Default receipts and timeouts. */
  public static EscPosPrinterOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().receipt(receipt).statusTimeout(statusTimeout).printTimeout(printTimeout).workerName(workerName);
  }

  /** Builder; every field has a default. */
  public static final class Builder {
    private ReceiptOptions receipt = ReceiptOptions.defaults();
    private Duration statusTimeout = DEFAULT_STATUS_TIMEOUT;
    private Duration printTimeout = DEFAULT_PRINT_TIMEOUT;
    private String workerName = DEFAULT_WORKER_NAME;

    private Builder() {}

    public Builder receipt(ReceiptOptions receipt) {
      this.receipt = receipt;
      return this;
    }

    public Builder statusTimeout(Duration timeout) {
      this.statusTimeout = timeout;
      return this;
    }

    public Builder printTimeout(Duration timeout) {
      this.printTimeout = timeout;
      return this;
    }

    public Builder workerName(String name) {
      this.workerName = name;
      return this;
    }

    public EscPosPrinterOptions build() {
      return new EscPosPrinterOptions(receipt, statusTimeout, printTimeout, workerName);
    }
  }
}
