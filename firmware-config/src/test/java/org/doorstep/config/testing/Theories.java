package org.doorstep.config.testing;

import java.util.HexFormat;
import java.util.List;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * How the property tests run QuickTheories: a fixed seed per property (so a build tests the same
 * inputs every time and a failure replays as is), a stated number of examples, and a bounded shrink
 * (each shrink step re-runs the decoder, which for the crypto readers is not cheap). Passing
 * {@code -DQT_SEED=<n>} (QuickTheories' own property) replaces the fixed seeds, to explore other inputs;
 * a failure report always ends with "Seed was ...".
 */
public final class Theories {
  /** Shrink steps after a falsifying example: enough to cut a mutated message down, bounded in time. */
  public static final int SHRINK_CYCLES = 500;

  private Theories() {}

  /**
   * QuickTheories with {@code examples} examples and {@code seed}, unless {@code -DQT_SEED} overrides it;
   * starts a {@link Fuzz} run (call once per property).
   */
  public static QuickTheory qt(long seed, int examples) {
    Fuzz.startRun();
    QuickTheory qt = QuickTheory.qt().withExamples(examples).withShrinkCycles(SHRINK_CYCLES);
    return System.getProperty(Configuration.SEED) == null ? qt.withFixedSeed(seed) : qt;
  }

  /** Byte arrays of 0 to {@code maxLength} bytes of any value, reported in hex. */
  public static Gen<byte[]> bytes(int maxLength) {
    return Generate.byteArrays(SourceDSL.integers().between(0, maxLength),
            Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
        .describedAs(Theories::hex);
  }

  /** Strings of 0 to {@code maxTokens} of {@code tokens} (drawn with repetition), concatenated. */
  public static Gen<String> tokens(int maxTokens, List<String> tokens) {
    return SourceDSL.lists().of(SourceDSL.arbitrary().pick(tokens)).ofSizeBetween(0, maxTokens)
        .map(l -> String.join("", l));
  }

  /** Any long, the seed of a {@link java.util.Random} that drives {@link Fuzz#mutate} and friends. */
  public static Gen<Long> seeds() {
    return SourceDSL.longs().all();
  }

  /** Indexes 0 to {@code size - 1} into a list of valid inputs. */
  public static Gen<Integer> indexes(List<?> list) {
    return SourceDSL.integers().between(0, list.size() - 1);
  }

  /** Hex of {@code b} for failure reports. */
  public static String hex(byte[] b) {
    return b.length + " bytes " + HexFormat.of().formatHex(b);
  }
}
