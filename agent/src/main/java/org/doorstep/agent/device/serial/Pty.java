package org.doorstep.agent.device.serial;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A pseudo-terminal pair made with libc {@code openpty(3)} through JNA: the device end for simulators
 * (the master file descriptor, used through {@link #read}/{@link #write} or the stream views) and a
 * {@link #slavePath() slave path} that a driver opens like any serial device.
 *
 * <p>The slave is put in raw mode (no echo, no line editing, no CR/LF translation) before anyone opens
 * it, and this object keeps its own slave descriptor open until {@link #close()}, so the master never
 * sees EIO/hang-up while a driver closes and re-opens the port.
 *
 * <p>Threads: one reader thread and one writer thread may use the master at the same time; {@link
 * #close()} may be called from any thread and makes blocked reads return -1 within about {@value
 * #POLL_SLICE_MS} ms. A pty has no line timing: bytes arrive as fast as the other end reads, whatever
 * baud rate the slave is configured for.
 *
 * <p>Linux (glibc, musl) and macOS; {@link #isSupported()} says whether this platform has one.
 */
public final class Pty implements AutoCloseable {
  /** Longest time a blocked read or write waits before it re-checks {@link #close()}. */
  static final int POLL_SLICE_MS = 50;

  private static final short POLLIN = 0x1;
  private static final short POLLOUT = 0x4;
  private static final int EINTR = 4;
  private static final int EAGAIN = Platform.isMac() ? 35 : 11;
  private static final int F_GETFL = 3;
  private static final int F_SETFL = 4;
  private static final int O_NONBLOCK = Platform.isMac() ? 0x4 : 04000;
  private static final int TCSANOW = 0;

  /** The subset of libc we use. */
  interface LibC extends Library {
    int openpty(IntByReference master, IntByReference slave, Pointer name, Pointer termios, Pointer winsize);

    int ptsname_r(int fd, byte[] buf, NativeLong len);

    int close(int fd);

    NativeLong read(int fd, Pointer buf, NativeLong count);

    NativeLong write(int fd, Pointer buf, NativeLong count);

    int poll(Pointer fds, NativeLong nfds, int timeoutMs);

    int fcntl(int fd, int cmd, int arg);

    int tcgetattr(int fd, Pointer termios);

    int tcsetattr(int fd, int optionalActions, Pointer termios);

    void cfmakeraw(Pointer termios);

    int cfgetospeed(Pointer termios);
  }

  private static final class Holder {
    static final LibC LIBC = Native.load("c", LibC.class);
  }

  private final int master;
  private final int slave;
  private final String slavePath;
  private final Object readLock = new Object();
  private final Object writeLock = new Object();
  private volatile boolean closed;

  private Pty(int master, int slave, String slavePath) {
    this.master = master;
    this.slave = slave;
    this.slavePath = slavePath;
  }

  /** Whether {@link #open()} can work here (a Unix with libc {@code openpty}). */
  public static boolean isSupported() {
    if (Platform.isWindows()) {
      return false;
    }
    try {
      return Holder.LIBC != null;
    } catch (Throwable e) {
      return false;
    }
  }

  /**
   * Opens a new pty pair with the slave in raw mode.
   *
   * @throws IOException when the platform has no ptys or libc refuses (out of ptys)
   */
  public static Pty open() throws IOException {
    if (Platform.isWindows()) {
      throw new IOException("no pseudo-terminals on this platform (libc openpty not available)");
    }
    LibC c;
    try {
      c = Holder.LIBC;
    } catch (LinkageError e) {
      throw new IOException("libc openpty not available: " + e, e);
    }
    IntByReference m = new IntByReference();
    IntByReference s = new IntByReference();
    if (c.openpty(m, s, null, null, null) != 0) {
      throw new IOException("openpty failed, errno " + Native.getLastError());
    }
    int master = m.getValue();
    int slave = s.getValue();
    try {
      byte[] name = new byte[256];
      if (c.ptsname_r(master, name, new NativeLong(name.length)) != 0) {
        throw new IOException("ptsname_r failed, errno " + Native.getLastError());
      }
      int nul = 0;
      while (nul < name.length && name[nul] != 0) {
        nul++;
      }
      String path = new String(name, 0, nul, StandardCharsets.US_ASCII);
      Memory termios = new Memory(256);
      termios.clear();
      if (c.tcgetattr(slave, termios) == 0) {
        c.cfmakeraw(termios);
        c.tcsetattr(slave, TCSANOW, termios);
      }
      int flags = c.fcntl(master, F_GETFL, 0);
      if (flags < 0 || c.fcntl(master, F_SETFL, flags | O_NONBLOCK) < 0) {
        throw new IOException("fcntl O_NONBLOCK failed, errno " + Native.getLastError());
      }
      return new Pty(master, slave, path);
    } catch (IOException | RuntimeException e) {
      c.close(master);
      c.close(slave);
      throw e;
    }
  }

  /** The device path for the driver side, e.g. {@code /dev/pts/3}. */
  public String slavePath() {
    return slavePath;
  }

  /**
   * The output speed currently configured on the slave (what the driver set with its serial library), in
   * bits per second; empty when it cannot be read or is not a standard rate. A pty does not enforce it,
   * but a simulator can refuse frames sent at the wrong rate, as a real device would.
   */
  public OptionalInt slaveBaud() {
    if (closed) {
      return OptionalInt.empty();
    }
    Memory termios = new Memory(256);
    termios.clear();
    if (Holder.LIBC.tcgetattr(slave, termios) != 0) {
      return OptionalInt.empty();
    }
    int speed = Holder.LIBC.cfgetospeed(termios);
    if (Platform.isMac()) {
      return speed > 0 ? OptionalInt.of(speed) : OptionalInt.empty(); // macOS speed_t is the rate itself
    }
    return switch (speed) { // Linux <asm-generic/termbits.h>
      case 0000015 -> OptionalInt.of(9600);
      case 0000016 -> OptionalInt.of(19200);
      case 0000017 -> OptionalInt.of(38400);
      case 0010001 -> OptionalInt.of(57600);
      case 0010002 -> OptionalInt.of(115200);
      case 0010003 -> OptionalInt.of(230400);
      default -> OptionalInt.empty();
    };
  }

  /**
   * Reads what the driver wrote, waiting at most {@code timeout}.
   *
   * @return bytes read (at least 1), 0 when {@code timeout} passed with nothing to read, -1 once closed
   * @throws IOException on a libc error
   */
  public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (len == 0) {
      return 0;
    }
    Deadline deadline = Deadline.in(timeout);
    do {
      synchronized (readLock) {
        if (closed) {
          return -1;
        }
        int slice = (int) Math.min(POLL_SLICE_MS, deadline.remainingMs());
        if (poll(POLLIN, slice)) {
          Memory mem = new Memory(len);
          long n = Holder.LIBC.read(master, mem, new NativeLong(len)).longValue();
          if (n > 0) {
            mem.read(0, buf, off, (int) n);
            return (int) n;
          }
          int errno = Native.getLastError();
          if (n < 0 && errno != EAGAIN && errno != EINTR) {
            throw new IOException("read from pty master failed, errno " + errno);
          }
        }
      }
    } while (!deadline.expired());
    return 0;
  }

  /**
   * Writes all of {@code buf[off, off+len)} for the driver to read, waiting while the pty buffer is full.
   *
   * @throws IOException when closed, or on a libc error
   */
  public void write(byte[] buf, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, buf.length);
    synchronized (writeLock) {
      Memory mem = len == 0 ? null : new Memory(len);
      if (mem != null) {
        mem.write(0, buf, off, len);
      }
      int done = 0;
      while (done < len) {
        if (closed) {
          throw new IOException("pty closed");
        }
        if (!poll(POLLOUT, POLL_SLICE_MS)) {
          continue;
        }
        long n = Holder.LIBC.write(master, mem.share(done), new NativeLong(len - done)).longValue();
        if (n > 0) {
          done += (int) n;
        } else {
          int errno = Native.getLastError();
          if (errno != EAGAIN && errno != EINTR) {
            throw new IOException("write to pty master failed, errno " + errno);
          }
        }
      }
    }
  }

  /** Writes all of {@code bytes}. */
  public void write(byte[] bytes) throws IOException {
    write(bytes, 0, bytes.length);
  }

  /** The master's input as a blocking stream: {@code read} waits for data and returns -1 once closed. */
  public InputStream masterInput() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (true) {
          int n = Pty.this.read(b, off, len, Duration.ofSeconds(1));
          if (n != 0) {
            return n;
          }
          if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while reading the pty master");
          }
        }
      }
    };
  }

  /** The master's output as a stream: each write is passed on whole. */
  public OutputStream masterOutput() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        Pty.this.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        Pty.this.write(b, off, len);
      }
    };
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Closes both ends; the driver side then reads end-of-stream/errors. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (readLock) {
      synchronized (writeLock) {
        Holder.LIBC.close(master);
        Holder.LIBC.close(slave);
      }
    }
  }

  /** poll(2) on the master for {@code events}; true when ready. Caller holds a lock and checked closed. */
  private boolean poll(short events, int timeoutMs) throws IOException {
    Memory fds = new Memory(8); // struct pollfd { int fd; short events; short revents; }
    fds.setInt(0, master);
    fds.setShort(4, events);
    fds.setShort(6, (short) 0);
    int r = Holder.LIBC.poll(fds, new NativeLong(1), Math.max(0, timeoutMs));
    if (r < 0) {
      int errno = Native.getLastError();
      if (errno == EINTR) {
        return false;
      }
      throw new IOException("poll on pty master failed, errno " + errno);
    }
    return r > 0 && (fds.getShort(6) & events) != 0;
  }

  @Override
  public String toString() {
    return "Pty[" + slavePath + (closed ? ", closed" : "") + "]";
  }
}
