package org.doorstep.agent.device.printer.sim;

import io.vertx.core.Future;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.printer.Receipt;
import org.doorstep.agent.device.printer.ReceiptDocument;
import org.doorstep.agent.device.printer.ReceiptLayout;
import org.doorstep.agent.device.printer.ReceiptPrinter;
import org.doorstep.agent.model.DeviceFault;

/**
 * A printer that keeps each rendered receipt as text ({@link #printed()}). Can run out of paper
 * ({@link #paperOut(boolean)}) so that tests and the demo can show the "no receipt" path. Thread-safe.
 */
public final class SimulatedReceiptPrinter implements ReceiptPrinter {
  private final ZoneId zone;
  private final List<String> printed = new CopyOnWriteArrayList<>();
  private final AtomicBoolean paperOut = new AtomicBoolean();

  /** A printer rendering times in {@code zone} (the kiosk's local time, Asia/Shanghai in China). */
  public SimulatedReceiptPrinter(ZoneId zone) {
    this.zone = zone;
  }

  /** While set, prints fail with {@code PAPER_OUT} and health is {@code HWERROR}. */
  public void paperOut(boolean on) {
    paperOut.set(on);
  }

  /** Every receipt printed so far, as text, oldest first. */
  public List<String> printed() {
    return List.copyOf(printed);
  }

  @Override
  public Future<Void> print(Receipt receipt) {
    if (paperOut.get()) {
      return Future.failedFuture(new DeviceException(DeviceFault.PAPER_OUT, "simulated printer out of paper"));
    }
    printed.add(ReceiptLayout.render(receipt, zone));
    return Future.succeededFuture();
  }

  /** Keeps the document's text lines (QR codes as their payload), like a receipt. */
  @Override
  public Future<Void> print(ReceiptDocument document, String jobName) {
    if (paperOut.get()) {
      return Future.failedFuture(new DeviceException(DeviceFault.PAPER_OUT, "simulated printer out of paper"));
    }
    StringBuilder text = new StringBuilder(String.join("\n", document.lines()));
    document.qrPayloads().forEach(q -> text.append("\n[QR ").append(q).append(']'));
    printed.add(text.toString());
    return Future.succeededFuture();
  }

  @Override
  public Future<PeripheralHealth> health() {
    return Future.succeededFuture(paperOut.get() ? PeripheralHealth.HWERROR : PeripheralHealth.ONLINE);
  }
}
