package org.doorstep.config.crypto;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The one base of Doorstep's own X.509 trust managers: each trusts one side of a TLS connection only
 * ({@link Peer#SERVER} or {@link Peer#CLIENT}) and refuses the other outright, and the JSSE's six
 * {@code check…Trusted} overloads (plain, with a {@link Socket}, with an {@link SSLEngine}) all end
 * in one {@link #checkPeer} of the subclass. Used by the agent's pinned first contact with the fleet
 * and by the fleet's HTTPS acceptance of device client certificates.
 *
 * <p>{@link #pkix} gives the JDK's own PKIX trust manager for a set of anchors, for subclasses that
 * pick an anchor and then let the JDK check the chain (signatures, validity, and the host name when
 * the engine or socket asks for endpoint identification).
 *
 * <p>Subclasses must be thread-safe: the JSSE may call a trust manager from several handshakes at once.
 */
public abstract class PeerTrust extends X509ExtendedTrustManager {
  /** The side of a TLS connection a trust manager checks. */
  public enum Peer {
    /** Trusts servers (a TLS client's trust manager). */
    SERVER,
    /** Trusts clients (a TLS server's trust manager, for client certificates). */
    CLIENT
  }

  private final Peer trusts;

  /** @param trusts the side this trust manager checks; the other side is always refused */
  protected PeerTrust(Peer trusts) {
    this.trusts = Objects.requireNonNull(trusts, "trusts");
  }

  /** The side this trust manager checks. */
  public final Peer trusts() {
    return trusts;
  }

  /**
   * Checks {@code chain} (leaf first) presented by the peer this trust manager trusts.
   *
   * @param chain    the peer's chain as sent, leaf first
   * @param authType the key exchange or authentication type the JSSE names
   * @param engine   the engine of the handshake, or null
   * @param socket   the socket of the handshake, or null
   * @throws CertificateException when the peer is not trusted; its message says why
   */
  protected abstract void checkPeer(X509Certificate[] chain, String authType, SSLEngine engine, Socket socket)
      throws CertificateException;

  /**
   * The JDK's PKIX trust manager anchored at exactly {@code anchors}.
   *
   * @throws CertificateException when the JDK cannot build one
   */
  public static X509ExtendedTrustManager pkix(List<X509Certificate> anchors) throws CertificateException {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(TlsContexts.trustStore(anchors));
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new CertificateException("cannot build trust for " + anchors.size() + " CA(s): " + e.getMessage(), e);
    }
    throw new CertificateException("the JDK offers no X509ExtendedTrustManager");
  }

  private void check(Peer side, X509Certificate[] chain, String authType, SSLEngine engine, Socket socket)
      throws CertificateException {
    if (side != trusts) {
      throw new CertificateException(getClass().getSimpleName() + " only trusts "
          + (trusts == Peer.SERVER ? "servers" : "clients"));
    }
    checkPeer(chain, authType, engine, socket);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(Peer.SERVER, chain, authType, engine, null);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(Peer.SERVER, chain, authType, null, socket);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(Peer.SERVER, chain, authType, null, null);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(Peer.CLIENT, chain, authType, engine, null);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(Peer.CLIENT, chain, authType, null, socket);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(Peer.CLIENT, chain, authType, null, null);
  }

  /** The CA certificates to name to the peer as acceptable issuers; none unless a subclass says. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
