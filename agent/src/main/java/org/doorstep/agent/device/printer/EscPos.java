package org.doorstep.agent.device.printer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Builds an ESC/POS byte stream: the commands of PERIPHERALS.md §3 and nothing else, so that the
 * driver and {@link org.doorstep.agent.device.printer.sim.EscPosPrinterSimulator} agree byte for byte.
 *
 * <pre>{@code
 * byte[] job = new EscPos().initialise().chineseMode(true)
 *     .align(Align.CENTRE).bold(true).size(2, 2).text("资格认证凭条").lf()
 *     .qr("rec-1", 6, QrErrorCorrection.M).feed(4).cut(Cut.FULL).bytes();
 * }</pre>
 *
 * <p>Text: in Chinese mode ({@code FS &}) every character is sent in GB18030; outside it only
 * printable ASCII is sent and anything else becomes {@code ?}. Control characters in text are
 * replaced by spaces, so a value read from a card can never smuggle a command into the stream.
 *
 * <p>Not thread-safe; one instance builds one job.
 */
public final class EscPos {
  /** {@code ESC}. */
  public static final int ESC = 0x1B;
  /** {@code GS}. */
  public static final int GS = 0x1D;
  /** {@code FS}. */
  public static final int FS = 0x1C;
  /** {@code DLE}. */
  public static final int DLE = 0x10;
  /** {@code EOT}. */
  public static final int EOT = 0x04;
  /** {@code LF}: print the buffer and feed one line. */
  public static final int LF = 0x0A;
  /** Text encoding in Chinese mode. */
  public static final Charset GB18030 = Charset.forName("GB18030");
  /** Largest QR payload: {@code pL pH} is a 16-bit length that also counts {@code 31 50 30}. */
  public static final int MAX_QR_DATA_BYTES = 0xFFFF - 3;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
  private boolean chinese;

  /** {@code DLE EOT n} ({@code 10 04 n}): real-time status request, answered with one byte. */
  public static byte[] statusRequest(int n) {
    if (n < 1 || n > 4) {
      throw new IllegalArgumentException("n: DLE EOT n must be 1..4, was " + n);
    }
    return new byte[] {DLE, EOT, (byte) n};
  }

  /** {@code ESC @} ({@code 1B 40}): clears the buffer and resets modes; Chinese mode is off after it. */
  public EscPos initialise() {
    chinese = false;
    return put(ESC, 0x40);
  }

  /** {@code FS &} ({@code 1C 26}) or {@code FS .} ({@code 1C 2E}): Chinese (GB18030) text mode on/off. */
  public EscPos chineseMode(boolean on) {
    chinese = on;
    return on ? put(FS, 0x26) : put(FS, 0x2E);
  }

  /** {@code ESC E n} ({@code 1B 45 n}): emphasised on ({@code n = 1}) or off. */
  public EscPos bold(boolean on) {
    return put(ESC, 0x45, on ? 1 : 0);
  }

  /**
   * {@code GS ! n} ({@code 1D 21 n}): character size, high nibble width−1, low nibble height−1.
   *
   * @param width  magnification 1..8
   * @param height magnification 1..8
   */
  public EscPos size(int width, int height) {
    if (width < 1 || width > 8) {
      throw new IllegalArgumentException("width: must be 1..8, was " + width);
    }
    if (height < 1 || height > 8) {
      throw new IllegalArgumentException("height: must be 1..8, was " + height);
    }
    return put(GS, 0x21, (width - 1) << 4 | (height - 1));
  }

  /** {@code ESC a n} ({@code 1B 61 00/01/02}). */
  public EscPos align(Align align) {
    return put(ESC, 0x61, align.code());
  }

  /** Text without a line feed; see the class comment for encoding and control characters. */
  public EscPos text(String text) {
    StringBuilder clean = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
        clean.append(' ');
      } else if (!chinese && cp > 0x7E) {
        clean.append('?');
      } else {
        clean.appendCodePoint(cp);
      }
    });
    byte[] b = clean.toString().getBytes(chinese ? GB18030 : StandardCharsets.US_ASCII);
    out.write(b, 0, b.length);
    return this;
  }

  /** {@code LF}: prints the line. */
  public EscPos lf() {
    return put(LF);
  }

  /** {@link #text} then {@link #lf}. */
  public EscPos line(String text) {
    return text(text).lf();
  }

  /** {@code ESC d n} ({@code 1B 64 n}): prints the buffer and feeds {@code n} lines (0..255). */
  public EscPos feed(int lines) {
    if (lines < 0 || lines > 255) {
      throw new IllegalArgumentException("lines: must be 0..255, was " + lines);
    }
    return put(ESC, 0x64, lines);
  }

  /** {@code GS V 0} / {@code GS V 1} ({@code 1D 56 00/01}): cut at the current position. */
  public EscPos cut(Cut cut) {
    return put(GS, 0x56, cut == Cut.FULL ? 0 : 1);
  }

  /** {@code GS V B n} ({@code 1D 56 42 n}): feed to the cutter plus {@code n} dots, then partial cut. */
  public EscPos feedAndCut(int dots) {
    if (dots < 0 || dots > 255) {
      throw new IllegalArgumentException("dots: must be 0..255, was " + dots);
    }
    return put(GS, 0x56, 0x42, dots);
  }

  /**
   * A QR code (model 2) with the five {@code GS ( k} functions: select model 2, module size, error
   * correction, store data, print. The data bytes are the UTF-8 form of {@code data}.
   *
   * @param moduleSize dots per module, 1..16
   */
  public EscPos qr(String data, int moduleSize, QrErrorCorrection ec) {
    if (moduleSize < 1 || moduleSize > 16) {
      throw new IllegalArgumentException("moduleSize: must be 1..16, was " + moduleSize);
    }
    byte[] d = data.getBytes(StandardCharsets.UTF_8);
    if (d.length == 0 || d.length > MAX_QR_DATA_BYTES) {
      throw new IllegalArgumentException("data: must be 1.." + MAX_QR_DATA_BYTES + " bytes, was " + d.length);
    }
    put(GS, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00);            // model 2
    put(GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, moduleSize);            // module size
    put(GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, ec.code());             // error correction
    int p = d.length + 3;
    put(GS, 0x28, 0x6B, p & 0xFF, p >>> 8, 0x31, 0x50, 0x30);           // store
    out.write(d, 0, d.length);
    return put(GS, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30);           // print
  }

  /** Raw bytes, for commands this class does not name. */
  public EscPos raw(byte... bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  /** The stream built so far. */
  public byte[] bytes() {
    return out.toByteArray();
  }

  private EscPos put(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }
}
