/**
 * Serial transport shared by the serial peripherals (ID card reader, receipt printer).
 *
 * <ul>
 *   <li>{@link org.doorstep.agent.device.serial.SerialLink}: one open serial port (jSerialComm, 8N1, no flow
 *       control) with deadline-bounded reads. A driver owns one link and uses it from ONE thread, its
 *       single-thread worker ({@code vertx.createSharedWorkerExecutor("idcard-…", 1)}), so frames never
 *       interleave.</li>
 *   <li>{@link org.doorstep.agent.device.serial.Pty}: a pseudo-terminal pair made with libc {@code openpty}
 *       through JNA. A protocol simulator plays the device on the master side; the driver under test opens
 *       {@link org.doorstep.agent.device.serial.Pty#slavePath()} with {@code SerialLink}, exactly as it would
 *       open {@code /dev/ttyUSB0}. No socat, no external process.</li>
 *   <li>{@link org.doorstep.agent.device.serial.Deadline}: a monotonic point in time that bounds a whole
 *       exchange (write, then read until a frame is complete).</li>
 * </ul>
 *
 * <p>Failures are {@link org.doorstep.agent.device.DeviceException}s: {@code NOT_CONNECTED} when the port
 * cannot be opened or the peer went away. A read that reaches its deadline is not a failure: it returns 0 and
 * the protocol layer decides (retry, or {@code TIMEOUT}). Nothing here logs payload bytes.
 *
 * <p>Pty facts measured on Linux (see {@code PtyTest}): data is byte-exact in both directions in raw mode; a
 * pty ignores the configured baud rate (it delivers as fast as the reader reads), so simulators that want
 * realistic line time pace their own writes.
 */
package org.doorstep.agent.device.serial;
