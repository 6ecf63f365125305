package org.doorstep.fleet.web;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.doorstep.config.crypto.Keys;

/**
 * Trust for TLS client certificates at the HTTPS API: a device certificate is accepted at the TLS
 * layer when the fleet TLS CA signed it. Validity dates, revocation and the device id are checked
 * by the route that uses the certificate ({@code POST /api/renew}, via
 * {@link org.doorstep.fleet.enrol.EnrolmentService#renew}), so that an expired or revoked device gets
 * a specific, logged refusal instead of an anonymous handshake failure. The handshake itself still
 * proves that the client holds the certificate's private key (TLS 1.3 CertificateVerify).
 *
 * <p>Client certificates are optional on this server ({@code ClientAuth.REQUEST}): operators use
 * bearer tokens, and every other route ignores the certificate. Never use this class to trust
 * servers.
 */
public final class DeviceClientTrust extends X509ExtendedTrustManager {
  private final X509Certificate tlsCa;

  /** @param tlsCa the fleet TLS CA certificate */
  public DeviceClientTrust(X509Certificate tlsCa) {
    this.tlsCa = Objects.requireNonNull(tlsCa, "tlsCa");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no client certificate");
    }
    X509Certificate leaf = chain[0];
    if (!leaf.getIssuerX500Principal().equals(tlsCa.getSubjectX500Principal())) {
      throw new CertificateException("client certificate not issued by the fleet TLS CA");
    }
    try {
      leaf.verify(tlsCa.getPublicKey(), Keys.BC);
    } catch (GeneralSecurityException e) {
      throw new CertificateException("client certificate signature does not verify with the fleet TLS CA key");
    }
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
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("DeviceClientTrust does not trust servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[] {tlsCa};
  }
}
