package org.doorstep.agent.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.Locale;
import org.doorstep.agent.device.serial.Pty;

/**
 * The guard every pty IT calls first. On Linux, the kiosks' platform and CI's, a pty must work: a failing
 * {@code openpty} fails the test with its cause instead of skipping it, so that a broken JNA or libc binding
 * cannot hide behind green builds. Only on other operating systems (Windows has no ptys) is the test skipped.
 */
public final class Ptys {
  private Ptys() {}

  /**
   * Fails the test on Linux when no pty can be opened; skips it elsewhere when {@link Pty#isSupported()} is false.
   */
  public static void requireOnLinux() {
    if (isLinux()) {
      try (Pty probe = Pty.open()) {
        probe.slavePath();
      } catch (IOException | LinkageError e) {
        throw new AssertionError("cannot open a pty on Linux, where the pty ITs must run (not skip): " + e, e);
      }
    } else {
      assumeTrue(Pty.isSupported(), "no pty on " + System.getProperty("os.name"));
    }
  }

  static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
  }
}
