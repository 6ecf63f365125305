package org.doorstep.agent.vision.document;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.vision.match.DataDirKey;
import org.doorstep.config.contract.CertificationRecord.Evidence;
import org.doorstep.config.crypto.EvidenceCipher;

/**
 * {@link EvidenceKeeper} as AES-256-GCM files named by the SHA-256 of their plain bytes in {@value
 * #FOLDER} of the data directory; the hash is the associated data, so a file renamed to another hash
 * fails authentication. Written to a temporary file and moved into place atomically. File work runs on
 * the shared worker {@value #WORKER}.
 *
 * <p>Purging after the fleet's ack and {@code policy.retention} belongs to the shared evidence store the
 * lead will put behind {@link EvidenceKeeper}; this class keeps what it is given.
 */
public final class SealedFileEvidenceKeeper implements EvidenceKeeper {
  /** Folder in the data directory. */
  public static final String FOLDER = "evidence";
  /** Name of the worker pool. */
  public static final String WORKER = "evidence-files";
  private static final String SUFFIX = ".sealed";
  private static final String PURPOSE = "evidence";

  private final WorkerExecutor worker;
  private final Path dir;
  private final EvidenceCipher cipher;

  public SealedFileEvidenceKeeper(Vertx vertx, Path dataDir, DataDirKey key) {
    this.worker = Objects.requireNonNull(vertx, "vertx").createSharedWorkerExecutor(WORKER, 1);
    this.dir = Objects.requireNonNull(dataDir, "dataDir").resolve(FOLDER);
    this.cipher = Objects.requireNonNull(key, "key").cipher(PURPOSE);
  }

  @Override
  public Future<Evidence> keep(String kind, byte[] bytes) {
    if (kind == null || kind.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("kind: required"));
    }
    if (bytes == null || bytes.length == 0) {
      return Future.failedFuture(new IllegalArgumentException("bytes: evidence must not be empty"));
    }
    byte[] copy = bytes.clone();
    String sha = sha256(copy);
    return worker.executeBlocking(() -> {
      Path file = dir.resolve(sha + SUFFIX);
      if (!Files.exists(file)) {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "keep-", ".tmp");
        try {
          Files.write(tmp, cipher.sealToBytes(copy, sha.getBytes(StandardCharsets.US_ASCII)));
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      java.util.Arrays.fill(copy, (byte) 0);
      return new Evidence(kind, sha, bytes.length);
    }, false);
  }

  @Override
  public Future<Optional<byte[]>> read(String sha256) {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      return Future.failedFuture(new IllegalArgumentException("sha256: must be 64 lower-case hex digits"));
    }
    return worker.executeBlocking(() -> {
      Path file = dir.resolve(sha256 + SUFFIX);
      if (!Files.exists(file)) {
        return Optional.<byte[]>empty();
      }
      return Optional.of(cipher.openBytes(Files.readAllBytes(file), sha256.getBytes(StandardCharsets.US_ASCII)));
    }, false);
  }

  /** The folder the files are in. */
  public Path folder() {
    return dir;
  }

  /** SHA-256 of {@code b}, 64 lower-case hex digits. */
  public static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
