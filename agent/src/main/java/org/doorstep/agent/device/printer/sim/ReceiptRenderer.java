package org.doorstep.agent.device.printer.sim;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorstep.agent.device.printer.TextColumns;
import org.doorstep.agent.device.printer.sim.PrintedReceipt.Feed;
import org.doorstep.agent.device.printer.sim.PrintedReceipt.Item;
import org.doorstep.agent.device.printer.sim.PrintedReceipt.Line;
import org.doorstep.agent.device.printer.sim.PrintedReceipt.Qr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws a {@link PrintedReceipt} the way a thermal head would: font A cells (12×24 dots per ASCII
 * character, 24×24 per Chinese one) on a 30-dot line pitch, magnified by {@code GS !}, and QR codes
 * module by module from the stored payload (ZXing's encoder, same error correction).
 *
 * <p>Chinese needs a CJK font: the first installed family that can display 中 is used (Debian:
 * {@code fonts-wqy-zenhei} or {@code fonts-noto-cjk}). Without one the text is drawn in the
 * logical monospaced font, where Chinese shows as boxes; the QR code does not depend on fonts.
 */
final class ReceiptRenderer {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptRenderer.class);
  /** Font A cell width of a half-width character, in dots. */
  static final int CELL_WIDTH = 12;
  /** Default line pitch ({@code ESC 2}), in dots. */
  static final int LINE_PITCH = 30;
  /** Glyph height, in dots. */
  static final int GLYPH_HEIGHT = 24;
  /** White around the print area (the roll is wider than the head). */
  static final int MARGIN = 16;
  private static final List<String> PREFERRED = List.of("Noto Sans CJK SC", "Noto Sans Mono CJK SC",
      "WenQuanYi Zen Hei Mono", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN", "Droid Sans Fallback");

  private ReceiptRenderer() {}

  private static final class Fonts {
    static final Optional<String> CJK = findCjkFamily();
  }

  /** The installed family used for Chinese, if any. */
  static Optional<String> cjkFontFamily() {
    return Fonts.CJK;
  }

  private static Optional<String> findCjkFamily() {
    try {
      List<String> installed = List.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
      for (String name : PREFERRED) {
        if (installed.contains(name) && new Font(name, Font.PLAIN, GLYPH_HEIGHT).canDisplay('中')) {
          return Optional.of(name);
        }
      }
      for (String name : installed) {
        if (new Font(name, Font.PLAIN, GLYPH_HEIGHT).canDisplay('中')) {
          return Optional.of(name);
        }
      }
    } catch (RuntimeException | Error e) { // no fontconfig, broken AWT: draw boxes rather than fail
      LOG.warn("font lookup failed ({}); receipts render without Chinese glyphs", e.toString());
      return Optional.empty();
    }
    LOG.warn("no CJK font installed (Debian: fonts-wqy-zenhei or fonts-noto-cjk); Chinese renders as boxes");
    return Optional.empty();
  }

  static BufferedImage render(PrintedReceipt r) {
    int dots = r.width().dots();
    int width = dots;
    int height = 0;
    for (Item i : r.items()) {
      if (i instanceof Line l) {
        height += LINE_PITCH * l.heightScale();
        width = Math.max(width, TextColumns.width(l.text()) * CELL_WIDTH * l.widthScale());
      } else if (i instanceof Feed f) {
        height += LINE_PITCH * f.lines();
      } else if (i instanceof Qr q) {
        int side = qrMatrix(q).map(m -> m.getWidth() * q.moduleSize()).orElse(LINE_PITCH);
        height += side + 2 * LINE_PITCH;
        width = Math.max(width, side);
      }
    }
    BufferedImage img = new BufferedImage(width + 2 * MARGIN, Math.max(1, height) + 2 * MARGIN,
        BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setColor(Color.BLACK);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
      String family = cjkFontFamily().orElse(Font.MONOSPACED);
      int y = MARGIN;
      for (Item i : r.items()) {
        if (i instanceof Line l) {
          drawLine(g, l, family, width, y);
          y += LINE_PITCH * l.heightScale();
        } else if (i instanceof Feed f) {
          y += LINE_PITCH * f.lines();
        } else if (i instanceof Qr q) {
          y += LINE_PITCH;
          Optional<ByteMatrix> m = qrMatrix(q);
          if (m.isPresent()) {
            ByteMatrix bm = m.get();
            int s = q.moduleSize();
            int x0 = MARGIN + (width - bm.getWidth() * s) / 2;
            for (int my = 0; my < bm.getHeight(); my++) {
              for (int mx = 0; mx < bm.getWidth(); mx++) {
                if (bm.get(mx, my) == 1) {
                  g.fillRect(x0 + mx * s, y + my * s, s, s);
                }
              }
            }
            y += bm.getHeight() * s;
          } else {
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, GLYPH_HEIGHT));
            g.drawString("[QR code too long]", MARGIN, y + GLYPH_HEIGHT);
            y += LINE_PITCH;
          }
          y += LINE_PITCH;
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private static void drawLine(Graphics2D g, Line l, String family, int paperDots, int top) {
    int cell = CELL_WIDTH * l.widthScale();
    int lineWidth = TextColumns.width(l.text()) * cell;
    int x = MARGIN + switch (l.align()) {
      case LEFT -> 0;
      case CENTRE -> Math.max(0, (paperDots - lineWidth) / 2);
      case RIGHT -> Math.max(0, paperDots - lineWidth);
    };
    Font font = new Font(family, l.bold() ? Font.BOLD : Font.PLAIN, GLYPH_HEIGHT);
    if (l.widthScale() != 1 || l.heightScale() != 1) {
      font = font.deriveFont(AffineTransform.getScaleInstance(l.widthScale(), l.heightScale()));
    }
    g.setFont(font);
    int baseline = top + (GLYPH_HEIGHT - 4) * l.heightScale();
    String text = l.text();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp != ' ') {
        g.drawString(new String(Character.toChars(cp)), x, baseline);
      }
      x += TextColumns.width(cp) * cell;
    }
  }

  private static Optional<ByteMatrix> qrMatrix(Qr q) {
    try {
      QRCode code = Encoder.encode(q.payload(), level(q), Map.of(EncodeHintType.CHARACTER_SET, "UTF-8"));
      return Optional.of(code.getMatrix());
    } catch (WriterException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static ErrorCorrectionLevel level(Qr q) {
    return switch (q.ec()) {
      case L -> ErrorCorrectionLevel.L;
      case M -> ErrorCorrectionLevel.M;
      case Q -> ErrorCorrectionLevel.Q;
      case H -> ErrorCorrectionLevel.H;
    };
  }
}
