package org.doorstep.agent.testing;

import java.util.HexFormat;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * How the agent's property tests run QuickTheories (as firmware-config's {@code testing.Theories}): a
 * fixed seed per property, so a build tests the same inputs every time and a failure replays as is;
 * {@code -DQT_SEED=<n>} (QuickTheories' own property) replaces the fixed seeds to explore other inputs.
 * A failure report names the smallest falsifying input found by shrinking and ends with "Seed was ...".
 */
public final class Theories {
  /** Shrink steps after a falsifying example. */
  public static final int SHRINK_CYCLES = 500;

  private Theories() {}

  /** QuickTheories with {@code examples} examples and {@code seed}, unless {@code -DQT_SEED} overrides it. */
  public static QuickTheory qt(long seed, int examples) {
    QuickTheory qt = QuickTheory.qt().withExamples(examples).withShrinkCycles(SHRINK_CYCLES);
    return System.getProperty(Configuration.SEED) == null ? qt.withFixedSeed(seed) : qt;
  }

  /** Byte arrays of 0 to {@code maxLength} bytes drawn from {@code values}, reported in hex. */
  public static Gen<byte[]> bytes(int maxLength, Gen<Byte> values) {
    return Generate.byteArrays(SourceDSL.integers().between(0, maxLength), values).describedAs(Theories::hex);
  }

  /** Byte arrays of 0 to {@code maxLength} bytes of any value, reported in hex. */
  public static Gen<byte[]> bytes(int maxLength) {
    return bytes(maxLength, anyByte());
  }

  /** Any byte (shrinking towards 0). */
  public static Gen<Byte> anyByte() {
    return Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
  }

  /** Hex of {@code b} for failure reports. */
  public static String hex(byte[] b) {
    return b.length + " bytes " + HexFormat.of().formatHex(b);
  }
}
