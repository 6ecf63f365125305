package org.doorstep.fleet.alarms.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The region tree alarm counts roll up: village service point → township → county → city → province
 * (村级便民服务点 / 乡镇（街道）/ 县（区）/ 地市 / 省). Codes are the statistical division codes, whose
 * first six digits are GB/T 2260: province 2 digits, city 4, county 6, township 9, village 12. A code
 * padded with zeros names its parent level ({@code 440100} → city {@code 4401},
 * {@code 440106001000} → township {@code 440106001}), as {@code operators.RegionScope} reads it.
 * A region that is not such a code (free text from before regions were checked) is in no tree: its
 * alarms count only in the national total.
 */
public final class RegionTree {
  private RegionTree() {}

  /** The levels, top down, with their code lengths. */
  public enum Level {
    PROVINCE(2), CITY(4), COUNTY(6), TOWNSHIP(9), VILLAGE(12);

    private final int digits;

    Level(int digits) {
      this.digits = digits;
    }

    /** Length of this level's code. */
    public int digits() {
      return digits;
    }

    /** The level of a normalised code of {@code length} digits. */
    public static Optional<Level> ofLength(int length) {
      for (Level l : values()) {
        if (l.digits == length) {
          return Optional.of(l);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The code with its zero padding removed ({@code 440100} → {@code 4401}); empty when {@code region}
   * is not a 2, 4, 6, 9 or 12 digit code.
   */
  public static Optional<String> normalise(String region) {
    if (region == null || !region.matches("[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12}")) {
      return Optional.empty();
    }
    String c = region;
    while (true) {
      Optional<Level> l = Level.ofLength(c.length());
      if (l.isEmpty() || l.get() == Level.PROVINCE) {
        break;
      }
      int parent = Level.values()[l.get().ordinal() - 1].digits();
      String tail = c.substring(parent);
      if (!tail.chars().allMatch(ch -> ch == '0')) {
        break;
      }
      c = c.substring(0, parent);
    }
    return Optional.of(c);
  }

  /** The region and its ancestors, province first; empty when it is not a code. */
  public static List<String> path(String region) {
    List<String> out = new ArrayList<>();
    normalise(region).ifPresent(c -> {
      for (Level l : Level.values()) {
        if (l.digits() <= c.length()) {
          out.add(c.substring(0, l.digits()));
        }
      }
    });
    return out;
  }

  /**
   * One node of the roll-up.
   *
   * @param region     the node's code
   * @param level      its level
   * @param total      alarms at the node and below
   * @param bySeverity the same by severity (every severity present, zeros included)
   */
  public record Count(String region, Level level, long total, Map<Severity, Long> bySeverity) {
    public Count {
      bySeverity = Map.copyOf(bySeverity);
    }
  }

  /** Counts {@code alarms} at every node of the tree they fall in, by code (sorted). */
  public static Map<String, Count> rollUp(Collection<Alarm> alarms) {
    Map<String, Map<Severity, Long>> counts = new TreeMap<>();
    for (Alarm a : alarms) {
      for (String node : path(a.region())) {
        counts.computeIfAbsent(node, k -> zeros()).merge(a.severity(), 1L, Long::sum);
      }
    }
    Map<String, Count> out = new TreeMap<>();
    counts.forEach((code, bySev) -> out.put(code, new Count(code, Level.ofLength(code.length()).orElseThrow(),
        bySev.values().stream().mapToLong(Long::longValue).sum(), bySev)));
    return out;
  }

  /** Every severity with count zero. */
  public static Map<Severity, Long> zeros() {
    Map<Severity, Long> m = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      m.put(s, 0L);
    }
    return m;
  }
}
