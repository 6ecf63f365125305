package org.doorstep.agent.device.idcard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming decoder of GA/T 467 frames ({@link SamFrames}): feed it whatever the serial port returned, in
 * chunks of any size, and it yields each complete frame or framing error in order.
 *
 * <p>A robust receiver, as PERIPHERALS.md §1 asks: bytes before a preamble are dropped and counted
 * ({@link #discardedBytes()}); a LEN below the direction's minimum or above {@link SamFrames#MAX_LEN} yields
 * a {@link FrameError.Kind#LENGTH} error at once (the decoder does not wait for a frame that long); a wrong
 * CHK yields {@link FrameError.Kind#CHECKSUM}. After an error the decoder resynchronises by searching for the
 * next preamble from the byte after the rejected one, so a genuine frame hidden behind a false preamble in
 * garbage is still found. Memory stays bounded: at most one frame ({@code 7 + MAX_LEN} bytes) is buffered.
 *
 * <p>Threads: not thread-safe; one decoder per link, used on the link's thread. {@link #reset()} drops
 * partial input (the driver resets before each request so a reply cut off earlier cannot swallow the next).
 */
public final class SamFrameDecoder {

  /** What {@link #feed} yields: a {@link SamReply}, a {@link SamRequest} or a {@link FrameError}. */
  public sealed interface Result permits SamReply, SamRequest, FrameError {}

  /**
   * A frame that failed a check; the decoder has already resynchronised.
   *
   * @param kind   which check failed
   * @param len    the LEN field of the rejected frame
   * @param detail what was wrong (no payload bytes)
   */
  public record FrameError(Kind kind, int len, String detail) implements Result {
    /** The failed check. */
    public enum Kind {
      /** LEN outside the allowed range. */
      LENGTH,
      /** CHK differs from the XOR of LEN and body. */
      CHECKSUM
    }
  }

  private final boolean replies;
  private final int minLen;
  private final int maxLen;
  private byte[] buf = new byte[256];
  private int start;
  private int end;
  private long discarded;

  private SamFrameDecoder(boolean replies, int minLen, int maxLen) {
    this.replies = replies;
    this.minLen = minLen;
    this.maxLen = maxLen;
  }

  /** Decoder for reader → host frames ({@link SamReply}, LEN 4..{@link SamFrames#MAX_LEN}); the driver's. */
  public static SamFrameDecoder forReplies() {
    return new SamFrameDecoder(true, SamFrames.MIN_REPLY_LEN, SamFrames.MAX_LEN);
  }

  /** Decoder for host → reader frames ({@link SamRequest}, LEN 3..{@link SamFrames#MAX_LEN}); the simulator's. */
  public static SamFrameDecoder forRequests() {
    return new SamFrameDecoder(false, SamFrames.MIN_REQUEST_LEN, SamFrames.MAX_LEN);
  }

  /** Feeds all of {@code bytes}. */
  public List<Result> feed(byte[] bytes) {
    return feed(bytes, 0, bytes.length);
  }

  /**
   * Feeds {@code bytes[off, off+len)}.
   *
   * @return the frames and errors completed by these bytes, in order; empty while a frame is incomplete
   */
  public List<Result> feed(byte[] bytes, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, bytes.length);
    List<Result> out = new ArrayList<>(1);
    int pos = off;
    int limit = off + len;
    while (pos < limit) {
      // Never buffer more than one maximal frame: decode as we go.
      int room = SamFrames.HEADER_LENGTH + maxLen - (end - start);
      int n = Math.min(limit - pos, Math.max(room, 1));
      append(bytes, pos, n);
      pos += n;
      decode(out);
    }
    return out;
  }

  /** Drops any partial frame. The discarded-bytes counter is kept. */
  public void reset() {
    discarded += end - start;
    start = 0;
    end = 0;
  }

  /** Bytes buffered towards an incomplete frame. */
  public int buffered() {
    return end - start;
  }

  /** Bytes dropped so far as garbage (before a preamble, or by {@link #reset()}). */
  public long discardedBytes() {
    return discarded;
  }

  private void decode(List<Result> out) {
    while (true) {
      int p = findPreamble();
      if (p < 0) {
        // findPreamble reports a preamble split across chunks, so nothing here can start a frame.
        discarded += end - start;
        start = 0;
        end = 0;
        return;
      }
      discarded += p - start;
      start = p;
      if (end - start < SamFrames.HEADER_LENGTH) {
        return;
      }
      int lenField = ((buf[start + 5] & 0xFF) << 8) | (buf[start + 6] & 0xFF);
      if (lenField < minLen || lenField > maxLen) {
        out.add(new FrameError(FrameError.Kind.LENGTH, lenField,
            "LEN " + lenField + " outside " + minLen + ".." + maxLen));
        start += 1;
        continue;
      }
      int total = SamFrames.HEADER_LENGTH + lenField;
      if (end - start < total) {
        return;
      }
      int chk = buf[start + total - 1] & 0xFF;
      int expected = SamFrames.xor(buf, start + 5, start + total - 1);
      if (chk != expected) {
        out.add(new FrameError(FrameError.Kind.CHECKSUM, lenField,
            String.format("CHK %02X, expected %02X", chk, expected)));
        start += 1;
        continue;
      }
      int bodyFrom = start + SamFrames.HEADER_LENGTH;
      int bodyTo = start + total - 1;
      if (replies) {
        out.add(new SamReply(buf[bodyFrom], buf[bodyFrom + 1], buf[bodyFrom + 2],
            Arrays.copyOfRange(buf, bodyFrom + 3, bodyTo)));
      } else {
        out.add(new SamRequest(buf[bodyFrom], buf[bodyFrom + 1], Arrays.copyOfRange(buf, bodyFrom + 2, bodyTo)));
      }
      start += total;
    }
  }

  /** Index of the first full or partial (at the end of the buffer) preamble at or after start; -1 if none. */
  private int findPreamble() {
    outer:
    for (int i = start; i < end; i++) {
      for (int k = 0; k < 5; k++) {
        if (i + k >= end) {
          return i; // partial preamble at the end: wait for more
        }
        if (buf[i + k] != SamFrames.preambleByte(k)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void append(byte[] bytes, int off, int len) {
    if (start > 0 && end + len > buf.length) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end + len > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + len));
    }
    System.arraycopy(bytes, off, buf, end, len);
    end += len;
  }
}
