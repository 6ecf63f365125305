package org.doorstep.agent.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.crypto.SecretKey;
import org.doorstep.config.crypto.DataKeys;
import org.doorstep.config.crypto.EvidenceCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DataKeyStore} in a file: {@value #FILE_NAME} in the data directory, PEM ({@link DataKeys}),
 * owner-only (0600), written atomically. File I/O runs on a Vert.x worker. A key file others can read
 * is used, with a WARN naming it.
 */
public final class FileDataKeyStore implements DataKeyStore {
  /** The key file in the data directory. */
  public static final String FILE_NAME = "data-key.pem";

  private static final Logger LOG = LoggerFactory.getLogger(FileDataKeyStore.class);

  private final Vertx vertx;
  private final Path file;

  /** A store of {@value #FILE_NAME} in {@code dataDir}. */
  public FileDataKeyStore(Vertx vertx, Path dataDir) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.file = dataDir.resolve(FILE_NAME);
  }

  /** The key file. */
  public Path file() {
    return file;
  }

  @Override
  public Future<SecretKey> dataKey(EvidenceCipher.Algorithm algorithm) {
    Objects.requireNonNull(algorithm, "algorithm");
    return vertx.executeBlocking(() -> {
      boolean existed = Files.exists(file);
      SecretKey key = DataKeys.loadOrCreate(file, algorithm);
      if (!existed) {
        LOG.info("generated {} data key in {}", algorithm, file);
      } else if (DataKeys.readableByOthers(file)) {
        LOG.warn("data key file {} is readable by group or others: chmod 600 it", file);
      }
      return key;
    });
  }
}
