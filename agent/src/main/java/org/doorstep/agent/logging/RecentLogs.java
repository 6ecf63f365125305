package org.doorstep.agent.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A Logback appender that keeps the newest lines of the agent's log in memory, at most {@link #CAPACITY_BYTES}
 * (UTF-8), dropping the oldest, so the fleet's {@code fetch-logs} command can read the tail of a kiosk's log
 * without a log file or shell access. Lines are masked ({@link LogMasker}) when stored.
 *
 * <p>Logback creates the appender from {@code logback.xml}; the buffer is therefore process-wide, like the log
 * itself: {@link #tail} reads it. Thread-safe.
 */
public final class RecentLogs extends AppenderBase<ILoggingEvent> {
  /** Most bytes kept (UTF-8). */
  public static final int CAPACITY_BYTES = 512 * 1024;
  /** Longest single line kept; longer ones are cut and marked. */
  public static final int MAX_LINE_BYTES = 4096;
  private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%X{deviceId} %X{recordId}] "
      + "%logger{24} - %msg%n";

  private static final Object LOCK = new Object();
  private static final ArrayDeque<String> LINES = new ArrayDeque<>();
  private static long bytes;
  private static long dropped;

  private PatternLayout layout;

  @Override
  public void start() {
    layout = new PatternLayout();
    layout.setContext(getContext());
    layout.setPattern(PATTERN);
    layout.start();
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    String text = layout.doLayout(event);
    if (event.getThrowableProxy() != null) {
      text = text + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage() + "\n";
    }
    add(LogMasker.mask(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text));
  }

  /** Stores one line (masked by the caller); evicts the oldest lines beyond {@link #CAPACITY_BYTES}. */
  static void add(String line) {
    String kept = cut(line);
    int size = utf8(kept) + 1;
    synchronized (LOCK) {
      LINES.addLast(kept);
      bytes += size;
      while (bytes > CAPACITY_BYTES && !LINES.isEmpty()) {
        bytes -= utf8(LINES.removeFirst()) + 1;
        dropped++;
      }
    }
  }

  /**
   * The newest lines, oldest first: at most {@code maxLines} lines and {@code maxBytes} UTF-8 bytes (newline
   * included), whichever is reached first; never part of a line.
   */
  public static Tail tail(int maxLines, int maxBytes) {
    List<String> picked = new ArrayList<>();
    int total;
    long kept;
    synchronized (LOCK) {
      kept = LINES.size();
      int used = 0;
      var it = LINES.descendingIterator();
      while (it.hasNext() && picked.size() < maxLines) {
        String l = it.next();
        int size = utf8(l) + 1;
        if (used + size > maxBytes) {
          break;
        }
        used += size;
        picked.add(l);
      }
      total = used;
    }
    java.util.Collections.reverse(picked);
    return new Tail(List.copyOf(picked), total, kept, dropped());
  }

  /** Lines dropped since the start because the buffer was full. */
  public static long dropped() {
    synchronized (LOCK) {
      return dropped;
    }
  }

  /** Empties the buffer (tests). */
  static void clear() {
    synchronized (LOCK) {
      LINES.clear();
      bytes = 0;
      dropped = 0;
    }
  }

  private static String cut(String line) {
    if (utf8(line) <= MAX_LINE_BYTES) {
      return line;
    }
    int end = Math.min(line.length(), MAX_LINE_BYTES / 3);
    if (Character.isHighSurrogate(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end) + " …[line cut]";
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * What {@link #tail} returns.
   *
   * @param lines     the lines, oldest first
   * @param bytes     their size in UTF-8 with a newline each
   * @param available lines in the buffer
   * @param dropped   lines dropped since the start because the buffer was full
   */
  public record Tail(List<String> lines, int bytes, long available, long dropped) {
    /** The lines joined with newlines. */
    public String text() {
      return String.join("\n", lines);
    }
  }
}
