package org.doorstep.config.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * What one TLS endpoint presents and whom it trusts: an ECDSA P-256 key, its certificate chain (leaf
 * first) and the CA certificates it accepts from its peers. See {@link TlsContexts} for why TLS keys
 * are P-256 in both suites.
 *
 * @param key     the private key (P-256; Ed25519 only for a kiosk enrolled before the switch, until
 *                its renewal), or null for a client without a certificate
 * @param chain   the key's certificate first, then any intermediates; empty when {@code key} is null
 * @param trusted the CA certificates this endpoint trusts, at least one
 */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted) {
  public TlsIdentity {
    chain = chain == null ? List.of() : List.copyOf(chain);
    if (key != null && chain.isEmpty()) {
      throw new IllegalArgumentException("chain: required with a key");
    }
    if (trusted == null || trusted.isEmpty()) {
      throw new IllegalArgumentException("trusted: at least one CA certificate");
    }
    trusted = List.copyOf(trusted);
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    if (chain.isEmpty()) {
      throw new IllegalStateException("no certificate: this identity only trusts");
    }
    return chain.get(0);
  }

  /** A TLS 1.3 context for this identity ({@link TlsContexts#context}). */
  public SSLContext sslContext() {
    return TlsContexts.context(key, chain, trusted);
  }

  @Override
  public String toString() {
    return "TlsIdentity[" + (chain.isEmpty() ? "no certificate" : chain.get(0).getSubjectX500Principal())
        + ", trusts " + trusted.size() + " CA(s)]";
  }
}
