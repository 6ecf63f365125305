package org.doorstep.fleet.operators;

import java.util.regex.Pattern;

/**
 * The part of the country an operator is limited to, as a GB/T 2260 administrative-division code.
 * The codes are hierarchical by prefix: {@code 44} is Guangdong province, {@code 4401} Guangzhou,
 * {@code 440106} Tianhe district; so the scope {@code 44} covers a device registered in
 * {@code 440106}, and {@code 11} (Beijing) does not. {@value #NATIONAL} (China's country code, never
 * a province prefix) is the national scope and covers every device.
 *
 * <p>A six-digit code padded with zeros names its province or prefecture ({@code 440000} →
 * {@code 44}, {@code 440100} → {@code 4401}) and is normalised so. A device whose region is not a
 * GB/T 2260 code (free text from before regions were checked) is covered only by the national scope.
 *
 * @param code the normalised code: {@value #NATIONAL}, or 2, 4 or 6 digits
 */
public record RegionScope(String code) {
  /** The national scope. */
  public static final String NATIONAL = "86";
  private static final Pattern CODE = Pattern.compile("[0-9]{2}|[0-9]{4}|[0-9]{6}");

  /** Validates and normalises. */
  public RegionScope {
    if (code == null || !CODE.matcher(code.strip()).matches()) {
      throw new IllegalArgumentException("region: must be " + NATIONAL
          + " (national) or a GB/T 2260 code of 2, 4 or 6 digits (44, 4401, 440106), was '" + code + "'");
    }
    code = normalise(code.strip());
  }

  /** {@link #NATIONAL}. */
  public static RegionScope national() {
    return new RegionScope(NATIONAL);
  }

  /**
   * Parses an operator region.
   *
   * @throws IllegalArgumentException naming the expected syntax
   */
  public static RegionScope of(String code) {
    return new RegionScope(code);
  }

  private static String normalise(String c) {
    if (c.length() == 6 && c.endsWith("0000")) {
      return c.substring(0, 2);
    }
    if (c.length() == 6 && c.endsWith("00")) {
      return c.substring(0, 4);
    }
    return c;
  }

  /** Whether this is the national scope. */
  public boolean isNational() {
    return NATIONAL.equals(code);
  }

  /** Whether a device registered in {@code deviceRegion} is within this scope. */
  public boolean covers(String deviceRegion) {
    if (isNational()) {
      return true;
    }
    if (deviceRegion == null || !deviceRegion.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return false;
    }
    return deviceRegion.startsWith(code);
  }

  /** Whether {@code other} lies entirely within this scope (an admin creates operators only below itself). */
  public boolean covers(RegionScope other) {
    return isNational() || (!other.isNational() && other.code.startsWith(code));
  }

  @Override
  public String toString() {
    return code;
  }
}
