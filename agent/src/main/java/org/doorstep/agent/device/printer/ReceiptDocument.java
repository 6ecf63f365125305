package org.doorstep.agent.device.printer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A receipt as printable blocks, independent of the wire: {@link ReceiptTemplates} builds it,
 * {@link #toEscPos()} encodes it. Lines are already laid out for {@link #width()} (each fits at its
 * own magnification), so a test can check widths and masking without bytes.
 *
 * @param width  the paper the lines were laid out for
 * @param blocks what to print, top to bottom
 * @param cut    how the job ends
 */
public record ReceiptDocument(PaperWidth width, List<Block> blocks, Cut cut) {
  /** Blank lines fed before the cut so the last line clears the cutter (head-to-cutter gap). */
  public static final int FEED_BEFORE_CUT_LINES = 4;

  public ReceiptDocument {
    Objects.requireNonNull(width, "width");
    blocks = List.copyOf(Objects.requireNonNull(blocks, "blocks"));
    Objects.requireNonNull(cut, "cut");
    for (Block b : blocks) {
      if (b instanceof Text t && TextColumns.width(t.text()) * t.scale() > width.columns()) {
        throw new IllegalArgumentException("blocks: line wider than " + width.columns() + " columns: "
            + TextColumns.width(t.text()) * t.scale());
      }
    }
  }

  /** One printable block. */
  public sealed interface Block permits Text, Qr, Feed {}

  /**
   * One line of text.
   *
   * @param scale 1 (normal) or 2 (double width and height)
   */
  public record Text(String text, Align align, boolean bold, int scale) implements Block {
    public Text {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(align, "align");
      if (scale != 1 && scale != 2) {
        throw new IllegalArgumentException("scale: must be 1 or 2, was " + scale);
      }
      if (text.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("text: one line only");
      }
    }
  }

  /** A QR code, centred. */
  public record Qr(String payload, int moduleSize, QrErrorCorrection ec) implements Block {
    public Qr {
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(ec, "ec");
      if (payload.isEmpty()) {
        throw new IllegalArgumentException("payload: must not be empty");
      }
      if (moduleSize < 1 || moduleSize > 16) {
        throw new IllegalArgumentException("moduleSize: must be 1..16, was " + moduleSize);
      }
    }
  }

  /** Blank lines. */
  public record Feed(int lines) implements Block {
    public Feed {
      if (lines < 1 || lines > 255) {
        throw new IllegalArgumentException("lines: must be 1..255, was " + lines);
      }
    }
  }

  /** The text lines only, as the resident reads them (QR codes and feeds left out). */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Block b : blocks) {
      if (b instanceof Text t) {
        lines.add(t.text());
      }
    }
    return lines;
  }

  /** QR payloads, top to bottom. */
  public List<String> qrPayloads() {
    List<String> q = new ArrayList<>();
    for (Block b : blocks) {
      if (b instanceof Qr qr) {
        q.add(qr.payload());
      }
    }
    return q;
  }

  /**
   * The whole job: {@code ESC @}, Chinese mode, each block with its alignment/bold/size set and
   * reset, a feed of {@link #FEED_BEFORE_CUT_LINES} and the cut.
   */
  public byte[] toEscPos() {
    EscPos p = new EscPos().initialise().chineseMode(true);
    for (Block b : blocks) {
      if (b instanceof Text t) {
        p.align(t.align());
        if (t.bold()) {
          p.bold(true);
        }
        if (t.scale() != 1) {
          p.size(t.scale(), t.scale());
        }
        p.line(t.text());
        if (t.scale() != 1) {
          p.size(1, 1);
        }
        if (t.bold()) {
          p.bold(false);
        }
      } else if (b instanceof Qr q) {
        p.align(Align.CENTRE).qr(q.payload(), q.moduleSize(), q.ec()).lf();
      } else if (b instanceof Feed f) {
        p.feed(f.lines());
      }
    }
    return p.align(Align.LEFT).feed(FEED_BEFORE_CUT_LINES).cut(cut).bytes();
  }

  /** A builder laying lines out for {@code width}. */
  public static Builder builder(PaperWidth width) {
    return new Builder(width);
  }

  /** Lays out text for one paper width: long text is wrapped, rows are label-left value-right. */
  public static final class Builder {
    private final PaperWidth width;
    private final List<Block> blocks = new ArrayList<>();
    private Cut cut = Cut.FULL;

    private Builder(PaperWidth width) {
      this.width = Objects.requireNonNull(width, "width");
    }

    public PaperWidth width() {
      return width;
    }

    /** A double-size bold centred title, wrapped to half the columns. */
    public Builder title(String text) {
      TextColumns.wrap(text, width.columns() / 2).forEach(l -> blocks.add(new Text(l, Align.CENTRE, true, 2)));
      return this;
    }

    /** Centred normal-size text, wrapped. */
    public Builder centred(String text, boolean bold) {
      TextColumns.wrap(text, width.columns()).forEach(l -> blocks.add(new Text(l, Align.CENTRE, bold, 1)));
      return this;
    }

    /** Left-aligned text, wrapped. */
    public Builder paragraph(String text) {
      TextColumns.wrap(text, width.columns()).forEach(l -> blocks.add(new Text(l, Align.LEFT, false, 1)));
      return this;
    }

    /** A label/value row ({@link TextColumns#row}). */
    public Builder row(String label, String value) {
      TextColumns.row(label, value, width.columns()).forEach(l -> blocks.add(new Text(l, Align.LEFT, false, 1)));
      return this;
    }

    /** A dashed rule across the paper. */
    public Builder rule() {
      blocks.add(new Text("-".repeat(width.columns()), Align.LEFT, false, 1));
      return this;
    }

    public Builder qr(String payload, int moduleSize, QrErrorCorrection ec) {
      blocks.add(new Qr(payload, moduleSize, ec));
      return this;
    }

    public Builder feed(int lines) {
      blocks.add(new Feed(lines));
      return this;
    }

    public Builder cut(Cut cut) {
      this.cut = Objects.requireNonNull(cut, "cut");
      return this;
    }

    public ReceiptDocument build() {
      return new ReceiptDocument(width, blocks, cut);
    }
  }
}
