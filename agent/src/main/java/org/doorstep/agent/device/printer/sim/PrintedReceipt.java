package org.doorstep.agent.device.printer.sim;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.doorstep.agent.device.printer.Align;
import org.doorstep.agent.device.printer.Cut;
import org.doorstep.agent.device.printer.PaperWidth;
import org.doorstep.agent.device.printer.QrErrorCorrection;

/**
 * One piece of paper that {@link EscPosPrinterSimulator} cut off: what was printed on it, in order,
 * as text and as an image ({@link #render()}, {@link #writePng(Path)}).
 *
 * @param width the paper it was printed on
 * @param items lines, QR codes and feeds, top to bottom
 * @param cut   how it was cut off
 */
public record PrintedReceipt(PaperWidth width, List<Item> items, Cut cut) {
  public PrintedReceipt {
    Objects.requireNonNull(width, "width");
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    Objects.requireNonNull(cut, "cut");
  }

  /** Something printed. */
  public sealed interface Item permits Line, Qr, Feed {}

  /** A text line as the printer decoded it (GB18030 in Chinese mode). */
  public record Line(String text, Align align, boolean bold, int widthScale, int heightScale) implements Item {}

  /** A QR code with the payload stored by {@code GS ( k … 31 50 30}. */
  public record Qr(String payload, int moduleSize, QrErrorCorrection ec) implements Item {}

  /** {@code ESC d n}. */
  public record Feed(int lines) implements Item {}

  /** The text lines, as a resident reads them. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Item i : items) {
      if (i instanceof Line l) {
        lines.add(l.text());
      }
    }
    return lines;
  }

  /** The text lines joined by {@code \n}. */
  public String text() {
    return String.join("\n", lines());
  }

  /** Payloads of the QR codes printed, top to bottom. */
  public List<String> qrPayloads() {
    List<String> q = new ArrayList<>();
    for (Item i : items) {
      if (i instanceof Qr qr) {
        q.add(qr.payload());
      }
    }
    return q;
  }

  /** The receipt drawn at the printer's resolution (8 dots/mm), black on white. */
  public BufferedImage render() {
    return ReceiptRenderer.render(this);
  }

  /** {@link #render()} as PNG bytes. */
  public byte[] png() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(render(), "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory stream: cannot happen
    }
    return out.toByteArray();
  }

  /** Writes {@link #png()} to {@code file} and returns it. */
  public Path writePng(Path file) throws IOException {
    Files.write(file, png());
    return file;
  }
}
