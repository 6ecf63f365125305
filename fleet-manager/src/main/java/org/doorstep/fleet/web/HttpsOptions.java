package org.doorstep.fleet.web;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.TlsContexts;
import org.doorstep.config.crypto.TlsIdentity;

/**
 * Server options of the fleet's HTTPS API: TLS 1.3 only, the fleet's server identity (ECDSA P-256, so
 * browsers can connect) with the TLS CA certificate in the chain (so that a device pinning the CA's
 * fingerprint finds it in the handshake), and optional device client certificates
 * ({@link DeviceClientTrust}, of every CA the identity trusts) for renewal.
 */
public final class HttpsOptions {
  private HttpsOptions() {}

  /**
   * HTTPS options for {@code server} (key, chain, trusted = the TLS CAs, current first).
   *
   * @throws CryptoException when the key cannot be used by the JDK's TLS stack
   */
  public static HttpServerOptions of(TlsIdentity server) {
    X509Certificate tlsCa = server.trusted().get(0);
    List<X509Certificate> chain = new ArrayList<>(server.chain());
    if (!chain.contains(tlsCa)) {
      chain.add(tlsCa);
    }
    KeyManagerFactory kmf;
    try {
      char[] pw = new char[0];
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(TlsContexts.keyStore(server.key(), chain, pw), pw);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot load the fleet's TLS server key: " + e.getMessage(), e);
    }
    return new HttpServerOptions()
        .setSsl(true)
        .setEnabledSecureTransportProtocols(Set.copyOf(TlsContexts.PROTOCOLS))
        .setKeyCertOptions(KeyCertOptions.wrap(kmf))
        .setTrustOptions(TrustOptions.wrap(new DeviceClientTrust(server.trusted())))
        .setClientAuth(ClientAuth.REQUEST);
  }
}
