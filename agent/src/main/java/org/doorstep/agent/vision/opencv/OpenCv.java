package org.doorstep.agent.vision.opencv;

/**
 * Loads OpenCV's native library (org.openpnp's build: natives for every platform inside the jar) once per
 * process. Thread-safe; the first call takes about half a second (the library is unpacked to a temp folder).
 */
public final class OpenCv {
  private static volatile boolean loaded;
  private static volatile RuntimeException failure;

  private OpenCv() {}

  /**
   * Loads the natives if not done yet.
   *
   * @throws IllegalStateException when this platform has no OpenCV natives in the jar (the message says which)
   */
  public static void load() {
    if (loaded) {
      return;
    }
    synchronized (OpenCv.class) {
      if (loaded) {
        return;
      }
      if (failure != null) {
        throw failure;
      }
      try {
        nu.pattern.OpenCV.loadLocally();
        loaded = true;
      } catch (RuntimeException | LinkageError e) {
        failure = new IllegalStateException("OpenCV natives cannot be loaded on " + System.getProperty("os.name")
            + "/" + System.getProperty("os.arch") + ": " + e, e);
        throw failure;
      }
    }
  }

  /** Whether the natives can be loaded here (loads them). */
  public static boolean available() {
    try {
      load();
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }
}
