package org.doorstep.config.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The data-encryption key file of an agent or a fleet: one symmetric key for {@link EvidenceCipher},
 * as PEM, owner-only (0600), written atomically (the file either holds the whole key or does not exist).
 *
 * <pre>
 * -----BEGIN DOORSTEP DATA KEY-----
 * Algorithm: AES_256_GCM
 *
 * (base64 of the raw key: 32 bytes for AES-256, 16 for SM4)
 * -----END DOORSTEP DATA KEY-----
 * </pre>
 *
 * The algorithm is recorded with the key, so a suite switch on existing data is refused with a clear
 * message instead of failing every decryption later. A file key is as safe as the file system it is
 * on: production kiosks keep it on an encrypted partition or replace the file store with a hardware
 * one (PKCS#11 token, TPM-sealed blob) behind the same port. Blocking file I/O.
 */
public final class DataKeys {
  /** The PEM type of a data-key file. */
  public static final String PEM_TYPE = "DOORSTEP DATA KEY";
  /** The PEM header naming the {@link EvidenceCipher.Algorithm}. */
  public static final String ALGORITHM_HEADER = "Algorithm";

  private DataKeys() {}

  /**
   * The key in {@code file}, generating and writing a fresh {@code algorithm} key first when there is
   * no file.
   *
   * @return the key; its algorithm is {@code algorithm}
   * @throws CryptoException when the file exists but is unreadable, holds no data key, or holds a key of
   *     another algorithm (switching the suite of existing data is not done silently)
   */
  public static SecretKey loadOrCreate(Path file, EvidenceCipher.Algorithm algorithm) {
    if (Files.exists(file)) {
      Loaded loaded = read(file);
      if (loaded.algorithm() != algorithm) {
        throw new CryptoException("data key file " + file + " holds a " + loaded.algorithm() + " key but the suite"
            + " needs " + algorithm + ": data encrypted with the old key would become unreadable. Keep the old"
            + " suite, or purge the data and remove the key file to start afresh in the new suite");
      }
      return loaded.key();
    }
    SecretKey key = EvidenceCipher.generateKey(algorithm);
    write(file, algorithm, key);
    return key;
  }

  /** A key file's content. */
  public record Loaded(EvidenceCipher.Algorithm algorithm, SecretKey key) {}

  /**
   * Reads a data-key file.
   *
   * @throws CryptoException when it cannot be read or is not a data-key file of a known algorithm
   */
  public static Loaded read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new CryptoException("cannot read data key file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses data-key PEM text.
   *
   * @param source what to call the text in messages
   * @throws CryptoException when it is not a data-key PEM of a known algorithm and the right length
   */
  public static Loaded parse(String text, String source) {
    PemObject pem;
    try (PemReader r = new PemReader(new StringReader(text == null ? "" : text))) {
      pem = r.readPemObject();
    } catch (IOException | RuntimeException e) {
      throw new CryptoException("data key " + source + ": malformed PEM: " + e.getMessage(), e);
    }
    if (pem == null || !PEM_TYPE.equals(pem.getType())) {
      throw new CryptoException("data key " + source + ": expected a PEM '" + PEM_TYPE + "', found "
          + (pem == null ? "nothing" : "'" + pem.getType() + "'"));
    }
    String algName = null;
    for (Object h : pem.getHeaders()) {
      PemHeader header = (PemHeader) h;
      if (ALGORITHM_HEADER.equalsIgnoreCase(header.getName())) {
        algName = header.getValue();
      }
    }
    EvidenceCipher.Algorithm algorithm = null;
    for (EvidenceCipher.Algorithm a : EvidenceCipher.Algorithm.values()) {
      if (a.name().equals(algName)) {
        algorithm = a;
      }
    }
    if (algorithm == null) {
      throw new CryptoException("data key " + source + ": header '" + ALGORITHM_HEADER + "' is " + algName
          + ", must be one of " + List.of(EvidenceCipher.Algorithm.values()));
    }
    return new Loaded(algorithm, EvidenceCipher.keyFromBytes(algorithm, pem.getContent()));
  }

  /** PEM text of {@code key}. */
  public static String toPem(EvidenceCipher.Algorithm algorithm, SecretKey key) {
    byte[] raw = key.getEncoded();
    if (raw == null || raw.length != algorithm.keyBytes()) {
      throw new CryptoException(algorithm + " needs a " + algorithm.keyBytes() + "-byte key");
    }
    StringWriter out = new StringWriter();
    try (PemWriter w = new PemWriter(out)) {
      w.writeObject(new PemObject(PEM_TYPE, List.of(new PemHeader(ALGORITHM_HEADER, algorithm.name())), raw));
    } catch (IOException e) {
      throw new CryptoException("cannot encode data key as PEM", e);
    }
    return out.toString();
  }

  /** Writes {@code key} to {@code file}, 0600, atomically (temporary file, then rename). */
  public static void write(Path file, EvidenceCipher.Algorithm algorithm, SecretKey key) {
    String text = toPem(algorithm, key);
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp;
      if (posix()) {
        tmp = Files.createTempFile(dir, ".data-key", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        tmp = Files.createTempFile(dir, ".data-key", ".tmp");
      }
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new CryptoException("cannot write data key file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code file} can be read by others than its owner (group or world bits set). Always false
   * on file systems without POSIX permissions.
   */
  public static boolean readableByOthers(Path file) {
    if (!posix()) {
      return false;
    }
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
