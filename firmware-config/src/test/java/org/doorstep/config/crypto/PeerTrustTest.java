package org.doorstep.config.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class PeerTrustTest {
  private static final Clock CLOCK = Clock.systemUTC();

  /** Records what reached checkPeer. */
  private static final class Recording extends PeerTrust {
    final List<String> calls = new ArrayList<>();

    Recording(Peer peer) {
      super(peer);
    }

    @Override
    protected void checkPeer(X509Certificate[] chain, String authType, SSLEngine engine, Socket socket) {
      calls.add(authType + (engine != null ? "+engine" : "") + (socket != null ? "+socket" : ""));
    }
  }

  @Test
  void serverTrust_routesEveryServerOverloadToCheckPeer_andRefusesEveryClientOverload() throws Exception {
    Recording trust = new Recording(PeerTrust.Peer.SERVER);
    X509Certificate[] chain = new X509Certificate[0];
    trust.checkServerTrusted(chain, "a");
    trust.checkServerTrusted(chain, "b", (Socket) new Socket());
    trust.checkServerTrusted(chain, "c", (SSLEngine) javax.net.ssl.SSLContext.getDefault().createSSLEngine());
    assertThat(trust.calls).containsExactly("a", "b+socket", "c+engine");

    assertThatThrownBy(() -> trust.checkClientTrusted(chain, "x")).isInstanceOf(CertificateException.class)
        .hasMessage("Recording only trusts servers");
    assertThatThrownBy(() -> trust.checkClientTrusted(chain, "x", (Socket) null))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> trust.checkClientTrusted(chain, "x", (SSLEngine) null))
        .isInstanceOf(CertificateException.class);
    assertThat(trust.calls).hasSize(3);
    assertThat(trust.getAcceptedIssuers()).isEmpty();
  }

  @Test
  void clientTrust_refusesServers() {
    Recording trust = new Recording(PeerTrust.Peer.CLIENT);
    assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "x"))
        .isInstanceOf(CertificateException.class).hasMessage("Recording only trusts clients");
    assertThat(trust.trusts()).isEqualTo(PeerTrust.Peer.CLIENT);
  }

  @Test
  void pkix_acceptsAChainOfItsAnchor_andRefusesAnotherCasChain() throws Exception {
    DeviceCa ca = DeviceCa.createTls("anchor", Duration.ofDays(30), CLOCK);
    DeviceCa other = DeviceCa.createTls("other", Duration.ofDays(30), CLOCK);
    var key = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM).getPublic();
    X509Certificate leaf = ca.issueServer(key, "s", List.of("localhost"), Duration.ofDays(1), CLOCK);
    X509Certificate stranger = other.issueServer(key, "s", List.of("localhost"), Duration.ofDays(1), CLOCK);

    PeerTrust.pkix(List.of(ca.certificate())).checkServerTrusted(new X509Certificate[] {leaf}, "UNKNOWN");
    assertThatThrownBy(() -> PeerTrust.pkix(List.of(ca.certificate()))
        .checkServerTrusted(new X509Certificate[] {stranger}, "UNKNOWN")).isInstanceOf(CertificateException.class);
  }
}
