package org.doorstep.agent.device.serial;

import java.time.Duration;
import java.util.Objects;

/**
 * A monotonic deadline ({@link System#nanoTime()}), immune to wall-clock changes. Immutable and
 * thread-safe. Typical use: {@code Deadline d = Deadline.in(timeout); while (!d.expired()) link.read(buf, d);}
 */
public final class Deadline {
  private final long deadlineNanos;

  private Deadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * The point {@code timeout} from now.
   *
   * @throws IllegalArgumentException when {@code timeout} is negative
   */
  public static Deadline in(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: must not be negative, was " + timeout);
    }
    return new Deadline(System.nanoTime() + timeout.toNanos());
  }

  /** Time left, never negative. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /** Time left in whole milliseconds, rounded up (so 0 means really expired), never negative. */
  public long remainingMs() {
    long nanos = deadlineNanos - System.nanoTime();
    return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
  }

  /** Whether the deadline has passed. */
  public boolean expired() {
    return deadlineNanos - System.nanoTime() <= 0;
  }

  /** The earlier of this and {@code other}. */
  public Deadline min(Deadline other) {
    return deadlineNanos - other.deadlineNanos <= 0 ? this : other;
  }

  @Override
  public String toString() {
    return "Deadline[remaining=" + remaining().toMillis() + " ms]";
  }
}
