package org.doorstep.agent.identity;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.TlsContexts;

/**
 * Server trust of the kiosk's first HTTPS contact (trust on first use, pinned): the fleet sends its
 * TLS CA certificate with its server certificate, and the CA whose SHA-256 fingerprint equals the
 * one the operator printed with the token becomes the trust anchor; the chain is then validated by
 * the JDK's PKIX trust manager against it (signature, validity, and the host name when the engine
 * asks for endpoint identification, as Vert.x does with {@code verifyHost}). Without a match the
 * handshake fails and {@link #mismatch()} says what the fleet presented.
 *
 * <p>One instance per connection attempt; thread-safe.
 */
final class PinnedCaTrust extends X509ExtendedTrustManager {
  private final String fingerprint;
  private final AtomicReference<X509Certificate> pinned = new AtomicReference<>();
  private final AtomicReference<String> mismatch = new AtomicReference<>();

  /** @param fingerprint SHA-256 of the expected CA certificate: 64 lower-case hex digits */
  PinnedCaTrust(String fingerprint) {
    this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /** The CA certificate that matched the pin; null until a handshake found it. */
  X509Certificate pinnedCa() {
    return pinned.get();
  }

  /** Why the last handshake found no pinned CA; null when it did. */
  String mismatch() {
    return mismatch.get();
  }

  private X509ExtendedTrustManager anchoredAt(X509Certificate[] chain) throws CertificateException {
    for (X509Certificate c : chain) {
      if (c.getBasicConstraints() >= 0 && fingerprint.equals(Certificates.sha256Fingerprint(c))) {
        pinned.set(c);
        try {
          TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
          tmf.init(TlsContexts.trustStore(List.of(c)));
          for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
              return x;
            }
          }
        } catch (GeneralSecurityException e) {
          throw new CertificateException("cannot build trust for the pinned CA: " + e.getMessage(), e);
        }
        throw new CertificateException("the JDK offers no X509ExtendedTrustManager");
      }
    }
    String presented = chain.length == 0 ? "no certificates"
        : chain.length + " certificate(s), CA fingerprints "
            + java.util.Arrays.stream(chain).filter(c -> c.getBasicConstraints() >= 0)
                .map(Certificates::sha256Fingerprint).toList();
    mismatch.set("the fleet presented " + presented + ", none with the pinned fingerprint " + fingerprint);
    throw new CertificateException("FINGERPRINT_MISMATCH: " + mismatch.get());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    anchoredAt(chain).checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    anchoredAt(chain).checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    anchoredAt(chain).checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("PinnedCaTrust only trusts servers");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
