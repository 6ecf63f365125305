package org.doorstep.agent.device.printer.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.doorstep.agent.device.printer.Align;
import org.doorstep.agent.device.printer.Cut;
import org.doorstep.agent.device.printer.EscPos;
import org.doorstep.agent.device.printer.QrErrorCorrection;

/**
 * Incremental ESC/POS parser, the printer's half of PERIPHERALS.md §3: feed it bytes in chunks of any
 * size and it reports printed lines, feeds, QR codes, cuts and {@code DLE EOT} requests to a
 * {@link Listener}.
 *
 * <p>Commands it does not act on are skipped by their length rules where ESC/POS defines them (bit
 * images, raster images, barcodes, {@code GS ( x} functions, tab stops …), so the bytes after them are
 * not printed as text; a command it does not know at all is reported to
 * {@link Listener#unknown(String)} and only its two command bytes are skipped. It never throws on input
 * and buffers at most one {@code GS ( k} function (64 KiB); longer payloads are counted off, not kept.
 *
 * <p>Text: bytes from 0x20 up are collected for the current line and decoded at {@code LF} (or when a
 * feed, QR code or cut forces the line out): GB18030 in Chinese mode ({@code FS &}), ASCII otherwise.
 * No GB18030 byte is below 0x30, so control bytes never split a character.
 *
 * <p>Not thread-safe: one reader thread feeds it.
 */
public final class EscPosParser {
  /** What the parser saw, in stream order. */
  public interface Listener {
    /** {@code ESC @}. */
    default void initialise() {}

    /** A line of text ended (by {@code LF}, a feed, a QR code or a cut). */
    default void line(String text, Align align, boolean bold, int widthScale, int heightScale) {}

    /** {@code ESC d n}. */
    default void feed(int lines) {}

    /** {@code GS ( k … 31 51 30} with data stored before. */
    default void qr(String payload, int moduleSize, QrErrorCorrection ec) {}

    /** {@code GS V}. */
    default void cut(Cut cut) {}

    /** {@code DLE EOT n}, n = 1..4: answer one status byte now. */
    default void statusRequest(int n) {}

    /** A command skipped without acting on it; {@code what} is for a DEBUG log. */
    default void unknown(String what) {}
  }

  /** Longest run of bytes a variable command (NUL-terminated) may take before it counts as garbage. */
  private static final int MAX_NUL_TERMINATED = 256;
  private static final int HEADER_GS_PAREN = 5;

  private final Listener listener;
  private byte[] buf = new byte[1024];
  private int count;
  private long skip;
  private final ByteArrayOutputStream lineBytes = new ByteArrayOutputStream();

  private boolean chinese;
  private boolean bold;
  private int widthScale = 1;
  private int heightScale = 1;
  private Align align = Align.LEFT;
  private int qrModuleSize = 3;
  private QrErrorCorrection qrEc = QrErrorCorrection.L;
  private byte[] qrData;

  public EscPosParser(Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Feeds {@code data[off, off+len)}. */
  public void feed(byte[] data, int off, int len) {
    Objects.checkFromIndexSize(off, len, data.length);
    int i = off;
    int end = off + len;
    // Bytes still owed to a skipped command are dropped before they reach the buffer.
    while (skip > 0 && i < end) {
      int n = (int) Math.min(skip, end - i);
      skip -= n;
      i += n;
    }
    if (i == end) {
      return;
    }
    ensure(count + end - i);
    System.arraycopy(data, i, buf, count, end - i);
    count += end - i;
    parse();
  }

  /** Feeds all of {@code data}. */
  public void feed(byte[] data) {
    feed(data, 0, data.length);
  }

  /** Whether the parser is in Chinese mode. */
  public boolean chineseMode() {
    return chinese;
  }

  /** Bytes of text waiting for a line end (tests, and the simulator's "partly printed" check). */
  public int pendingTextBytes() {
    return lineBytes.size();
  }

  private void ensure(int capacity) {
    if (capacity > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
    }
  }

  private void parse() {
    int pos = 0;
    while (pos < count) {
      if (skip > 0) {
        int n = (int) Math.min(skip, count - pos);
        skip -= n;
        pos += n;
        continue;
      }
      int used = step(pos, count - pos);
      if (used == 0) {
        break; // an incomplete command: wait for more bytes
      }
      pos += used;
    }
    System.arraycopy(buf, pos, buf, 0, count - pos);
    count -= pos;
    if (buf.length > 1 << 17 && count < 1024) {
      buf = Arrays.copyOf(buf, 1024);
    }
  }

  private int u(int i) {
    return buf[i] & 0xFF;
  }

  /** Parses one command or text byte at {@code p}; returns bytes consumed, 0 when more are needed. */
  private int step(int p, int avail) {
    int c = u(p);
    switch (c) {
      case 0x0A -> {
        flushLine(true);
        return 1;
      }
      case 0x10 -> {
        return dle(p, avail);
      }
      case 0x1B -> {
        return esc(p, avail);
      }
      case 0x1C -> {
        return fs(p, avail);
      }
      case 0x1D -> {
        return gs(p, avail);
      }
      case 0x09 -> {
        lineBytes.write(' ');
        return 1;
      }
      default -> {
        if (c >= 0x20) {
          lineBytes.write(c);
        }
        return 1; // other C0 controls (CR, NUL, CAN …) print nothing
      }
    }
  }

  private int dle(int p, int avail) {
    if (avail < 2) {
      return 0;
    }
    int b1 = u(p + 1);
    if (b1 == EscPos.EOT || b1 == 0x05) {
      if (avail < 3) {
        return 0;
      }
      int n = u(p + 2);
      if (b1 == EscPos.EOT && n >= 1 && n <= 4) {
        listener.statusRequest(n);
      } else {
        listener.unknown(String.format("DLE %02X %02X", b1, n));
      }
      return 3;
    }
    if (b1 == 0x14) { // DLE DC4 fn …: real-time pulse / power-off / clear buffer
      if (avail < 3) {
        return 0;
      }
      int len = u(p + 2) == 8 ? 10 : 5;
      listener.unknown("DLE DC4");
      return skipOrWait(p, avail, len);
    }
    return 1; // a lone DLE is not a command
  }

  private int esc(int p, int avail) {
    if (avail < 2) {
      return 0;
    }
    int b1 = u(p + 1);
    switch (b1) {
      case 0x40 -> { // ESC @
        lineBytes.reset();
        resetModes();
        listener.initialise();
        return 2;
      }
      case 0x32, 0x3C, 0x4C, 0x53 -> {
        return 2; // default line spacing, return home, page/standard mode
      }
      case 0x69, 0x6D -> { // ESC i / ESC m: old partial cut
        flushLine(false);
        listener.cut(Cut.PARTIAL);
        return 2;
      }
      case 0x45, 0x47, 0x61, 0x64, 0x21, 0x2D, 0x4D, 0x74, 0x7B, 0x33, 0x20, 0x52, 0x56, 0x4A, 0x3D, 0x4B,
          0x65, 0x55, 0x25, 0x72, 0x54 -> {
        if (avail < 3) {
          return 0;
        }
        escWithParameter(b1, u(p + 2));
        return 3;
      }
      case 0x24, 0x5C -> {
        return skipOrWait(p, avail, 4); // ESC $ / ESC \ nL nH: position
      }
      case 0x63 -> {
        return skipOrWait(p, avail, 4); // ESC c 3/4/5 n: paper sensors, panel buttons
      }
      case 0x70 -> {
        return skipOrWait(p, avail, 5); // ESC p m t1 t2: drawer pulse
      }
      case 0x2A -> { // ESC * m nL nH d1…dk: bit image
        if (avail < 5) {
          return 0;
        }
        int m = u(p + 2);
        long k = (u(p + 3) + 256L * u(p + 4)) * (m == 0 || m == 1 ? 1 : 3);
        flushLine(false);
        listener.unknown("ESC * bit image");
        skip = k;
        return 5;
      }
      case 0x44 -> { // ESC D n1 … NUL: tab stops
        return nulTerminated(p, avail, 2, "ESC D");
      }
      default -> {
        listener.unknown(String.format("ESC %02X", b1));
        return 2;
      }
    }
  }

  private void escWithParameter(int b1, int n) {
    switch (b1) {
      case 0x45 -> bold = (n & 1) == 1;
      case 0x61 -> align = Align.ofCode(n);
      case 0x64 -> {
        flushLine(false);
        if (n > 0) {
          listener.feed(n);
        }
      }
      case 0x21 -> { // ESC ! n: print mode
        bold = (n & 0x08) != 0;
        heightScale = (n & 0x10) != 0 ? 2 : 1;
        widthScale = (n & 0x20) != 0 ? 2 : 1;
      }
      case 0x4A -> flushLine(false); // ESC J n: feed n dots
      default -> { } // underline, font, code table, spacing …: no effect on the text we keep
    }
  }

  private int fs(int p, int avail) {
    if (avail < 2) {
      return 0;
    }
    int b1 = u(p + 1);
    switch (b1) {
      case 0x26 -> {
        chinese = true;
        return 2;
      }
      case 0x2E -> {
        chinese = false;
        return 2;
      }
      case 0x21, 0x2D, 0x57, 0x43 -> {
        return skipOrWait(p, avail, 3); // FS ! / FS - / FS W / FS C n
      }
      case 0x53, 0x70 -> {
        return skipOrWait(p, avail, 4); // FS S n1 n2 / FS p n m
      }
      case 0x32 -> {
        return skipOrWait(p, avail, 4 + 72); // FS 2 c1 c2 d1…d72: user-defined Chinese character
      }
      default -> {
        listener.unknown(String.format("FS %02X", b1));
        return 2;
      }
    }
  }

  private int gs(int p, int avail) {
    if (avail < 2) {
      return 0;
    }
    int b1 = u(p + 1);
    switch (b1) {
      case 0x21 -> { // GS ! n
        if (avail < 3) {
          return 0;
        }
        int n = u(p + 2);
        widthScale = (n >>> 4 & 0x07) + 1;
        heightScale = (n & 0x07) + 1;
        return 3;
      }
      case 0x56 -> { // GS V m [n]
        if (avail < 3) {
          return 0;
        }
        int m = u(p + 2);
        boolean withN = m == 0x41 || m == 0x42 || m == 0x61 || m == 0x62 || m == 0x67 || m == 0x68;
        if (withN && avail < 4) {
          return 0;
        }
        flushLine(false);
        boolean known = m == 0 || m == 1 || m == 0x30 || m == 0x31 || withN;
        if (known) {
          boolean full = m == 0 || m == 0x30 || m == 0x41 || m == 0x61 || m == 0x67;
          listener.cut(full ? Cut.FULL : Cut.PARTIAL);
        } else {
          listener.unknown(String.format("GS V %02X", m));
        }
        return withN ? 4 : 3;
      }
      case 0x28 -> { // GS ( x pL pH …
        if (avail < HEADER_GS_PAREN) {
          return 0;
        }
        int fn = u(p + 2);
        int len = u(p + 3) | u(p + 4) << 8;
        if (fn != 0x6B) {
          listener.unknown(String.format("GS ( %02X", fn));
          skip = len;
          return HEADER_GS_PAREN;
        }
        if (avail < HEADER_GS_PAREN + len) {
          ensure(HEADER_GS_PAREN + len);
          return 0;
        }
        symbol(p + HEADER_GS_PAREN, len);
        return HEADER_GS_PAREN + len;
      }
      case 0x42, 0x48, 0x66, 0x68, 0x77, 0x61, 0x49, 0x2F, 0x72, 0x62, 0x54, 0x45 -> {
        return skipOrWait(p, avail, 3);
      }
      case 0x4C, 0x57, 0x24, 0x50, 0x5C -> {
        return skipOrWait(p, avail, 4);
      }
      case 0x3A -> {
        return 2; // GS : macro definition start/end
      }
      case 0x6B -> { // GS k m …: barcode
        if (avail < 3) {
          return 0;
        }
        int m = u(p + 2);
        flushLine(false);
        if (m <= 6) {
          return nulTerminated(p, avail, 3, "GS k barcode");
        }
        if (avail < 4) {
          return 0;
        }
        listener.unknown("GS k barcode");
        skip = u(p + 3);
        return 4;
      }
      case 0x76 -> { // GS v 0 m xL xH yL yH d…: raster image
        if (avail < 8) {
          return 0;
        }
        flushLine(false);
        listener.unknown("GS v 0 raster image");
        skip = (long) (u(p + 4) | u(p + 5) << 8) * (u(p + 6) | u(p + 7) << 8);
        return 8;
      }
      case 0x2A -> { // GS * x y d…: downloaded bit image
        if (avail < 4) {
          return 0;
        }
        listener.unknown("GS * bit image");
        skip = (long) u(p + 2) * u(p + 3) * 8;
        return 4;
      }
      default -> {
        listener.unknown(String.format("GS %02X", b1));
        return 2;
      }
    }
  }

  /** {@code GS ( k}: {@code body} starts at cn. */
  private void symbol(int body, int len) {
    if (len < 2 || u(body) != 0x31) {
      listener.unknown("GS ( k symbol other than QR");
      return;
    }
    int fn = u(body + 1);
    switch (fn) {
      case 0x41 -> { } // model: we print model 2 whatever was asked
      case 0x43 -> {
        if (len >= 3) {
          int s = u(body + 2);
          qrModuleSize = s >= 1 && s <= 16 ? s : qrModuleSize;
        }
      }
      case 0x45 -> {
        if (len >= 3) {
          qrEc = QrErrorCorrection.ofCode(u(body + 2));
        }
      }
      case 0x50 -> qrData = len > 3 ? Arrays.copyOfRange(buf, body + 3, body + len) : null;
      case 0x51 -> {
        flushLine(false);
        if (qrData == null) {
          listener.unknown("GS ( k print QR with no data stored");
        } else {
          listener.qr(new String(qrData, StandardCharsets.UTF_8), qrModuleSize, qrEc);
        }
      }
      default -> listener.unknown(String.format("GS ( k 31 %02X", fn));
    }
  }

  private int skipOrWait(int p, int avail, int len) {
    return avail < len ? 0 : len;
  }

  /** A command of {@code header} bytes followed by data up to and including a NUL. */
  private int nulTerminated(int p, int avail, int header, String what) {
    int limit = Math.min(avail, header + MAX_NUL_TERMINATED);
    for (int i = p + header; i < p + limit; i++) {
      if (buf[i] == 0) {
        listener.unknown(what);
        return i - p + 1;
      }
    }
    if (avail >= header + MAX_NUL_TERMINATED) {
      listener.unknown(what + " without NUL");
      return header; // garbage: drop the command bytes and go on
    }
    return 0;
  }

  private void flushLine(boolean evenIfEmpty) {
    if (lineBytes.size() == 0 && !evenIfEmpty) {
      return;
    }
    byte[] b = lineBytes.toByteArray();
    lineBytes.reset();
    String text = new String(b, chinese ? EscPos.GB18030 : StandardCharsets.US_ASCII);
    listener.line(text, align, bold, widthScale, heightScale);
  }

  private void resetModes() {
    chinese = false;
    bold = false;
    widthScale = 1;
    heightScale = 1;
    align = Align.LEFT;
    qrModuleSize = 3;
    qrEc = QrErrorCorrection.L;
    qrData = null;
  }
}
