package org.doorstep.agent.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what looks like personal numbers in free text: 18-character resident ID numbers (GB 11643: 17 digits and
 * a digit or X), 15-digit first-generation ID numbers and 11-digit mainland mobile numbers keep their first 3 and
 * last 4 characters, as everywhere else in Doorstep ({@code 110************234}). Only whole tokens are masked
 * (not digits inside a longer number such as a record sequence or a timestamp). Pure and stateless.
 */
public final class LogMasker {
  private static final Pattern PERSONAL_NUMBER = Pattern.compile(
      "(?<![0-9A-Za-z])(?:[1-9][0-9]{16}[0-9Xx]|[1-9][0-9]{14}|1[3-9][0-9]{9})(?![0-9A-Za-z])");

  private LogMasker() {}

  /** {@code text} with every ID-number-like and phone-number-like token masked. */
  public static String mask(String text) {
    Matcher m = PERSONAL_NUMBER.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      String v = m.group();
      m.appendReplacement(out, v.substring(0, 3) + "*".repeat(v.length() - 7) + v.substring(v.length() - 4));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }
}
