package org.doorstep.config.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.3 with ECDSA P-256 certificates from {@link DeviceCa}, mutual authentication, over real loopback
 * sockets; and the transition of kiosks enrolled with Ed25519 TLS certificates.
 */
@Timeout(30)
class TlsContextsTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final DeviceCa CA = DeviceCa.createTls("test TLS CA", Duration.ofDays(30), CLOCK);
  /** A TLS CA from before the switch to P-256 (Ed25519). */
  private static final DeviceCa LEGACY = DeviceCa.create("old TLS CA", CryptoSuite.STANDARD, Duration.ofDays(30), CLOCK);

  private static X509Certificate client(DeviceCa ca, KeyPair pair, String id) {
    return ca.issue(Csr.create(id, pair), id, "r1", Duration.ofDays(1), CLOCK);
  }

  /** Accepts one connection, reads one byte, echoes it, and returns the peer's certificate CN. */
  private static CompletableFuture<String> serveOnce(SSLServerSocket server) {
    return CompletableFuture.supplyAsync(() -> {
      try (SSLSocket s = (SSLSocket) server.accept()) {
        s.startHandshake();
        InputStream in = s.getInputStream();
        int b = in.read();
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
        X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
        return Certificates.deviceIdOf(peer).orElse("?") + "/" + s.getSession().getProtocol();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
  }

  private static SSLServerSocket server() throws Exception {
    return server(false);
  }

  /**
   * A P-256 server of {@link #CA}; in {@code transition}, with the cross certificate of {@link #LEGACY}
   * after its chain and trusting client certificates of both CAs (what FleetCa builds).
   */
  private static SSLServerSocket server(boolean transition) throws Exception {
    KeyPair serverKey = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM);
    X509Certificate serverCert = CA.issueServer(serverKey.getPublic(), "doorstep-fleet",
        List.of("localhost", "127.0.0.1"), Duration.ofDays(1), CLOCK);
    List<X509Certificate> chain = transition
        ? List.of(serverCert, CA.certificate(), LEGACY.crossCertify(CA, CLOCK)) : List.of(serverCert);
    List<X509Certificate> trusted = transition ? List.of(CA.certificate(), LEGACY.certificate()) : List.of(CA.certificate());
    SSLContext ctx = TlsContexts.context(serverKey.getPrivate(), chain, trusted);
    SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1,
        InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(true);
    server.setEnabledProtocols(TlsContexts.PROTOCOLS.toArray(new String[0]));
    return server;
  }

  private static void talk(SSLContext clientCtx, int port) throws Exception {
    try (SSLSocket s = (SSLSocket) clientCtx.getSocketFactory().createSocket("localhost", port)) {
      var params = s.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(params);
      OutputStream out = s.getOutputStream();
      out.write(42);
      out.flush();
      assertThat(s.getInputStream().read()).isEqualTo(42);
    }
  }

  @Test
  void mutualTls13WithP256CertificatesAndHostNameCheck() throws Exception {
    try (SSLServerSocket server = server()) {
      CompletableFuture<String> peer = serveOnce(server);
      KeyPair device = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM);
      SSLContext ctx = TlsContexts.context(device.getPrivate(), List.of(client(CA, device, "kiosk-7")),
          List.of(CA.certificate()));
      talk(ctx, server.getLocalPort());
      assertThat(peer.get(10, TimeUnit.SECONDS)).isEqualTo("kiosk-7/TLSv1.3");
    }
  }

  @Test
  void clientCertificateOfAnotherCaIsRefused() throws Exception {
    DeviceCa rogue = DeviceCa.createTls("rogue CA", Duration.ofDays(30), CLOCK);
    try (SSLServerSocket server = server()) {
      CompletableFuture<String> peer = serveOnce(server);
      KeyPair device = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM);
      SSLContext ctx = TlsContexts.context(device.getPrivate(), List.of(client(rogue, device, "kiosk-7")),
          List.of(CA.certificate()));
      // TLS 1.3: the client may finish its side before the server's alert arrives; either side fails.
      assertThatThrownBy(() -> {
        talk(ctx, server.getLocalPort());
        peer.get(10, TimeUnit.SECONDS);
      }).isInstanceOfAny(java.io.IOException.class, java.util.concurrent.ExecutionException.class);
    }
  }

  @Test
  void kioskWithAnEd25519TlsIdentityTrustingOnlyTheOldCaConnectsToTheP256ServerThroughTheCrossCertificate()
      throws Exception {
    try (SSLServerSocket server = server(true)) {
      CompletableFuture<String> peer = serveOnce(server);
      KeyPair legacyKey = Keys.generate(SignatureAlgorithm.ED25519);
      SSLContext ctx = TlsContexts.context(legacyKey.getPrivate(), List.of(client(LEGACY, legacyKey, "kiosk-old")),
          List.of(LEGACY.certificate()));
      talk(ctx, server.getLocalPort());
      assertThat(peer.get(10, TimeUnit.SECONDS)).isEqualTo("kiosk-old/TLSv1.3");
    }
  }

  @Test
  void kioskTrustingTheP256CaConnectsToTheTransitionServerToo() throws Exception {
    try (SSLServerSocket server = server(true)) {
      CompletableFuture<String> peer = serveOnce(server);
      KeyPair device = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM);
      SSLContext ctx = TlsContexts.context(device.getPrivate(), List.of(client(CA, device, "kiosk-new")),
          List.of(CA.certificate()));
      talk(ctx, server.getLocalPort());
      assertThat(peer.get(10, TimeUnit.SECONDS)).isEqualTo("kiosk-new/TLSv1.3");
    }
  }

  @Test
  void oldCaAloneIsRefusedWithoutTheCrossCertificate() throws Exception {
    try (SSLServerSocket server = server(false)) {
      serveOnce(server);
      KeyPair legacyKey = Keys.generate(SignatureAlgorithm.ED25519);
      SSLContext ctx = TlsContexts.context(legacyKey.getPrivate(), List.of(client(LEGACY, legacyKey, "kiosk-old")),
          List.of(LEGACY.certificate()));
      assertThatThrownBy(() -> talk(ctx, server.getLocalPort())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
          .hasMessageContaining("PKIX");
    }
  }

  @Test
  void serverNotNamedForTheDialledHostIsRefused() throws Exception {
    KeyPair serverKey = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM);
    X509Certificate wrongName = CA.issueServer(serverKey.getPublic(), "elsewhere", List.of("fleet.example"),
        Duration.ofDays(1), CLOCK);
    SSLContext sctx = TlsContexts.context(serverKey.getPrivate(), List.of(wrongName), List.of(CA.certificate()));
    try (SSLServerSocket server = (SSLServerSocket) sctx.getServerSocketFactory().createServerSocket(0, 1,
        InetAddress.getLoopbackAddress())) {
      serveOnce(server);
      SSLContext client = TlsContexts.context(null, List.of(), List.of(CA.certificate()));
      assertThatThrownBy(() -> talk(client, server.getLocalPort())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
          .hasMessageContaining("localhost");
    }
  }

  @Test
  void smKeysAreRefusedForTlsWithAReason() {
    DeviceCa sm = DeviceCa.create("sm", CryptoSuite.SM, Duration.ofDays(30), CLOCK);
    KeyPair device = Keys.generate(SignatureAlgorithm.SM2_SM3);
    X509Certificate cert = client(sm, device, "kiosk-1");
    assertThatThrownBy(() -> TlsContexts.context(device.getPrivate(), List.of(cert), List.of(sm.certificate())))
        .isInstanceOf(CryptoException.class).hasMessageContaining("must be ECDSA P-256");
  }

  @Test
  void pkcs12FileIsOwnerOnlyAndLoadable(@TempDir Path dir) throws Exception {
    KeyPair device = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM);
    X509Certificate cert = client(CA, device, "kiosk-9");
    char[] pw = "secret".toCharArray();
    Path file = dir.resolve("tls.p12");
    TlsContexts.writePkcs12(file, TlsContexts.keyStore(device.getPrivate(), List.of(cert, CA.certificate()), pw), pw);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    KeyStore loaded = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      loaded.load(in, pw);
    }
    assertThat(loaded.getCertificateChain("doorstep")).hasSize(2);
    assertThat(loaded.getKey("doorstep", pw).getAlgorithm()).isEqualTo("EC");
  }
}
