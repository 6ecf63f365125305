package org.doorstep.agent.local.xfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens of the local API, read from files only the bank software's OS user can read.
 *
 * <p>{@code tokenFile} (default {@code <dataDir>/xfs4iot.token}) holds the token of the masked scope: ID
 * numbers and names in payloads are masked. The agent creates it with a fresh random token, mode 0600, when it
 * is missing; the site gives it to the bank software's user ({@code chown}). {@code tokenFile.personal}, if
 * present, holds the token of the personal-data scope (unmasked values); the agent never creates it, so
 * unmasked data needs a deliberate act by the site's administrator. A file that group or others may read is
 * refused (the API does not start): a token anyone on the machine can read protects nothing.
 *
 * <p>Blocking file I/O: call {@link #load} on a worker.
 */
public final class XfsTokens {
  /** The file name of the masked-scope token in the data folder when the config names none. */
  public static final String DEFAULT_FILE = "xfs4iot.token";
  /** Appended to the token file's name for the personal-data scope. */
  public static final String PERSONAL_SUFFIX = ".personal";

  /** What a presented token may see. */
  public enum Scope { MASKED, PERSONAL_DATA }

  private final byte[] masked;
  private final Optional<byte[]> personal;
  private final Path file;

  private XfsTokens(Path file, byte[] masked, Optional<byte[]> personal) {
    this.file = file;
    this.masked = masked;
    this.personal = personal;
  }

  /** Loads (creating the masked one if missing) the tokens. Fails with {@link IllegalStateException} on bad files. */
  public static XfsTokens load(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      byte[] masked = read(file);
      Path p = personalFile(file);
      Optional<byte[]> personal = Files.exists(p) ? Optional.of(read(p)) : Optional.empty();
      return new XfsTokens(file, masked, personal);
    } catch (IOException e) {
      throw new IllegalStateException("local API token file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The personal-data token file that goes with {@code file}. */
  public static Path personalFile(Path file) {
    return file.resolveSibling(file.getFileName() + PERSONAL_SUFFIX);
  }

  /** The masked-scope token file. */
  public Path file() {
    return file;
  }

  /**
   * The scope of an {@code Authorization} header value ({@code Bearer <token>}); empty when missing or wrong.
   * Compares in constant time.
   */
  public Optional<Scope> scopeOf(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (personal.isPresent() && MessageDigest.isEqual(personal.get(), presented)) {
      return Optional.of(Scope.PERSONAL_DATA);
    }
    return MessageDigest.isEqual(masked, presented) ? Optional.of(Scope.MASKED) : Optional.empty();
  }

  private static void create(Path file) throws IOException {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      if (posix(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException raced) {
      return;
    }
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
  }

  private static byte[] read(Path file) throws IOException {
    if (posix(file)) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
          throw new IOException("group or others may access it (" + PosixFilePermissions.toString(perms)
              + "): chmod 600 it");
        }
      }
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (token.length() < 16) {
      throw new IOException("the token must be at least 16 characters");
    }
    return token.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean posix(Path file) {
    return file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
