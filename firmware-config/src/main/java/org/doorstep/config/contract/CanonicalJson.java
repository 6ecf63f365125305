package org.doorstep.config.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical byte form of a JSON value, the input of every signature.
 *
 * <p>It is the JSON Canonicalization Scheme (RFC 8785) restricted to the values Doorstep uses:
 * objects, arrays, strings, {@code true}/{@code false}/{@code null} and <em>integers</em> in
 * [-(2^53-1), 2^53-1]. Fractions and exponents are refused ({@link WireException.Reason#NOT_CANONICAL}),
 * which makes number formatting trivial in every language: scores travel as integer thousandths.
 * <ul>
 *   <li>No white space outside strings.</li>
 *   <li>Object members sorted by key, comparing keys as UTF-16 code units (RFC 8785 §3.2.3);
 *       duplicate keys are refused by the parser.</li>
 *   <li>Strings: UTF-8; escape {@code "} and {@code &#92;} with a backslash; escape U+0000–U+001F as
 *       {@code &#92;b &#92;t &#92;n &#92;f &#92;r} where one exists, otherwise {@code &#92;u00XX} with lower-case hex;
 *       every other character, including {@code /} and non-ASCII, is written as itself.</li>
 * </ul>
 */
public final class CanonicalJson {
  /** Largest integer magnitude that survives a round trip through an IEEE double. */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private CanonicalJson() {}

  /** Canonical UTF-8 bytes of {@code node}. */
  public static byte[] bytes(JsonNode node) {
    return text(node).getBytes(StandardCharsets.UTF_8);
  }

  /** Canonical text of {@code node} (the bytes, decoded). */
  public static String text(JsonNode node) {
    StringBuilder sb = new StringBuilder(256);
    try {
      write(node, sb);
    } catch (Refused r) {
      // Paths as everywhere on the wire: "body.liveness.scoreMilli", "[0].a"; the value itself is "payload".
      String path = r.path.isEmpty() ? "payload" : r.path.startsWith(".") ? r.path.substring(1) : r.path;
      throw new WireException(WireException.Reason.NOT_CANONICAL, path + ": " + r.reason);
    }
    return sb.toString();
  }

  /**
   * A value that has no canonical form. The member path is assembled while it propagates, so the
   * (hot) success path builds no path strings at all.
   */
  private static final class Refused extends RuntimeException {
    private final String reason;
    private String path = "";

    Refused(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }

    Refused under(String segment) {
      path = segment + path;
      return this;
    }
  }

  private static void write(JsonNode n, StringBuilder out) {
    switch (n.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(n.properties());
        // String.compareTo compares UTF-16 code units, exactly RFC 8785's rule.
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> m : members) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(m.getKey(), out);
          out.append(':');
          try {
            write(m.getValue(), out);
          } catch (Refused r) {
            throw r.under("." + m.getKey());
          }
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < n.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          try {
            write(n.get(i), out);
          } catch (Refused r) {
            throw r.under("[" + i + "]");
          }
        }
        out.append(']');
      }
      case STRING -> string(n.textValue(), out);
      case BOOLEAN -> out.append(n.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      case NUMBER -> {
        if (!n.isIntegralNumber() || !n.canConvertToLong()
            || Math.abs(n.longValue()) > MAX_SAFE_INTEGER) {
          // A parsed double no longer shows how it was written (1e3 reads back as 1000.0): name the rule only.
          throw new Refused(n.isIntegralNumber()
              ? "only integers within ±(2^53-1) are allowed, was " + n.asText()
              : "only integers within ±(2^53-1) are allowed, no fraction or exponent");
        }
        out.append(n.longValue());
      }
      default -> throw new Refused("unsupported JSON value " + n.getNodeType());
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

}
