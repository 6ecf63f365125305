package org.doorstep.agent.device.printer;

import java.util.ArrayList;
import java.util.List;

/**
 * Line-width arithmetic for receipts: printable ASCII takes one column, every other character
 * (Chinese, full-width punctuation) two, as an ESC/POS printer in Chinese mode prints them.
 */
public final class TextColumns {
  private TextColumns() {}

  /** Columns {@code s} takes at normal size. */
  public static int width(String s) {
    return s.codePoints().map(TextColumns::width).sum();
  }

  /** Columns one code point takes. */
  public static int width(int codePoint) {
    return codePoint >= 0x20 && codePoint <= 0x7E ? 1 : 2;
  }

  /** {@code s} padded with spaces to {@code columns} (unchanged when it is already as wide). */
  public static String padRight(String s, int columns) {
    return s + " ".repeat(Math.max(0, columns - width(s)));
  }

  /**
   * {@code s} broken into lines of at most {@code columns}, at spaces where possible, else between
   * characters. Never returns an empty list ({@code ""} gives one empty line).
   */
  public static List<String> wrap(String s, int columns) {
    if (columns < 2) {
      throw new IllegalArgumentException("columns: must be at least 2, was " + columns);
    }
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int used = 0;
    int lastSpace = -1;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      int w = width(cp);
      if (used + w > columns) {
        if (lastSpace > 0 && cp != ' ') {
          String rest = line.substring(lastSpace + 1);
          lines.add(line.substring(0, lastSpace).stripTrailing());
          line.setLength(0);
          line.append(rest);
          used = width(rest);
        } else {
          lines.add(line.toString().stripTrailing());
          line.setLength(0);
          used = 0;
        }
        lastSpace = -1;
        if (cp == ' ') {
          continue;
        }
      }
      if (cp == ' ') {
        lastSpace = line.length();
      }
      line.appendCodePoint(cp);
      used += w;
    }
    if (line.length() > 0 || lines.isEmpty()) {
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  /**
   * A label/value row: {@code label} left, {@code value} right, on one line when both fit in
   * {@code columns}, else the label on its own line and the value wrapped and right-aligned below.
   */
  public static List<String> row(String label, String value, int columns) {
    int gap = columns - width(label) - width(value);
    if (gap >= 1) {
      return List.of(label + " ".repeat(gap) + value);
    }
    List<String> lines = new ArrayList<>();
    lines.add(label);
    for (String v : wrap(value, columns)) {
      lines.add(" ".repeat(columns - width(v)) + v);
    }
    return lines;
  }
}
