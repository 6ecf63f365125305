package org.doorstep.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file key store on a real directory: what it writes (names, permissions), CSRs signed inside it,
 * certificates checked against the keys before they are installed, and credentials read back.
 * Certificates come from a {@link DeviceCa} made here (the fleet's HTTPS side is tested in
 * fleet-manager's EnrolmentOverHttpsIT).
 */
@ExtendWith(VertxExtension.class)
class FileIdentityStoreIT {
  @TempDir
  Path dir;

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static IssuedCertificates issue(DeviceCa deviceCa, DeviceCa tlsCa, CertificateRequests csrs) {
    Clock clock = Clock.systemUTC();
    X509Certificate device = deviceCa.issue(Csr.fromPem(csrs.csrPem()), "kiosk-1", "440106", Duration.ofDays(30), clock);
    Optional<X509Certificate> tls = csrs.tlsCsrPem().map(p -> tlsCa.issue(Csr.fromPem(p), "kiosk-1", "440106",
        Duration.ofDays(30), clock));
    return new IssuedCertificates(device, deviceCa.certificate(), tls, tlsCa.certificate());
  }

  @Test
  void standard_suite_uses_the_device_key_for_tls_and_writes_the_contract_files(Vertx vertx) throws Exception {
    FileIdentityStore store = new FileIdentityStore(vertx, dir, Clock.systemUTC());
    DeviceCa ca = DeviceCa.create("test CA", CryptoSuite.STANDARD, Duration.ofDays(365), Clock.systemUTC());

    assertThat(await(store.credentials())).isEmpty();
    CertificateRequests csrs = await(store.certificateRequests("kiosk-1", CryptoSuite.STANDARD));
    assertThat(csrs.tlsCsrPem()).isEmpty();
    assertThat(Csr.fromPem(csrs.csrPem()).signatureValid()).isTrue();
    DeviceCredentials c = await(store.install(issue(ca, ca, csrs)));

    assertThat(perms(dir.resolve("device-key.pem"))).isEqualTo("rw-------");
    for (String cert : new String[] {"device-cert.pem", "fleet-ca.pem", "tls-ca.pem"}) {
      assertThat(perms(dir.resolve(cert))).as(cert).isEqualTo("rw-r--r--");
    }
    assertThat(dir.resolve("tls-key.pem")).doesNotExist();
    assertThat(c.tls().certificate()).isEqualTo(c.deviceCertificate());
    assertThat(await(store.credentials()).orElseThrow().deviceCertificate()).isEqualTo(c.deviceCertificate());
    // No temporary files left behind by the atomic writes.
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void sm_suite_adds_an_owner_only_ed25519_tls_key_with_its_own_certificate(Vertx vertx) throws Exception {
    FileIdentityStore store = new FileIdentityStore(vertx, dir, Clock.systemUTC());
    DeviceCa sm = DeviceCa.create("SM CA", CryptoSuite.SM, Duration.ofDays(365), Clock.systemUTC());
    DeviceCa tls = DeviceCa.create("TLS CA", CryptoSuite.STANDARD, Duration.ofDays(365), Clock.systemUTC());

    CertificateRequests csrs = await(store.certificateRequests("kiosk-1", CryptoSuite.SM));
    DeviceCredentials c = await(store.install(issue(sm, tls, csrs)));

    assertThat(perms(dir.resolve("tls-key.pem"))).isEqualTo("rw-------");
    assertThat(Keys.algorithmOf(Keys.readKeyPair(dir.resolve("tls-key.pem")).getPublic()))
        .isEqualTo(SignatureAlgorithm.ED25519);
    assertThat(Keys.algorithmOf(c.deviceCertificate().getPublicKey())).isEqualTo(SignatureAlgorithm.SM2_SM3);
    assertThat(c.tls().certificate()).isNotEqualTo(c.deviceCertificate());
    assertThat(dir.resolve("tls-cert.pem")).exists();
    assertThat(await(store.credentials()).orElseThrow().tls().certificate()).isEqualTo(c.tls().certificate());
  }

  @Test
  void certificate_for_another_key_is_refused_and_nothing_is_installed(Vertx vertx) throws Exception {
    FileIdentityStore store = new FileIdentityStore(vertx, dir, Clock.systemUTC());
    DeviceCa ca = DeviceCa.create("test CA", CryptoSuite.STANDARD, Duration.ofDays(365), Clock.systemUTC());
    await(store.certificateRequests("kiosk-1", CryptoSuite.STANDARD));
    String otherCsr = Csr.create("kiosk-1", Keys.generate(SignatureAlgorithm.ED25519)).toPem();

    assertThatThrownBy(() -> await(store.install(issue(ca, ca, new CertificateRequests(otherCsr, Optional.empty())))))
        .hasCauseInstanceOf(IdentityException.class).hasMessageContaining("BAD_RESPONSE");
    assertThat(dir.resolve("device-cert.pem")).doesNotExist();
  }

  @Test
  void existing_key_of_the_other_suite_is_never_replaced(Vertx vertx) throws Exception {
    FileIdentityStore store = new FileIdentityStore(vertx, dir, Clock.systemUTC());
    await(store.signingKey(SignatureAlgorithm.ED25519));
    String before = Files.readString(dir.resolve("device-key.pem"));

    assertThatThrownBy(() -> await(store.certificateRequests("kiosk-1", CryptoSuite.SM)))
        .hasCauseInstanceOf(IdentityException.class).hasMessageContaining("KEY_STORE");
    assertThat(Files.readString(dir.resolve("device-key.pem"))).isEqualTo(before);
  }

  @Test
  void current_tls_identity_is_refused_before_enrolment_and_follows_every_install() {
    CurrentTlsIdentity current = new CurrentTlsIdentity();

    assertThatThrownBy(current::get).isInstanceOfSatisfying(IdentityException.class,
        e -> assertThat(e.reason()).isEqualTo(IdentityException.Reason.NOT_ENROLLED));
  }
}
