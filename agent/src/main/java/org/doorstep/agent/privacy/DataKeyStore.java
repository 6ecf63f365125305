package org.doorstep.agent.privacy;

import io.vertx.core.Future;
import javax.crypto.SecretKey;
import org.doorstep.config.crypto.EvidenceCipher;

/**
 * Where the device's data-encryption key lives: the symmetric key that seals personal data at rest
 * (outbox payloads, evidence). Created on first use, the same key after.
 *
 * <p>{@link FileDataKeyStore} (the default) keeps it in a 0600 file in the data directory. The intended
 * hardware store is a PKCS#11 token or a TPM: an adapter would either generate a non-extractable key
 * in the token and do the sealing there, or keep a TPM-sealed (wrapped) copy of this key on disk and
 * unwrap it at boot. Either fits this port; none is built yet (agent/README.md).
 */
public interface DataKeyStore {
  /**
   * The data key for {@code algorithm}, generated and stored on first use.
   *
   * @return fails with a {@link org.doorstep.config.crypto.CryptoException} naming the store when the
   *     key cannot be read or written, or when the stored key is of another algorithm (a suite switch on
   *     existing data is refused, not done silently)
   */
  Future<SecretKey> dataKey(EvidenceCipher.Algorithm algorithm);
}
