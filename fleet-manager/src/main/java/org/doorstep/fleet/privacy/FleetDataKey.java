package org.doorstep.fleet.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DataKeys;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.fleet.config.FleetConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's data-encryption key: {@link FleetConfig#dataKeyFile()} (PEM, 0600, {@link DataKeys}),
 * generated on first start for the suite's cipher (AES-256 or SM4). Every fleet instance sharing one
 * PostgreSQL database needs the same key file. Blocking file I/O: call from a worker or a CLI.
 */
public final class FleetDataKey {
  private static final Logger LOG = LoggerFactory.getLogger(FleetDataKey.class);

  private FleetDataKey() {}

  /**
   * The cipher of {@code config}'s suite with the key in its data-key file, creating the file first.
   *
   * @throws org.doorstep.config.crypto.CryptoException when the file is unreadable or holds a key of
   *     another suite
   */
  public static EvidenceCipher loadOrCreate(FleetConfig config) {
    CryptoSuite suite = config.security().suite();
    Path file = config.dataKeyFile();
    boolean existed = Files.exists(file);
    EvidenceCipher cipher = EvidenceCipher.of(suite, DataKeys.loadOrCreate(file, suite.cipherAlgorithm()));
    if (!existed) {
      LOG.info("Fleet data key ({}) created in {}", suite.cipherAlgorithm(), file);
    } else if (DataKeys.readableByOthers(file)) {
      LOG.warn("Fleet data key file {} is readable by group or others: chmod 600 it", file);
    }
    return cipher;
  }
}
