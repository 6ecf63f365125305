package org.doorstep.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.fleet.broker.ClientAuthentication.Accepted;
import org.doorstep.fleet.broker.ClientAuthentication.Refusal;
import org.doorstep.fleet.broker.ClientAuthentication.Refused;
import org.doorstep.fleet.testing.TestTls;
import org.junit.jupiter.api.Test;

class ClientAuthenticationTest {
  private static final DeviceCa CA = TestTls.ca("fleet TLS CA");
  private static final X509Certificate KIOSK = TestTls.device(CA, "kiosk-7").certificate();

  private static Refusal refusal(ClientAuthentication.Decision d) {
    assertThat(d).isInstanceOf(Refused.class);
    return ((Refused) d).refusal();
  }

  @Test
  void device_certificate_of_the_tls_ca_with_matching_client_id_is_accepted() {
    assertThat(ClientAuthentication.check("kiosk-7", Optional.of(KIOSK), CA.certificate(), Instant.now()))
        .isEqualTo(new Accepted("kiosk-7"));
  }

  @Test
  void every_refusal_has_its_own_reason() {
    Instant now = Instant.now();
    assertThat(refusal(ClientAuthentication.check("kiosk-7", Optional.empty(), CA.certificate(), now)))
        .isEqualTo(Refusal.NO_CLIENT_CERTIFICATE);
    assertThat(refusal(ClientAuthentication.check("kiosk-7", Optional.of(KIOSK), CA.certificate(), now.plus(Duration.ofDays(2)))))
        .isEqualTo(Refusal.CERTIFICATE_EXPIRED);
    assertThat(refusal(ClientAuthentication.check("kiosk-7", Optional.of(KIOSK), CA.certificate(), now.minus(Duration.ofDays(1)))))
        .isEqualTo(Refusal.CERTIFICATE_NOT_YET_VALID);
    X509Certificate stranger = TestTls.device(TestTls.ca("rogue CA"), "kiosk-7", CA).certificate();
    assertThat(refusal(ClientAuthentication.check("kiosk-7", Optional.of(stranger), CA.certificate(), now)))
        .isEqualTo(Refusal.CERTIFICATE_UNTRUSTED);
    assertThat(refusal(ClientAuthentication.check("kiosk-8", Optional.of(KIOSK), CA.certificate(), now)))
        .isEqualTo(Refusal.CLIENT_ID_MISMATCH);
    KeyPair service = Keys.generate(SignatureAlgorithm.ED25519);
    X509Certificate fleet = CA.issueClient(service.getPublic(), "fleet@doorstep", Duration.ofDays(1), java.time.Clock.systemUTC());
    assertThat(refusal(ClientAuthentication.check("fleet@doorstep", Optional.of(fleet), CA.certificate(), now)))
        .isEqualTo(Refusal.NOT_A_DEVICE_CERTIFICATE);
  }
}
