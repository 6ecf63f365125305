package org.doorstep.agent.device.printer.sim;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.doorstep.agent.device.printer.Align;
import org.doorstep.agent.device.printer.Cut;
import org.doorstep.agent.device.printer.PaperWidth;
import org.doorstep.agent.device.printer.PrinterStatus;
import org.doorstep.agent.device.printer.QrErrorCorrection;
import org.doorstep.agent.device.serial.Pty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ESC/POS thermal printer on the master side of a pseudo-terminal: the driver under test opens
 * {@link #slavePath()} as it would {@code /dev/ttyUSB0}. Speaks PERIPHERALS.md §3 through
 * {@link EscPosParser}: prints lines and QR codes, keeps each piece of paper it cuts off as a
 * {@link PrintedReceipt}, and answers {@code DLE EOT 1..4} from a scripted state.
 *
 * <pre>{@code
 * try (EscPosPrinterSimulator printer = EscPosPrinterSimulator.startOnPty(PaperWidth.MM_58)) {
 *   printer.paperNearEnd();                       // script the paper sensor
 *   ... driver opens printer.slavePath() ...
 *   printer.receipts().get(0).text();             // what came out
 * }
 * }</pre>
 *
 * <p>Scripted states follow the status table; like a real printer, while something blocks printing
 * (paper out, cover open, an error) the simulator answers status requests but prints and cuts
 * nothing, and {@link #silent(boolean)} makes it answer nothing at all. States can be changed from
 * any thread at any time.
 *
 * <p>Threads: one daemon reader thread ({@code printer-sim}) parses and answers; {@link #close()}
 * stops it and closes the pty.
 */
public final class EscPosPrinterSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EscPosPrinterSimulator.class);
  private static final int F = PrinterStatus.FIXED_VALUE;

  private final Pty pty;
  private final PaperWidth width;
  private final Thread reader;
  private final EscPosParser parser;
  private final List<PrintedReceipt> receipts = new CopyOnWriteArrayList<>();
  private final List<String> skipped = new CopyOnWriteArrayList<>();
  private final AtomicInteger statusRequests = new AtomicInteger();
  private final AtomicInteger droppedItems = new AtomicInteger();
  private final List<PrintedReceipt.Item> page = new ArrayList<>(); // reader thread only
  private volatile PrinterStatus status = PrinterStatus.READY;
  private volatile boolean silent;

  private EscPosPrinterSimulator(Pty pty, PaperWidth width) {
    this.pty = pty;
    this.width = width;
    this.parser = new EscPosParser(new Listener());
    this.reader = new Thread(this::run, "printer-sim");
    reader.setDaemon(true);
  }

  /**
   * Opens a pty and starts a printer with {@code width} paper on its master side.
   *
   * @throws IOException when no pty can be made (no libc {@code openpty}, out of ptys)
   */
  public static EscPosPrinterSimulator startOnPty(PaperWidth width) throws IOException {
    Objects.requireNonNull(width, "width");
    EscPosPrinterSimulator sim = new EscPosPrinterSimulator(Pty.open(), width);
    sim.reader.start();
    LOG.info("ESC/POS printer simulator ({} mm) on {}", width.millimetres(), sim.slavePath());
    return sim;
  }

  /** {@link #startOnPty(PaperWidth)} with 58 mm paper. */
  public static EscPosPrinterSimulator startOnPty() throws IOException {
    return startOnPty(PaperWidth.MM_58);
  }

  /** The path the driver opens, e.g. {@code /dev/pts/3}. */
  public String slavePath() {
    return pty.slavePath();
  }

  public PaperWidth width() {
    return width;
  }

  // ---- scripted state ----------------------------------------------------------------------

  /** Everything fine: online, cover closed, paper present. */
  public EscPosPrinterSimulator ok() {
    return status(PrinterStatus.READY);
  }

  /** Near-end sensor on ({@code DLE EOT 4} bits 2+3); still prints. */
  public EscPosPrinterSimulator paperNearEnd() {
    return status(new PrinterStatus(F, F, F, F | 0x0C));
  }

  /** Roll end: offline, stopped at paper end, both sensors ({@code DLE EOT 4} bits 2,3,5,6). */
  public EscPosPrinterSimulator paperOut() {
    return status(new PrinterStatus(F | 0x08, F | 0x20, F, F | 0x6C));
  }

  /** Cover open: offline ({@code DLE EOT 1} bit 3), cause cover open ({@code DLE EOT 2} bit 2). */
  public EscPosPrinterSimulator coverOpen() {
    return status(new PrinterStatus(F | 0x08, F | 0x04, F, F));
  }

  /** Auto-cutter error: offline, error occurred, {@code DLE EOT 3} bit 3. */
  public EscPosPrinterSimulator cutterError() {
    return status(new PrinterStatus(F | 0x08, F | 0x40, F | 0x08, F));
  }

  /** Head too hot: offline, error occurred, auto-recoverable ({@code DLE EOT 3} bit 6). */
  public EscPosPrinterSimulator overheat() {
    return status(new PrinterStatus(F | 0x08, F | 0x40, F | 0x40, F));
  }

  /** Paper jam: offline, error occurred, recoverable ({@code DLE EOT 3} bit 2). */
  public EscPosPrinterSimulator paperJam() {
    return status(new PrinterStatus(F | 0x08, F | 0x40, F | 0x04, F));
  }

  /** Unrecoverable error ({@code DLE EOT 3} bit 5). */
  public EscPosPrinterSimulator unrecoverableError() {
    return status(new PrinterStatus(F | 0x08, F | 0x40, F | 0x20, F));
  }

  /** Any status; blocks printing when {@link PrinterStatus#readyToPrint()} is false. */
  public EscPosPrinterSimulator status(PrinterStatus s) {
    status = Objects.requireNonNull(s, "status");
    return this;
  }

  /** While set, answers nothing (a printer switched off or on the wrong baud rate). */
  public EscPosPrinterSimulator silent(boolean on) {
    silent = on;
    return this;
  }

  /** The scripted status. */
  public PrinterStatus status() {
    return status;
  }

  // ---- what happened ------------------------------------------------------------------------

  /** Every receipt cut off so far, oldest first. */
  public List<PrintedReceipt> receipts() {
    return List.copyOf(receipts);
  }

  /** The newest receipt, if any. */
  public Optional<PrintedReceipt> lastReceipt() {
    List<PrintedReceipt> r = receipts();
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(r.size() - 1));
  }

  /** {@code DLE EOT} requests received. */
  public int statusRequests() {
    return statusRequests.get();
  }

  /** Lines, QR codes and cuts thrown away because printing was blocked. */
  public int droppedItems() {
    return droppedItems.get();
  }

  /** Commands skipped unparsed, as {@link EscPosParser.Listener#unknown} described them. */
  public List<String> skippedCommands() {
    return List.copyOf(skipped);
  }

  /** Stops the reader and closes the pty; the driver then sees the device gone. Idempotent. */
  @Override
  public void close() {
    pty.close();
    try {
      reader.join(Duration.ofSeconds(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    byte[] buf = new byte[4096];
    try {
      while (true) {
        int n = pty.read(buf, 0, buf.length, Duration.ofMillis(500));
        if (n < 0) {
          break;
        }
        if (n > 0) {
          LOG.trace("printer-sim received {} bytes", n);
          parser.feed(buf, 0, n);
        }
      }
    } catch (IOException e) {
      if (!pty.isClosed()) {
        LOG.warn("printer simulator stopped: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.error("printer simulator failed", e);
    }
  }

  private boolean blocked() {
    return !status.readyToPrint();
  }

  private final class Listener implements EscPosParser.Listener {
    @Override
    public void statusRequest(int n) {
      statusRequests.incrementAndGet();
      if (silent) {
        return;
      }
      PrinterStatus s = status;
      int reply = switch (n) {
        case 1 -> s.printer();
        case 2 -> s.offlineCause();
        case 3 -> s.errorCause();
        default -> s.paperSensor();
      };
      LOG.trace("printer-sim DLE EOT {} -> {}", n, String.format("%02X", reply));
      try {
        pty.write(new byte[] {(byte) reply});
      } catch (IOException e) {
        LOG.debug("printer-sim could not answer DLE EOT {}: {}", n, e.getMessage());
      }
    }

    @Override
    public void line(String text, Align align, boolean bold, int widthScale, int heightScale) {
      add(new PrintedReceipt.Line(text, align, bold, widthScale, heightScale));
    }

    @Override
    public void feed(int lines) {
      add(new PrintedReceipt.Feed(lines));
    }

    @Override
    public void qr(String payload, int moduleSize, QrErrorCorrection ec) {
      add(new PrintedReceipt.Qr(payload, moduleSize, ec));
    }

    @Override
    public void cut(Cut cut) {
      if (blocked()) {
        droppedItems.incrementAndGet();
        return;
      }
      PrintedReceipt r = new PrintedReceipt(width, page, cut);
      page.clear();
      receipts.add(r);
      LOG.debug("printer-sim cut receipt #{} ({} lines)", receipts.size(), r.lines().size());
    }

    @Override
    public void unknown(String what) {
      LOG.debug("printer-sim skipped {}", what);
      if (skipped.size() < 1000) {
        skipped.add(what);
      }
    }

    private void add(PrintedReceipt.Item item) {
      if (blocked()) {
        droppedItems.incrementAndGet();
      } else {
        page.add(item);
      }
    }
  }
}
