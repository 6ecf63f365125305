package org.doorstep.config.testing;

import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Helpers of the decoder fuzz tests: mutations of valid inputs (bit flips, byte replacement,
 * truncation, duplicated slices, splices of two valid inputs) and a per-input time bound, so that a
 * hang in any decoder fails the test at that input, named by its label, instead of stalling the build.
 *
 * <p>After a hang the stuck runner thread is abandoned (a fresh one takes over) and every later input
 * of the same property run (see {@link #startRun}) fails at once, naming the input that hung: otherwise
 * QuickTheories' shrinking would wait {@link #PER_INPUT} for every shrink candidate that also hangs.
 * The report's "smallest falsifying value" is then a skipped input; its message names the one that hung.
 */
public final class Fuzz {
  /** Longest a single decode may take before it counts as a hang. */
  public static final Duration PER_INPUT = Duration.ofSeconds(5);

  private static ExecutorService runner = newRunner();
  /** Label of the input that hung in the current property run, or null. */
  private static String hung;

  private Fuzz() {}

  private static ExecutorService newRunner() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-runner");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts a property run: forgets an earlier run's hang, so that its inputs are run again. */
  public static synchronized void startRun() {
    hung = null;
  }

  /** What a decoder may do with garbage: return, or throw one of its documented exception types. */
  @FunctionalInterface
  public interface Decode {
    void run() throws Exception;
  }

  /**
   * Runs {@code decode} within {@link #PER_INPUT}; fails the test on a hang or on any throwable that is
   * not an instance of one of {@code allowed}.
   */
  @SafeVarargs
  public static void expectOnly(String label, Decode decode, Class<? extends Throwable>... allowed) {
    ExecutorService r;
    synchronized (Fuzz.class) {
      if (hung != null) {
        throw new AssertionError(label + ": not run, an earlier input of this property hung: " + hung);
      }
      r = runner;
    }
    Future<Throwable> f = r.submit(() -> {
      try {
        decode.run();
        return null;
      } catch (Throwable t) {
        return t;
      }
    });
    Throwable thrown;
    try {
      thrown = f.get(PER_INPUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      synchronized (Fuzz.class) {
        hung = label;
        r.shutdownNow();
        runner = newRunner();
      }
      throw new AssertionError(label + ": decoder did not return within " + PER_INPUT + " (hang)");
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(label + ": " + e, e);
    }
    if (thrown == null) {
      return;
    }
    for (Class<? extends Throwable> a : allowed) {
      if (a.isInstance(thrown)) {
        if (thrown.getMessage() == null || thrown.getMessage().isBlank()) {
          fail(label + ": " + a.getSimpleName() + " without a message");
        }
        return;
      }
    }
    fail(label + ": undocumented " + thrown, thrown);
  }

  /** One mutation of {@code base} chosen by {@code random}; {@code others} supply splice partners. */
  public static byte[] mutate(byte[] base, List<byte[]> others, Random random) {
    byte[] b = base.length == 0 ? new byte[] {0} : base.clone();
    switch (random.nextInt(6)) {
      case 0 -> {
        for (int k = 0; k <= random.nextInt(4); k++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length));
      case 3 -> {
        int from = random.nextInt(b.length);
        int len = random.nextInt(Math.min(64, b.length - from) + 1);
        byte[] out = new byte[b.length + len];
        System.arraycopy(b, 0, out, 0, from + len);
        System.arraycopy(b, from, out, from + len, b.length - from);
        b = out;
      }
      case 4 -> {
        // splice: a prefix of this input and a suffix of another valid one
        byte[] other = others.get(random.nextInt(others.size()));
        int cut = random.nextInt(b.length + 1);
        int otherCut = other.length == 0 ? 0 : random.nextInt(other.length + 1);
        byte[] out = new byte[cut + other.length - otherCut];
        System.arraycopy(b, 0, out, 0, cut);
        System.arraycopy(other, otherCut, out, cut, other.length - otherCut);
        b = out;
      }
      default -> {
        // delete a slice
        int from = random.nextInt(b.length);
        int len = random.nextInt(Math.min(32, b.length - from) + 1);
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(b, from + len, out, from, b.length - from - len);
        b = out;
      }
    }
    return b;
  }

  /** {@link #mutate} of text, read back as UTF-8 (invalid sequences become U+FFFD). */
  public static String mutate(String base, List<String> others, Random random) {
    List<byte[]> o = others.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    return new String(mutate(base.getBytes(StandardCharsets.UTF_8), o, random), StandardCharsets.UTF_8);
  }

  /** Several stacked mutations (1 to {@code max}). */
  public static byte[] mutateRepeatedly(byte[] base, List<byte[]> others, Random random, int max) {
    byte[] b = base;
    int n = 1 + random.nextInt(max);
    for (int i = 0; i < n; i++) {
      b = mutate(b, others, random);
    }
    return b;
  }
}
