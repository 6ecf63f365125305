package org.doorstep.agent.device.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.util.Objects;
import java.util.Set;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.model.DeviceFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open serial port (jSerialComm): 8 data bits, no parity, 1 stop bit, no flow control, raw mode.
 *
 * <p>Threads: NOT thread-safe. A driver owns one link and calls it from its single-thread worker only,
 * so requests and replies never interleave; {@link #close()} is the one method that may come from another
 * thread (it makes a pending read return).
 *
 * <p>Failures: {@link DeviceException} with {@link DeviceFault#NOT_CONNECTED} when the port cannot be
 * opened or configured, or when the device went away (jSerialComm reports -1, e.g. a USB adapter unplugged
 * or a simulator's pty closed). Reaching a read deadline is not a failure: {@link #read} returns 0.
 *
 * <p>Logging: open/close at DEBUG with the path as given (jSerialComm resolves symlinks; we keep the
 * configured name). Payload bytes are never logged here; protocol layers log frames at TRACE, masked.
 */
public final class SerialLink implements AutoCloseable {
  /** The rates GA/T 467 readers and ESC/POS printers use. */
  public static final Set<Integer> STANDARD_BAUDS = Set.of(9600, 19200, 38400, 57600, 115200);

  private static final Logger LOG = LoggerFactory.getLogger(SerialLink.class);

  private final SerialPort port;
  private final String path;
  private int baud;
  private long readTimeoutMsSet = -1;

  private SerialLink(SerialPort port, String path, int baud) {
    this.port = port;
    this.path = path;
    this.baud = baud;
  }

  /**
   * Opens {@code path} (a device such as {@code /dev/ttyUSB0}, a symlink, or a {@link Pty#slavePath()}) at
   * {@code baud} 8N1.
   *
   * @throws DeviceException {@code NOT_CONNECTED} when the path does not exist, is busy (jSerialComm opens
   *     exclusively: a second open in the same JVM fails) or refuses the settings
   * @throws IllegalArgumentException when {@code baud} is not positive
   */
  public static SerialLink open(String path, int baud) {
    Objects.requireNonNull(path, "path");
    if (baud <= 0) {
      throw new IllegalArgumentException("baud: must be positive, was " + baud);
    }
    SerialPort port;
    try {
      port = SerialPort.getCommPort(path);
    } catch (RuntimeException e) { // SerialPortInvalidPortException for a missing path
      throw new DeviceException(DeviceFault.NOT_CONNECTED, "serial port " + path + " does not exist");
    }
    port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
    port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
    // Do not judge by getLastErrorCode(): on a pty it is ENOTTY after a successful open (harmless ioctl).
    if (!port.openPort()) {
      throw new DeviceException(DeviceFault.NOT_CONNECTED,
          "serial port " + path + " could not be opened (missing, busy or no permission)");
    }
    LOG.debug("serial port {} open at {} 8N1", path, baud);
    return new SerialLink(port, path, baud);
  }

  /** The path this link was opened with. */
  public String path() {
    return path;
  }

  /** The configured rate in bits per second. */
  public int baud() {
    return baud;
  }

  /** Whether the port is open (it stays "open" after the device went away; reads then fail). */
  public boolean isOpen() {
    return port.isOpen();
  }

  /**
   * Changes the line rate (after the device acknowledged its own switch, e.g. SAM {@code 60 0x}).
   *
   * @throws DeviceException {@code NOT_CONNECTED} when the port refuses the rate
   */
  public void setBaud(int newBaud) {
    if (newBaud <= 0) {
      throw new IllegalArgumentException("baud: must be positive, was " + newBaud);
    }
    if (!port.setBaudRate(newBaud)) {
      throw new DeviceException(DeviceFault.NOT_CONNECTED, "serial port " + path + " refused " + newBaud + " baud");
    }
    LOG.debug("serial port {} now at {} baud", path, newBaud);
    baud = newBaud;
  }

  /**
   * Writes all of {@code bytes}.
   *
   * @throws DeviceException {@code NOT_CONNECTED} when the device went away
   */
  public void write(byte[] bytes) {
    int done = 0;
    while (done < bytes.length) {
      int n = port.writeBytes(bytes, bytes.length - done, done);
      if (n <= 0) {
        throw new DeviceException(DeviceFault.NOT_CONNECTED, "serial port " + path + ": write failed (device gone?)");
      }
      done += n;
    }
  }

  /**
   * Reads what has arrived, waiting until at least one byte is there or {@code deadline} passes.
   *
   * @return the number of bytes put at the start of {@code buf} (at least 1), or 0 when the deadline passed
   * @throws DeviceException {@code NOT_CONNECTED} when the device went away
   */
  public int read(byte[] buf, Deadline deadline) {
    return read(buf, 0, buf.length, deadline);
  }

  /** As {@link #read(byte[], Deadline)}, into {@code buf[off, off+len)}. */
  public int read(byte[] buf, int off, int len, Deadline deadline) {
    Objects.checkFromIndexSize(off, len, buf.length);
    long ms = deadline.remainingMs();
    if (ms <= 0 || len == 0) {
      return 0;
    }
    if (ms != readTimeoutMsSet) {
      // Semi-blocking: return as soon as anything arrived, or 0 after ms (0 would mean "forever").
      port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, (int) Math.min(ms, Integer.MAX_VALUE), 0);
      readTimeoutMsSet = ms;
    }
    int n = port.readBytes(buf, len, off);
    if (n < 0) {
      throw new DeviceException(DeviceFault.NOT_CONNECTED, "serial port " + path + ": read failed (device gone?)");
    }
    return n;
  }

  /**
   * Drops everything received but not yet read (stale replies before a resend).
   *
   * @return the number of bytes dropped
   */
  public int discardInput() {
    int dropped = 0;
    byte[] scratch = new byte[512];
    int available;
    while ((available = port.bytesAvailable()) > 0) {
      int n = port.readBytes(scratch, Math.min(available, scratch.length));
      if (n <= 0) {
        break;
      }
      dropped += n;
    }
    return dropped;
  }

  /** Closes the port. Idempotent. */
  @Override
  public void close() {
    if (port.isOpen()) {
      port.closePort();
      LOG.debug("serial port {} closed", path);
    }
  }

  @Override
  public String toString() {
    return "SerialLink[" + path + ", " + baud + " 8N1" + (port.isOpen() ? "" : ", closed") + "]";
  }
}
