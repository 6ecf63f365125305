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

/** TLS 1.3 with Ed25519 certificates from {@link DeviceCa}, mutual authentication, over real loopback sockets. */
@Timeout(30)
class TlsContextsTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final DeviceCa CA = DeviceCa.create("test TLS CA", CryptoSuite.STANDARD, Duration.ofDays(30), CLOCK);

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
    KeyPair serverKey = Keys.generate(SignatureAlgorithm.ED25519);
    X509Certificate serverCert = CA.issueServer(serverKey.getPublic(), "doorstep-fleet",
        List.of("localhost", "127.0.0.1"), Duration.ofDays(1), CLOCK);
    SSLContext ctx = TlsContexts.context(serverKey.getPrivate(), List.of(serverCert), List.of(CA.certificate()));
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
  void mutualTls13WithEd25519CertificatesAndHostNameCheck() throws Exception {
    try (SSLServerSocket server = server()) {
      CompletableFuture<String> peer = serveOnce(server);
      KeyPair device = Keys.generate(SignatureAlgorithm.ED25519);
      SSLContext ctx = TlsContexts.context(device.getPrivate(), List.of(client(CA, device, "kiosk-7")),
          List.of(CA.certificate()));
      talk(ctx, server.getLocalPort());
      assertThat(peer.get(10, TimeUnit.SECONDS)).isEqualTo("kiosk-7/TLSv1.3");
    }
  }

  @Test
  void clientCertificateOfAnotherCaIsRefused() throws Exception {
    DeviceCa rogue = DeviceCa.create("rogue CA", CryptoSuite.STANDARD, Duration.ofDays(30), CLOCK);
    try (SSLServerSocket server = server()) {
      CompletableFuture<String> peer = serveOnce(server);
      KeyPair device = Keys.generate(SignatureAlgorithm.ED25519);
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
  void serverNotNamedForTheDialledHostIsRefused() throws Exception {
    KeyPair serverKey = Keys.generate(SignatureAlgorithm.ED25519);
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
        .isInstanceOf(CryptoException.class).hasMessageContaining("must be Ed25519");
  }

  @Test
  void pkcs12FileIsOwnerOnlyAndLoadable(@TempDir Path dir) throws Exception {
    KeyPair device = Keys.generate(SignatureAlgorithm.ED25519);
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
    assertThat(loaded.getKey("doorstep", pw).getAlgorithm()).isIn("Ed25519", "EdDSA");
  }
}
