package org.doorstep.agent.vision.match;

/**
 * Loads OpenCV's native library (bundled in the org.openpnp jar for Linux, Windows and macOS) once per
 * JVM. Every class here that touches {@code org.opencv} calls {@link #load()} first.
 */
public final class OpenCvLibrary {
  private OpenCvLibrary() {}

  /**
   * Loads the natives (extracted to a temporary folder on first use); later calls return at once.
   *
   * @throws IllegalStateException when this platform has no bundled library
   */
  public static void load() {
    Holder.touch();
  }

  private static final class Holder {
    static {
      try {
        nu.pattern.OpenCV.loadLocally();
      } catch (RuntimeException | LinkageError e) {
        throw new IllegalStateException("OpenCV natives could not be loaded on "
            + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e.getMessage(), e);
      }
    }

    static void touch() {
      // class initialisation does the work, exactly once
    }
  }
}
