package org.doorstep.config.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.TlsContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TLS factory Paho gets for {@code ssl://}: unconnected sockets (as Paho makes them), TLS 1.3 only, no Nagle. */
@Timeout(30)
class NoDelayTlsSocketFactoryTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final DeviceCa CA = DeviceCa.create("test TLS CA", CryptoSuite.STANDARD, Duration.ofDays(30), CLOCK);

  @Test
  void unconnectedSocketIsTls13OnlyWithNoDelayAndCompletesAMutualHandshake() throws Exception {
    KeyPair serverKey = Keys.generate(SignatureAlgorithm.ED25519);
    X509Certificate serverCert = CA.issueServer(serverKey.getPublic(), "fleet", List.of("localhost"), Duration.ofDays(1), CLOCK);
    SSLContext sctx = TlsContexts.context(serverKey.getPrivate(), List.of(serverCert), List.of(CA.certificate()));
    KeyPair device = Keys.generate(SignatureAlgorithm.ED25519);
    X509Certificate deviceCert = CA.issue(Csr.create("kiosk-1", device), "kiosk-1", "r1", Duration.ofDays(1), CLOCK);
    SSLContext cctx = TlsContexts.context(device.getPrivate(), List.of(deviceCert), List.of(CA.certificate()));

    try (SSLServerSocket server = (SSLServerSocket) sctx.getServerSocketFactory().createServerSocket(0, 1,
        InetAddress.getLoopbackAddress())) {
      server.setNeedClientAuth(true);
      CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
        try (SSLSocket s = (SSLSocket) server.accept()) {
          s.startHandshake();
          return s.getSession().getPeerPrincipal().getName();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      try (SSLSocket s = (SSLSocket) new NoDelayTlsSocketFactory(cctx).createSocket()) {
        assertThat(s.getEnabledProtocols()).containsExactly("TLSv1.3");
        assertThat(s.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        s.connect(new InetSocketAddress("localhost", server.getLocalPort()), 5_000);
        assertThat(s.getTcpNoDelay()).isTrue();
        s.startHandshake();
        assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
      }
      assertThat(peer.get(10, TimeUnit.SECONDS)).contains("CN=kiosk-1");
    }
  }
}
