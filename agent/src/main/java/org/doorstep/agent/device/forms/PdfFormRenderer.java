package org.doorstep.agent.device.forms;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Lays a {@link FormSheet} out on A4 (210 × 297 mm, 595 × 842 pt) and writes it as PDF with a subset of the
 * CJK font embedded (only the glyphs used: a form is ~40 KB instead of the font's 10 MB), so that any
 * printer or viewer shows the same glyphs and the text can be extracted (PDFBox writes a ToUnicode map).
 * Layout is plain code: a cursor moves down the page; a block that does not fit starts a new page.
 *
 * <p>The font is parsed once (the costly part, ~0.6 s) and kept for every later render. Not thread-safe in
 * use: {@link #render} is synchronized; run it on a worker, never on an event loop. {@link #close()} releases
 * the font file.
 */
public final class PdfFormRenderer implements AutoCloseable {
  static final float MARGIN = 50f;
  static final float TITLE_SIZE = 18f;
  static final float SUBTITLE_SIZE = 10f;
  static final float HEADING_SIZE = 12f;
  static final float TEXT_SIZE = 10.5f;
  static final float SMALL_SIZE = 9f;
  private static final float CELL_HEIGHT = 24f;
  private static final float LABEL_WIDTH = 78f;
  private static final float QR_SIZE = 80f;

  private final Path fontFile;
  private TrueTypeFont ttf;

  /** A renderer for the font at {@code fontFile} (parsed on first use). */
  public PdfFormRenderer(Path fontFile) {
    this.fontFile = fontFile;
  }

  /** A renderer for the installed forms font ({@link FormFonts#regular()}; fails naming the script when missing). */
  public static PdfFormRenderer withInstalledFont() {
    return new PdfFormRenderer(FormFonts.regular());
  }

  /**
   * The PDF of {@code sheet}.
   *
   * @throws UncheckedIOException when the font cannot be read
   * @throws IllegalArgumentException when a text holds a character the font lacks
   */
  public synchronized byte[] render(FormSheet sheet) {
    try (PDDocument doc = new PDDocument()) {
      PDType0Font font = PDType0Font.load(doc, font(), true);
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(sheet.jobName());
      info.setCreator("Doorstep agent");
      new Layout(doc, font).sheet(sheet);
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("rendering " + sheet.jobName() + ": " + e.getMessage(), e);
    }
  }

  private TrueTypeFont font() throws IOException {
    if (ttf == null) {
      ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(fontFile.toFile()));
    }
    return ttf;
  }

  @Override
  public synchronized void close() {
    if (ttf != null) {
      try {
        ttf.close();
      } catch (IOException e) {
        // nothing left to do: the file is read-only
      }
      ttf = null;
    }
  }

  /** One document being laid out: the current page, its content stream and the cursor. */
  private static final class Layout {
    private final PDDocument doc;
    private final PDType0Font font;
    private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private PDPageContentStream cs;
    private float y;

    Layout(PDDocument doc, PDType0Font font) {
      this.doc = doc;
      this.font = font;
    }

    void sheet(FormSheet sheet) throws IOException {
      newPage();
      try {
        centred(sheet.title(), TITLE_SIZE);
        if (!sheet.subtitle().isEmpty()) {
          centred(sheet.subtitle(), SUBTITLE_SIZE);
        }
        y -= 8;
        for (FormSheet.Block b : sheet.blocks()) {
          block(b);
        }
      } finally {
        cs.close();
      }
    }

    private void block(FormSheet.Block b) throws IOException {
      if (b instanceof FormSheet.Section s) {
        need(HEADING_SIZE + 14 + CELL_HEIGHT);
        y -= HEADING_SIZE + 6;
        text(MARGIN, y, s.heading(), HEADING_SIZE);
        y -= 4;
        line(MARGIN, y, MARGIN + width, y, 1f);
        y -= 4;
      } else if (b instanceof FormSheet.Fields f) {
        fields(f.fields());
      } else if (b instanceof FormSheet.Paragraph p) {
        List<String> lines = wrap(p.text(), TEXT_SIZE, width);
        need(lines.size() * (TEXT_SIZE + 5) + 6);
        y -= 6;
        for (String l : lines) {
          y -= TEXT_SIZE + 5;
          text(MARGIN, y + 4, l, TEXT_SIZE);
        }
      } else if (b instanceof FormSheet.Signatures s) {
        signatures(s.labels());
      } else if (b instanceof FormSheet.Verification v) {
        verification(v);
      }
    }

    private void fields(List<FormSheet.Field> fields) throws IOException {
      int i = 0;
      while (i < fields.size()) {
        FormSheet.Field a = fields.get(i);
        boolean pair = !a.wide() && i + 1 < fields.size() && !fields.get(i + 1).wide();
        List<FormSheet.Field> row = pair ? List.of(a, fields.get(i + 1)) : List.of(a);
        float cellWidth = width / row.size();
        float valueWidth = cellWidth - LABEL_WIDTH - 8;
        int lines = 1;
        for (FormSheet.Field f : row) {
          lines = Math.max(lines, wrap(f.value(), TEXT_SIZE, valueWidth).size());
        }
        float h = Math.max(CELL_HEIGHT, lines * (TEXT_SIZE + 4) + 10);
        need(h);
        float top = y;
        float x = MARGIN;
        for (FormSheet.Field f : row) {
          rect(x, top - h, cellWidth, h);
          line(x + LABEL_WIDTH, top, x + LABEL_WIDTH, top - h, 0.5f);
          text(x + 4, top - 15, f.label(), SMALL_SIZE);
          float ty = top - 15;
          for (String l : wrap(f.value(), TEXT_SIZE, valueWidth)) {
            text(x + LABEL_WIDTH + 4, ty, l, TEXT_SIZE);
            ty -= TEXT_SIZE + 4;
          }
          x += cellWidth;
        }
        y = top - h;
        i += row.size();
      }
    }

    private void signatures(List<String> labels) throws IOException {
      float h = 70;
      need(h + 10);
      y -= 10;
      float w = width / labels.size();
      float x = MARGIN;
      for (String label : labels) {
        rect(x, y - h, w, h);
        text(x + 6, y - 16, label, TEXT_SIZE);
        text(x + 6, y - h + 8, "日期 Date：      年    月    日", SMALL_SIZE);
        x += w;
      }
      y -= h;
    }

    private void verification(FormSheet.Verification v) throws IOException {
      float h = Math.max(QR_SIZE, v.lines().size() * (SMALL_SIZE + 5));
      need(h + 16);
      y -= 16;
      line(MARGIN, y + 6, MARGIN + width, y + 6, 0.5f);
      float ty = y - SMALL_SIZE;
      for (String l : v.lines()) {
        text(MARGIN, ty, l, SMALL_SIZE);
        ty -= SMALL_SIZE + 5;
      }
      qr(v.qrPayload(), MARGIN + width - QR_SIZE, y - QR_SIZE, QR_SIZE);
      y -= h;
    }

    private void qr(String payload, float x, float yBottom, float size) throws IOException {
      BitMatrix m;
      try {
        m = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 0, 0,
            Map.of(EncodeHintType.MARGIN, 0, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                EncodeHintType.CHARACTER_SET, "UTF-8"));
      } catch (WriterException e) {
        throw new IllegalArgumentException("qrPayload: cannot be a QR code (" + e.getMessage() + ")", e);
      }
      float module = size / m.getWidth();
      for (int r = 0; r < m.getHeight(); r++) {
        for (int c = 0; c < m.getWidth(); c++) {
          if (m.get(c, r)) {
            cs.addRect(x + c * module, yBottom + size - (r + 1) * module, module, module);
          }
        }
      }
      cs.fill();
    }

    private void centred(String s, float size) throws IOException {
      y -= size + 6;
      text(MARGIN + (width - textWidth(s, size)) / 2, y, s, size);
    }

    private void need(float h) throws IOException {
      if (y - h < MARGIN) {
        cs.close();
        newPage();
      }
    }

    private void newPage() throws IOException {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      cs = new PDPageContentStream(doc, page);
      y = PDRectangle.A4.getHeight() - MARGIN;
    }

    private void text(float x, float baseline, String s, float size) throws IOException {
      if (s.isEmpty()) {
        return;
      }
      cs.beginText();
      cs.setFont(font, size);
      cs.newLineAtOffset(x, baseline);
      cs.showText(s);
      cs.endText();
    }

    private void rect(float x, float yBottom, float w, float h) throws IOException {
      cs.setLineWidth(0.75f);
      cs.addRect(x, yBottom, w, h);
      cs.stroke();
    }

    private void line(float x1, float y1, float x2, float y2, float lineWidth) throws IOException {
      cs.setLineWidth(lineWidth);
      cs.moveTo(x1, y1);
      cs.lineTo(x2, y2);
      cs.stroke();
    }

    private float textWidth(String s, float size) throws IOException {
      return font.getStringWidth(s) / 1000f * size;
    }

    /** {@code s} broken into lines no wider than {@code max}, at any character (CJK has no spaces). */
    private List<String> wrap(String s, float size, float max) throws IOException {
      List<String> out = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < s.length(); ) {
        int cp = s.codePointAt(i);
        String ch = new String(Character.toChars(cp));
        if (line.length() > 0 && textWidth(line + ch, size) > max) {
          out.add(line.toString());
          line.setLength(0);
        }
        line.append(ch);
        i += Character.charCount(cp);
      }
      out.add(line.toString());
      return out;
    }
  }
}
