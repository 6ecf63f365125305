package org.doorstep.agent.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system for disk-full tests: a tmpfs of a few MiB mounted on a folder (needs root,
 * as in the CI container; without it the test is skipped with the reason), which {@link #fill()} fills to
 * the last byte with a filler file and {@link #free()} empties again. Closing unmounts it.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path mountPoint;
  private final Path filler;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.filler = mountPoint.resolve("filler.bin");
  }

  /** Mounts a tmpfs of {@code mib} MiB on {@code mountPoint} (created if missing). */
  public static SmallDisk mount(Path mountPoint, int mib) throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + mib + "m", "tmpfs", mountPoint.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    boolean done = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    assumeTrue(done, "a tmpfs cannot be mounted here (root needed): " + out.strip());
    return new SmallDisk(mountPoint);
  }

  /** The mounted folder. */
  public Path path() {
    return mountPoint;
  }

  /** Writes the filler file until the file system says it is full. */
  public void fill() throws IOException {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
    // The last partial chunk: byte by byte, so not a single byte stays free.
    try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
      }
    } catch (IOException full) {
      // full to the last byte
    }
  }

  /** Deletes the filler: space returns. */
  public void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  /** Free bytes now. */
  public long usableBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true).start()
        .waitFor(20, TimeUnit.SECONDS);
  }
}
