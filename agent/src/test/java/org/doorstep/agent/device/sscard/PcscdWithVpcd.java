package org.doorstep.agent.device.sscard;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private pcscd (Debian pcscd 1.9.9) with one vsmartcard vpcd reader on a free port, for the interop tests.
 * pcsc-lite 1.9.9's daemon has a fixed socket ({@code /run/pcscd/pcscd.comm}, no PCSCLITE_CSOCK_NAME on the daemon
 * side) and one instance per host, so it runs as root and refuses to start while another pcscd is running; the
 * reader configuration is ours ({@code pcscd -c <dir>} with {@code DEVICENAME /dev/null:<port>}), so vpcd listens on
 * a port chosen here instead of its packaged 35963. Started in the foreground ({@code -f}), stopped by its PID.
 */
final class PcscdWithVpcd implements AutoCloseable {
  static final Path PCSCD = Path.of("/usr/sbin/pcscd");
  static final Path VPCD_DRIVER = Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so");
  static final Path PID_FILE = Path.of("/run/pcscd/pcscd.pid");
  /** vpcd names its first slot "Virtual PCD 00 00". */
  static final String READER = "Virtual PCD 00 00";

  private final Process process;
  private final int port;
  private final Path log;

  private PcscdWithVpcd(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts pcscd and waits until javax.smartcardio lists the virtual reader. */
  static PcscdWithVpcd start(Path dir) throws IOException {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(PCSCD)) {
      missing.add("pcscd");
    }
    if (!Files.exists(VPCD_DRIVER)) {
      missing.add("vsmartcard-vpcd");
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the social-security card interop test needs the Debian package(s) "
          + String.join(", ", missing) + " (.ci/run installs them)");
    }
    if (Files.exists(PID_FILE)) {
      String pid = Files.readString(PID_FILE).replaceAll("[^0-9]", "");   // pcscd writes the pid NUL-padded
      if (!pid.isEmpty() && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
        throw new IllegalStateException("another pcscd (pid " + pid + ") is running; pcsc-lite allows one per host");
      }
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path conf = Files.createDirectories(dir.resolve("reader.conf.d"));
    Files.writeString(conf.resolve("vpcd"), "FRIENDLYNAME \"Virtual PCD\"\nDEVICENAME   /dev/null:" + port
        + "\nLIBPATH      " + VPCD_DRIVER + "\nCHANNELID    " + port + "\n");
    Path log = dir.resolve("pcscd.log");
    Process p = new ProcessBuilder(PCSCD.toString(), "--foreground", "--apdu", "--info", "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PcscdWithVpcd d = new PcscdWithVpcd(p, port, log);
    try {
      await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> PcscTerminal.readerNames().contains(READER));
    } catch (RuntimeException e) {
      d.close();
      throw new IllegalStateException("pcscd did not offer the vpcd reader; its log:\n" + d.logText(), e);
    }
    return d;
  }

  /** The TCP port vpcd listens on for the virtual card. */
  int port() {
    return port;
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
