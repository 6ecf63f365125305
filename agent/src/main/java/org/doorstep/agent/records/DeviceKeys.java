package org.doorstep.agent.records;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's signing key in its data directory: {@value #PRIVATE_KEY_FILE} (PKCS#8 PEM, 0600) and
 * {@value #PUBLIC_KEY_FILE} beside it (what an operator registers with the fleet). Generated on first
 * boot, reused after. Blocking file I/O: call at start-up or from a worker.
 */
public final class DeviceKeys {
  public static final String PRIVATE_KEY_FILE = "device-key.pem";
  public static final String PUBLIC_KEY_FILE = "device-key.pub.pem";

  private static final Logger LOG = LoggerFactory.getLogger(DeviceKeys.class);

  private DeviceKeys() {}

  /** The private key file in {@code dataDir}. */
  public static Path privateKeyFile(Path dataDir) {
    return dataDir.resolve(PRIVATE_KEY_FILE);
  }

  /** The public key file in {@code dataDir}. */
  public static Path publicKeyFile(Path dataDir) {
    return dataDir.resolve(PUBLIC_KEY_FILE);
  }

  /**
   * The signer of the key in {@code dataDir}, generating a {@code algorithm} key first when there is
   * none. An existing key is used whatever its algorithm (a key is never silently replaced); the public
   * key file is rewritten when missing.
   *
   * @throws org.doorstep.config.crypto.CryptoException when the key file exists but cannot be read
   */
  public static Signer loadOrCreate(Path dataDir, SignatureAlgorithm algorithm) {
    Path priv = privateKeyFile(dataDir);
    Path pub = publicKeyFile(dataDir);
    KeyPair pair;
    if (Files.exists(priv)) {
      pair = Keys.readKeyPair(priv);
    } else {
      pair = Keys.generate(algorithm);
      Keys.writePrivateKey(priv, pair.getPrivate());
      LOG.info("generated {} device key in {}", algorithm.wireName(), priv);
    }
    if (!Files.exists(pub)) {
      Keys.writePublicKey(pub, pair.getPublic());
    }
    return new Signer(pair);
  }
}
