package org.doorstep.agent.identity;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.PeerTrust;

/**
 * Server trust of the kiosk's first HTTPS contact (trust on first use, pinned): the fleet sends its
 * TLS CA certificate with its server certificate, and the CA whose SHA-256 fingerprint equals the
 * one the operator printed with the token becomes the trust anchor; the chain is then validated by
 * the JDK's PKIX trust manager against it (signature, validity, and the host name when the engine
 * asks for endpoint identification, as Vert.x does with {@code verifyHost}). Without a match the
 * handshake fails and {@link #mismatch()} says what the fleet presented.
 *
 * <p>Trusts servers only ({@link PeerTrust}). One instance per connection attempt; thread-safe.
 */
final class PinnedCaTrust extends PeerTrust {
  private final String fingerprint;
  private final AtomicReference<X509Certificate> pinned = new AtomicReference<>();
  private final AtomicReference<String> mismatch = new AtomicReference<>();

  /** @param fingerprint SHA-256 of the expected CA certificate: 64 lower-case hex digits */
  PinnedCaTrust(String fingerprint) {
    super(Peer.SERVER);
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
        return PeerTrust.pkix(List.of(c));
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
  protected void checkPeer(X509Certificate[] chain, String authType, SSLEngine engine, Socket socket)
      throws CertificateException {
    X509ExtendedTrustManager pkix = anchoredAt(chain);
    if (engine != null) {
      pkix.checkServerTrusted(chain, authType, engine);
    } else if (socket != null) {
      pkix.checkServerTrusted(chain, authType, socket);
    } else {
      pkix.checkServerTrusted(chain, authType);
    }
  }
}
