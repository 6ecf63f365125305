package org.doorstep.agent.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config bundles on disk, in {@code <dataDir>/}{@value #DIR}: {@value #CURRENT} (the signed bundle
 * in force, exactly as received) and {@value #LAST_KNOWN_GOOD} (the one before it). The files are the
 * signed envelopes themselves, so they are verified again at every start: a file altered at rest is
 * refused like a tampered message.
 *
 * <p><b>Atomicity.</b> Every file is replaced by writing a temporary file in the same directory,
 * {@code fsync}ing it, renaming it over the target ({@code ATOMIC_MOVE}) and {@code fsync}ing the
 * directory. {@link #install} first copies the current bundle to the last-known-good slot that way, then
 * moves the staged new bundle over the current one: a crash at any point leaves {@value #CURRENT} either
 * the old or the new bundle, never a mix, and {@link #open} deletes a staged file that was never
 * renamed.
 *
 * <p>Blocking file I/O: call from a worker. Not thread-safe; one owner.
 */
public final class ConfigSlots {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigSlots.class);
  /** Directory inside the data directory. */
  public static final String DIR = "config";
  /** The bundle in force. */
  public static final String CURRENT = "current.json";
  /** The bundle in force before {@link #CURRENT}. */
  public static final String LAST_KNOWN_GOOD = "last-known-good.json";
  /** A new bundle written but not yet renamed into place. */
  static final String STAGED = "staged.json.tmp";

  private final Path dir;

  private ConfigSlots(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens the slots in {@code dataDir}, creating the directory, and removes a staged file left by a
   * crash between write and rename (the previous bundle stays in force).
   *
   * @throws RemoteException {@code STORE} when the directory cannot be created
   */
  public static ConfigSlots open(Path dataDir) {
    Path dir = dataDir.resolve(DIR);
    try {
      Files.createDirectories(dir);
      for (String leftover : new String[] {STAGED, CURRENT + ".tmp", LAST_KNOWN_GOOD + ".tmp"}) {
        if (Files.deleteIfExists(dir.resolve(leftover))) {
          LOG.warn("config: removed {} left by an interrupted config change; the previous config stays in force",
              leftover);
        }
      }
    } catch (IOException e) {
      throw new RemoteException(RemoteException.Reason.STORE, "cannot open " + dir + ": " + e.getMessage(), e);
    }
    return new ConfigSlots(dir);
  }

  /** The directory of the slots. */
  public Path dir() {
    return dir;
  }

  /** The bundle in force; empty when none was ever installed (the local config alone is in force). */
  public Optional<byte[]> current() {
    return read(CURRENT);
  }

  /** The previous bundle; empty when there is none. */
  public Optional<byte[]> lastKnownGood() {
    return read(LAST_KNOWN_GOOD);
  }

  /**
   * Makes {@code bundle} the current one and the former current one the last known good, each step
   * atomic (see the class comment).
   */
  public void install(byte[] bundle) {
    Objects.requireNonNull(bundle, "bundle");
    stage(bundle);
    commitStaged();
  }

  /**
   * The first half of {@link #install}: the new bundle written and synced beside the slots, not yet in
   * force. A crash after this leaves the previous bundle in force.
   */
  void stage(byte[] bundle) {
    writeSynced(dir.resolve(STAGED), bundle);
  }

  /** The second half of {@link #install}: keep the current as last known good, move the staged one in. */
  void commitStaged() {
    Optional<byte[]> old = current();
    if (old.isPresent()) {
      replace(LAST_KNOWN_GOOD, old.get());
    }
    move(dir.resolve(STAGED), dir.resolve(CURRENT));
  }

  /**
   * Goes back to the last known good: it becomes current again (and stays the last known good). With
   * no last known good, the current bundle is removed and the local config alone is in force.
   *
   * @return the bundle now in force, empty for the local config alone
   */
  public Optional<byte[]> rollback() {
    Optional<byte[]> lkg = lastKnownGood();
    if (lkg.isPresent()) {
      replace(CURRENT, lkg.get());
    } else {
      try {
        Files.deleteIfExists(dir.resolve(CURRENT));
        syncDir();
      } catch (IOException e) {
        throw new RemoteException(RemoteException.Reason.STORE, "cannot remove " + dir.resolve(CURRENT) + ": "
            + e.getMessage(), e);
      }
    }
    return lkg;
  }

  private Optional<byte[]> read(String name) {
    Path f = dir.resolve(name);
    try {
      return Files.exists(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
    } catch (IOException e) {
      throw new RemoteException(RemoteException.Reason.STORE, "cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  private void replace(String name, byte[] bytes) {
    Path tmp = dir.resolve(name + ".tmp");
    writeSynced(tmp, bytes);
    move(tmp, dir.resolve(name));
  }

  private static void writeSynced(Path file, byte[] bytes) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } catch (IOException e) {
      throw new RemoteException(RemoteException.Reason.STORE, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void move(Path from, Path to) {
    try {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // Same directory: only exotic file systems refuse; a plain replace is the best they offer.
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDir();
    } catch (IOException e) {
      throw new RemoteException(RemoteException.Reason.STORE, "cannot rename " + from + " to " + to + ": "
          + e.getMessage(), e);
    }
  }

  /** Makes the rename itself durable (POSIX: fsync the directory). */
  private void syncDir() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory for reading; the rename is still atomic there.
      LOG.debug("config: cannot fsync {}: {}", dir, e.getMessage());
    }
  }
}
