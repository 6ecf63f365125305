package org.doorstep.fleet.rollout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's config key: signs config bundles and commands (docs/wire-protocol.md section 8). Kept in
 * the fleet data directory as {@value #PRIVATE_FILE} (PKCS#8 PEM, 0600) and {@value #PUBLIC_FILE} (the
 * public key PEM that every agent trusts, as its {@code fleet.configKeyFile}). Created on first start with
 * the algorithm of the deployment's crypto suite (Ed25519, or SM2-SM3 in SM mode); to import an existing
 * key, use {@link #importKey} (CLI {@code fleet-manager config import-key}) before the first start.
 *
 * <p>Blocking file I/O: call from {@code main}, a worker or {@code executeBlocking}.
 */
public final class FleetConfigKey {
  private static final Logger LOG = LoggerFactory.getLogger(FleetConfigKey.class);
  /** The private key file in the fleet data directory. */
  public static final String PRIVATE_FILE = "fleet-config-key.pem";
  /** The public key file in the fleet data directory (the agents' {@code fleet-config-key.pub.pem}). */
  public static final String PUBLIC_FILE = "fleet-config-key.pub.pem";

  private FleetConfigKey() {}

  /**
   * Loads the key from {@code dir}, or creates one of {@code suite}'s algorithm there.
   *
   * @throws CryptoException when the file exists but cannot be read, or cannot be written
   */
  public static Signer loadOrCreate(Path dir, CryptoSuite suite) {
    Path priv = dir.resolve(PRIVATE_FILE);
    KeyPair pair;
    if (Files.exists(priv)) {
      pair = Keys.readKeyPair(priv);
      LOG.info("Fleet config key loaded from {} ({})", priv, Keys.algorithmOf(pair.getPublic()).wireName());
    } else {
      pair = Keys.generate(suite.signatureAlgorithm());
      Keys.writePrivateKey(priv, pair.getPrivate());
      LOG.info("Fleet config key created in {} ({})", priv, suite.signatureAlgorithm().wireName());
    }
    Keys.writePublicKey(dir.resolve(PUBLIC_FILE), pair.getPublic());
    return new Signer(pair);
  }

  /** Replaces the key in {@code dir} by {@code privateKeyPem} (PKCS#8 PEM, Ed25519 or SM2). */
  public static Signer importKey(Path dir, String privateKeyPem) {
    KeyPair pair = Keys.keyPairFromPem(privateKeyPem);
    Keys.writePrivateKey(dir.resolve(PRIVATE_FILE), pair.getPrivate());
    Keys.writePublicKey(dir.resolve(PUBLIC_FILE), pair.getPublic());
    LOG.info("Fleet config key imported into {}", dir);
    return new Signer(pair);
  }

  /** The public key file in {@code dir}. */
  public static Path publicKeyFile(Path dir) {
    return dir.resolve(PUBLIC_FILE);
  }

  /** The public key as PEM (what an agent installs as its {@code fleet.configKeyFile}). */
  public static String publicKeyPem(PublicKey key) {
    return Keys.toPem(key);
  }
}
