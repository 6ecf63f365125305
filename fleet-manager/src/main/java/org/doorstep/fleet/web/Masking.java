package org.doorstep.fleet.web;

import io.vertx.core.json.JsonObject;

/** Masks the personal members of a record body before it leaves over HTTP. */
final class Masking {
  private Masking() {}

  /**
   * A copy of a {@code CertificationRecord} body with {@code subject.idNumber} and {@code operator}
   * masked to their first 3 and last 4 characters and {@code subject.name} to its first character.
   */
  static JsonObject maskBody(JsonObject body) {
    JsonObject out = body.copy();
    if (out.getValue("subject") instanceof JsonObject subject) {
      if (subject.getValue("idNumber") instanceof String id) {
        subject.put("idNumber", mask(id, 3, 4));
      }
      if (subject.getValue("name") instanceof String name) {
        subject.put("name", maskName(name));
      }
    }
    if (out.getValue("operator") instanceof String op) {
      out.put("operator", mask(op, 3, 4));
    }
    return out;
  }

  /** Keeps {@code head} and {@code tail} characters; shorter values are fully starred. */
  static String mask(String v, int head, int tail) {
    if (v.length() <= head + tail) {
      return "*".repeat(v.length());
    }
    return v.substring(0, head) + "*".repeat(v.length() - head - tail) + v.substring(v.length() - tail);
  }

  /** First code point, then one star per remaining code point (at least one). */
  static String maskName(String v) {
    if (v.isEmpty()) {
      return v;
    }
    int first = v.offsetByCodePoints(0, 1);
    return v.substring(0, first) + "*".repeat(Math.max(1, v.codePointCount(first, v.length())));
  }
}
