package org.doorstep.agent.vision.match;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.doorstep.config.crypto.EvidenceCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's local secret for personal files at rest (reference photos, evidence bytes): 32 random bytes
 * in {@value #FILE_NAME} in the agent's data directory (0600), generated on first use. Purpose keys are
 * derived from it with HMAC-SHA256, so one file serves the AES-256-GCM key and the key that names files
 * without showing ID numbers.
 *
 * <p>The key file is as sensitive as the device key: whoever reads both the data directory and this file
 * reads the photos. Wrapping it (TPM, OS key store) is the lead's shared evidence store's job.
 *
 * <p>Blocking file I/O: call at start-up or on a worker. Thread-safe once made.
 */
public final class DataDirKey {
  /** The key file in the data directory. */
  public static final String FILE_NAME = "local-secret.key";
  private static final int BYTES = 32;
  private static final Logger LOG = LoggerFactory.getLogger(DataDirKey.class);

  private final byte[] secret;

  private DataDirKey(byte[] secret) {
    this.secret = secret;
  }

  /**
   * The key in {@code dataDir}, generated (and the folder created) when there is none.
   *
   * @throws IllegalStateException when the file exists with another length (never silently replaced)
   * @throws UncheckedIOException when it cannot be read or written
   */
  public static DataDirKey loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        byte[] fresh = new byte[BYTES];
        new SecureRandom().nextBytes(fresh);
        try {
          Files.write(file, fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          restrict(file);
          LOG.info("generated the local secret for personal files at rest in {}", file);
          return new DataDirKey(fresh);
        } catch (FileAlreadyExistsException raced) {
          // another starter created it first: read theirs
        }
      }
      byte[] raw = Files.readAllBytes(file);
      if (raw.length != BYTES) {
        throw new IllegalStateException(file + " holds " + raw.length + " bytes, a local secret has " + BYTES
            + "; restore it from backup (photos and evidence sealed with it cannot be read otherwise)");
      }
      return new DataDirKey(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("local secret " + file + ": " + e.getMessage(), e);
    }
  }

  /** An AES-256-GCM cipher whose key is derived for {@code purpose} (e.g. {@code "reference-photos"}). */
  public EvidenceCipher cipher(String purpose) {
    byte[] k = derive("cipher:" + purpose);
    try {
      return new EvidenceCipher(EvidenceCipher.Algorithm.AES_256_GCM,
          EvidenceCipher.keyFromBytes(EvidenceCipher.Algorithm.AES_256_GCM, k));
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** An HMAC-SHA256 key derived for {@code purpose}, to name files after personal values. */
  public SecretKey macKey(String purpose) {
    byte[] k = derive("mac:" + purpose);
    try {
      return new SecretKeySpec(k, "HmacSHA256");
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  private byte[] derive(String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(("doorstep/v1/" + label).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      LOG.debug("{}: file system without POSIX permissions, left as created", file);
    }
  }

  @Override
  public String toString() {
    return "DataDirKey[" + FILE_NAME + "]";
  }
}
