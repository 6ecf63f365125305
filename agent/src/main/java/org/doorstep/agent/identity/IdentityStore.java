package org.doorstep.agent.identity;

import io.vertx.core.Future;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;

/**
 * The kiosk's key store (port). Keys are generated inside the store and only used through it: it
 * signs the CSRs itself, so that a hardware adapter (PKCS#11 token, TPM) can keep private keys
 * non-extractable. {@link FileIdentityStore} is the default.
 *
 * <p>Threads: every method may be called from any thread and returns at once; the blocking work
 * (files, key generation) runs on the store's own worker, one operation at a time. Failures:
 * {@link IdentityException} with {@link IdentityException.Reason#KEY_STORE} when the store cannot be
 * read or written, {@link IdentityException.Reason#BAD_RESPONSE} when certificates do not fit the keys.
 */
public interface IdentityStore {

  /**
   * The signer of the device key (records, state), generating an {@code algorithm} key on first boot.
   * An existing key is used whatever its algorithm: a key is never silently replaced.
   */
  Future<Signer> signingKey(SignatureAlgorithm algorithm);

  /**
   * CSRs for {@code deviceId}: the device key's and the P-256 TLS key's (generated on first use, and
   * anew, pending, while the TLS key is the Ed25519 key of a kiosk enrolled before the switch). Keys
   * are created when missing.
   *
   * @return fails with {@code KEY_STORE} when the device key is not of {@code suite}
   */
  Future<CertificateRequests> certificateRequests(String deviceId, CryptoSuite suite);

  /**
   * Checks the certificates against the keys (device certificate for the device key, issued by the
   * fleet CA; TLS certificate for the TLS key) and installs them; the credentials are usable at once.
   */
  Future<DeviceCredentials> install(IssuedCertificates issued);

  /** The installed credentials; empty before the first enrolment. */
  Future<Optional<DeviceCredentials>> credentials();

  /** A fleet TLS CA certificate provisioned before enrolment (instead of a fingerprint); empty when none. */
  Future<Optional<X509Certificate>> provisionedTlsCa();
}
