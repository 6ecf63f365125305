package org.doorstep.fleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.doorstep.agent.identity.DeviceCredentials;
import org.doorstep.agent.identity.DeviceIdentityService;
import org.doorstep.agent.identity.FileIdentityStore;
import org.doorstep.agent.identity.RenewalPlan;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.profile.Uplink;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.testing.HttpsFleet;
import org.doorstep.fleet.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SM suite end to end: the kiosk's SM2 device key is certified by the fleet's SM2 device CA, its
 * separate Ed25519 TLS key by the fleet's Ed25519 TLS CA (TLS stays standard TLS 1.3), and renewal
 * authenticates with the Ed25519 TLS certificate.
 */
@ExtendWith(VertxExtension.class)
class SmEnrolmentOverHttpsIT {
  @TempDir
  Path dir;

  @Test
  void sm_kiosk_gets_an_sm2_device_certificate_and_an_ed25519_tls_certificate_and_renews(Vertx vertx)
      throws Exception {
    MutableClock clock = new MutableClock();
    try (HttpsFleet fleet = HttpsFleet.start(vertx, dir.resolve("fleet"), CryptoSuite.SM, clock,
        DeviceCa.DEFAULT_DEVICE_VALIDITY)) {
      EnrolmentService.IssuedToken token = fleet.token("kiosk-sm", "110101");
      FileIdentityStore store = new FileIdentityStore(vertx, dir.resolve("kiosk"), clock);
      DeviceIdentityService identity = new DeviceIdentityService(vertx, store, "kiosk-sm", CryptoSuite.SM,
          new Uplink.Enrolment(fleet.url(), token.token(), token.tlsCaFingerprint(), 33),
          DeviceIdentityService.ENROL_RETRY, new RenewalPlan(33, RenewalPlan.DEFAULT_RETRY), clock);
      await(identity.start());
      DeviceCredentials c = await(identity.enrolled());

      assertThat(Keys.algorithmOf(c.deviceCertificate().getPublicKey())).isEqualTo(SignatureAlgorithm.SM2_SM3);
      assertThat(Keys.algorithmOf(c.tls().certificate().getPublicKey())).isEqualTo(SignatureAlgorithm.ED25519);
      assertThat(Certificates.deviceIdOf(c.tls().certificate())).contains("kiosk-sm");
      assertThat(c.tlsCa()).isNotEqualTo(c.fleetCa());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.files().tlsKey())))
          .isEqualTo("rw-------");
      assertThat(store.files().tlsCert()).exists();
      assertThat(await(fleet.store().devices().findDevice("kiosk-sm")).orElseThrow().algorithm()).isEqualTo("SM2-SM3");

      clock.advance(Duration.ofDays(1));
      DeviceCredentials renewed = await(identity.renewNow());
      assertThat(renewed.tls().certificate()).isNotEqualTo(c.tls().certificate());
      assertThat(renewed.tls().certificate().getPublicKey()).isEqualTo(c.tls().certificate().getPublicKey());
      assertThat(renewed.deviceCertificate().getNotAfter()).isAfter(c.deviceCertificate().getNotAfter());
      assertThat(identity.tlsIdentity().get().certificate()).isEqualTo(renewed.tls().certificate());
      identity.stop();
    }
  }
}
