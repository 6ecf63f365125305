package org.doorstep.fleet.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import org.doorstep.config.crypto.TlsContexts;

/** HTTPS clients of the fleet API for tests: TLS 1.3, trusting exactly the fleet TLS CA, host names checked. */
public final class FleetHttps {
  private FleetHttps() {}

  /** A web client that trusts {@code tlsCa} only (no client certificate). */
  public static WebClient client(Vertx vertx, X509Certificate tlsCa) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(TlsContexts.trustStore(List.of(tlsCa)));
      return WebClient.create(vertx, new WebClientOptions()
          .setSsl(true)
          .setVerifyHost(true)
          .setEnabledSecureTransportProtocols(Set.copyOf(TlsContexts.PROTOCOLS))
          .setTrustOptions(TrustOptions.wrap(tmf)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
