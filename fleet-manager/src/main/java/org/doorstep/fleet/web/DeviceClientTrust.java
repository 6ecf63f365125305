package org.doorstep.fleet.web;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.PeerTrust;

/**
 * Trust for TLS client certificates at the HTTPS API: a device certificate is accepted at the TLS
 * layer when a fleet TLS CA signed it (today's P-256 TLS CA, and during the transition from Ed25519
 * TLS keys the old Ed25519 TLS CA too, see {@link org.doorstep.fleet.enrol.FleetCa#tlsCa}). Validity
 * dates, revocation and the device id are checked by the route that uses the certificate
 * ({@code POST /api/renew}, via {@link org.doorstep.fleet.enrol.EnrolmentService#renew}), so that an
 * expired or revoked device gets a specific, logged refusal instead of an anonymous handshake
 * failure. The handshake itself still proves that the client holds the certificate's private key
 * (TLS 1.3 CertificateVerify).
 *
 * <p>Client certificates are optional on this server ({@code ClientAuth.REQUEST}): operators use
 * bearer tokens, and every other route ignores the certificate. Trusts clients only
 * ({@link PeerTrust}): never servers.
 */
public final class DeviceClientTrust extends PeerTrust {
  private final List<X509Certificate> tlsCas;

  /** @param tlsCas the fleet TLS CA certificates, at least one */
  public DeviceClientTrust(List<X509Certificate> tlsCas) {
    super(Peer.CLIENT);
    if (tlsCas == null || tlsCas.isEmpty()) {
      throw new IllegalArgumentException("tlsCas: at least one CA certificate");
    }
    this.tlsCas = List.copyOf(tlsCas);
  }

  /** @param tlsCa the fleet TLS CA certificate */
  public DeviceClientTrust(X509Certificate tlsCa) {
    this(List.of(tlsCa));
  }

  @Override
  protected void checkPeer(X509Certificate[] chain, String authType, SSLEngine engine, Socket socket)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no client certificate");
    }
    X509Certificate leaf = chain[0];
    boolean named = false;
    for (X509Certificate ca : tlsCas) {
      if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
        continue;
      }
      named = true;
      try {
        leaf.verify(ca.getPublicKey(), Keys.BC);
        return;
      } catch (GeneralSecurityException e) {
        // Try the next CA of that name (the old and new TLS CAs have different names, but be exact).
      }
    }
    throw new CertificateException(named
        ? "client certificate signature does not verify with the fleet TLS CA key"
        : "client certificate not issued by the fleet TLS CA");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return tlsCas.toArray(new X509Certificate[0]);
  }
}
