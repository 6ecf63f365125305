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
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void both_suites_add_an_owner_only_p256_tls_key_with_its_own_certificate_and_write_the_contract_files(
      CryptoSuite suite, Vertx vertx) throws Exception {
    FileIdentityStore store = new FileIdentityStore(vertx, dir, Clock.systemUTC());
    DeviceCa deviceCa = DeviceCa.create("device CA", suite, Duration.ofDays(365), Clock.systemUTC());
    DeviceCa tls = DeviceCa.createTls("TLS CA", Duration.ofDays(365), Clock.systemUTC());

    assertThat(await(store.credentials())).isEmpty();
    CertificateRequests csrs = await(store.certificateRequests("kiosk-1", suite));
    assertThat(Csr.fromPem(csrs.csrPem()).signatureValid()).isTrue();
    assertThat(Keys.algorithmOf(Csr.fromPem(csrs.tlsCsrPem().orElseThrow()).publicKey()))
        .isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    DeviceCredentials c = await(store.install(issue(deviceCa, tls, csrs)));

    assertThat(perms(dir.resolve("device-key.pem"))).isEqualTo("rw-------");
    assertThat(perms(dir.resolve("tls-key.pem"))).isEqualTo("rw-------");
    for (String cert : new String[] {"device-cert.pem", "fleet-ca.pem", "tls-ca.pem", "tls-cert.pem"}) {
      assertThat(perms(dir.resolve(cert))).as(cert).isEqualTo("rw-r--r--");
    }
    assertThat(Keys.algorithmOf(Keys.readKeyPair(dir.resolve("tls-key.pem")).getPublic()))
        .isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(Keys.algorithmOf(c.deviceCertificate().getPublicKey())).isEqualTo(suite.signatureAlgorithm());
    assertThat(c.tls().certificate()).isNotEqualTo(c.deviceCertificate());
    assertThat(c.tlsCa()).isEqualTo(tls.certificate());
    assertThat(await(store.credentials()).orElseThrow().tls().certificate()).isEqualTo(c.tls().certificate());
    assertThat(await(store.credentials()).orElseThrow().deviceCertificate()).isEqualTo(c.deviceCertificate());
    // No temporary files left behind by the atomic writes.
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  /** Writes what a STANDARD kiosk enrolled before the switch holds: its device key is its TLS key. */
  private static void installLegacyStandard(Path dir, DeviceCa legacyCa) throws Exception {
    var key = Keys.generate(SignatureAlgorithm.ED25519);
    Keys.writePrivateKey(dir.resolve("device-key.pem"), key.getPrivate());
    X509Certificate cert = legacyCa.issue(Csr.create("kiosk-1", key), "kiosk-1", "440106", Duration.ofDays(30),
        Clock.systemUTC());
    Files.writeString(dir.resolve("device-cert.pem"), Certificates.toPem(cert));
    Files.writeString(dir.resolve("fleet-ca.pem"), Certificates.toPem(legacyCa.certificate()));
    Files.writeString(dir.resolve("tls-ca.pem"), Certificates.toPem(legacyCa.certificate()));
  }

  @Test
  void standard_kiosk_from_before_the_switch_uses_its_device_key_for_tls_until_a_renewal_installs_a_p256_one(
      Vertx vertx) throws Exception {
    DeviceCa legacy = DeviceCa.create("old CA", CryptoSuite.STANDARD, Duration.ofDays(365), Clock.systemUTC());
    DeviceCa tls = DeviceCa.createTls("TLS CA", Duration.ofDays(365), Clock.systemUTC());
    installLegacyStandard(dir, legacy);
    FileIdentityStore store = new FileIdentityStore(vertx, dir, Clock.systemUTC());

    DeviceCredentials before = await(store.credentials()).orElseThrow();
    assertThat(before.tls().certificate()).isEqualTo(before.deviceCertificate());
    assertThat(before.tlsCa()).isEqualTo(legacy.certificate());

    CertificateRequests csrs = await(store.certificateRequests("kiosk-1", CryptoSuite.STANDARD));
    // Not used until its certificate comes: the kiosk still connects with its device key.
    assertThat(await(store.credentials()).orElseThrow().tls().certificate()).isEqualTo(before.deviceCertificate());
    DeviceCredentials after = await(store.install(issue(legacy, tls, csrs)));

    assertThat(Keys.algorithmOf(after.tls().certificate().getPublicKey())).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(after.tlsCa()).isEqualTo(tls.certificate());
    assertThat(await(store.credentials()).orElseThrow().tls().certificate()).isEqualTo(after.tls().certificate());
    assertThat(Certificates.fromPem(Files.readString(dir.resolve("tls-ca.pem")))).isEqualTo(tls.certificate());
  }

  @Test
  void sm_kiosk_from_before_the_switch_replaces_its_ed25519_tls_key_only_when_the_p256_certificate_comes(
      Vertx vertx) throws Exception {
    DeviceCa sm = DeviceCa.create("SM CA", CryptoSuite.SM, Duration.ofDays(365), Clock.systemUTC());
    DeviceCa oldTls = DeviceCa.create("old TLS CA", CryptoSuite.STANDARD, Duration.ofDays(365), Clock.systemUTC());
    DeviceCa tls = DeviceCa.createTls("TLS CA", Duration.ofDays(365), Clock.systemUTC());
    FileIdentityStore store = new FileIdentityStore(vertx, dir, Clock.systemUTC());
    // The old layout: an Ed25519 tls-key.pem with its certificate from the old TLS CA.
    CertificateRequests first = await(store.certificateRequests("kiosk-1", CryptoSuite.SM));
    var oldKey = Keys.generate(SignatureAlgorithm.ED25519);
    Keys.writePrivateKey(dir.resolve("tls-key.pem"), oldKey.getPrivate());
    X509Certificate device = sm.issue(Csr.fromPem(first.csrPem()), "kiosk-1", "440106", Duration.ofDays(30),
        Clock.systemUTC());
    X509Certificate oldCert = oldTls.issue(Csr.create("kiosk-1", oldKey), "kiosk-1", "440106", Duration.ofDays(30),
        Clock.systemUTC());
    Files.writeString(dir.resolve("device-cert.pem"), Certificates.toPem(device));
    Files.writeString(dir.resolve("fleet-ca.pem"), Certificates.toPem(sm.certificate()));
    Files.writeString(dir.resolve("tls-ca.pem"), Certificates.toPem(oldTls.certificate()));
    Files.writeString(dir.resolve("tls-cert.pem"), Certificates.toPem(oldCert));

    CertificateRequests csrs = await(store.certificateRequests("kiosk-1", CryptoSuite.SM));
    assertThat(dir.resolve("tls-key.next.pem")).exists();
    assertThat(await(store.credentials()).orElseThrow().tls().certificate()).isEqualTo(oldCert);
    DeviceCredentials after = await(store.install(issue(sm, tls, csrs)));

    assertThat(dir.resolve("tls-key.next.pem")).doesNotExist();
    assertThat(dir.resolve("tls-cert.next.pem")).doesNotExist();
    assertThat(Keys.algorithmOf(Keys.readKeyPair(dir.resolve("tls-key.pem")).getPublic()))
        .isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(await(store.credentials()).orElseThrow().tls().certificate()).isEqualTo(after.tls().certificate());
    assertThat(after.tlsCa()).isEqualTo(tls.certificate());
  }

  @Test
  void tls_key_replacement_interrupted_between_its_renames_is_finished_at_the_next_load(Vertx vertx)
      throws Exception {
    DeviceCa sm = DeviceCa.create("SM CA", CryptoSuite.SM, Duration.ofDays(365), Clock.systemUTC());
    DeviceCa tls = DeviceCa.createTls("TLS CA", Duration.ofDays(365), Clock.systemUTC());
    FileIdentityStore store = new FileIdentityStore(vertx, dir, Clock.systemUTC());
    CertificateRequests csrs = await(store.certificateRequests("kiosk-1", CryptoSuite.SM));
    IssuedCertificates issued = issue(sm, tls, csrs);
    await(store.install(issued));
    // As if killed after the pending certificate was written and the key renamed, before the certificate rename.
    Files.move(dir.resolve("tls-cert.pem"), dir.resolve("tls-cert.next.pem"));
    Files.writeString(dir.resolve("tls-cert.pem"), Files.readString(dir.resolve("device-cert.pem")));

    DeviceCredentials loaded = await(new FileIdentityStore(vertx, dir, Clock.systemUTC()).credentials()).orElseThrow();

    assertThat(loaded.tls().certificate()).isEqualTo(issued.tlsCertificate().orElseThrow());
    assertThat(dir.resolve("tls-cert.next.pem")).doesNotExist();
  }

  @Test
  void certificate_for_another_key_is_refused_and_nothing_is_installed(Vertx vertx) throws Exception {
    FileIdentityStore store = new FileIdentityStore(vertx, dir, Clock.systemUTC());
    DeviceCa ca = DeviceCa.create("test CA", CryptoSuite.STANDARD, Duration.ofDays(365), Clock.systemUTC());
    DeviceCa tls = DeviceCa.createTls("TLS CA", Duration.ofDays(365), Clock.systemUTC());
    CertificateRequests csrs = await(store.certificateRequests("kiosk-1", CryptoSuite.STANDARD));
    String otherCsr = Csr.create("kiosk-1", Keys.generate(SignatureAlgorithm.ED25519)).toPem();

    assertThatThrownBy(() -> await(store.install(issue(ca, tls, new CertificateRequests(otherCsr, csrs.tlsCsrPem())))))
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
