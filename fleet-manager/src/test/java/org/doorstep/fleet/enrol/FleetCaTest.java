package org.doorstep.fleet.enrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.PeerTrust;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FleetCaTest {
  private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final List<String> NAMES = List.of("localhost", "127.0.0.1");

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void tlsCaIsASeparateP256CaInBothSuitesKeptAcrossRestarts(CryptoSuite suite, @TempDir Path dir) throws Exception {
    DeviceCa ca = FleetCa.loadOrCreate(dir, suite, CLOCK);
    TlsCas tls = FleetCa.tlsCas(dir, ca, CLOCK);
    assertThat(ca.algorithm()).isEqualTo(suite.signatureAlgorithm());
    assertThat(tls.current().algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(tls.legacy()).isEmpty();
    assertThat(tls.trusted()).containsExactly(tls.current().certificate());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(FleetCa.TLS_KEY_FILE))))
        .isEqualTo("rw-------");
    assertThat(FleetCa.tlsCa(dir, ca, CLOCK).certificate()).isEqualTo(tls.current().certificate());
    assertThat(dir.resolve(FleetCa.LEGACY_TLS_CERT_FILE)).doesNotExist();
  }

  @Test
  void serverIdentityIsReusedUntilNamesChangeOrTwoThirdsOfItsLifeHavePassed(@TempDir Path dir) {
    DeviceCa ca = FleetCa.tlsCa(dir, FleetCa.loadOrCreate(dir, CryptoSuite.STANDARD, CLOCK), CLOCK);
    TlsIdentity first = FleetCa.serverIdentity(dir, ca, NAMES, CLOCK);
    assertThat(first.sslContext()).isNotNull();
    assertThat(Keys.algorithmOf(first.certificate().getPublicKey())).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(FleetCa.serverIdentity(dir, ca, List.of("127.0.0.1", "localhost"), CLOCK).certificate())
        .isEqualTo(first.certificate());
    Clock later = Clock.offset(CLOCK, FleetCa.SERVER_VALIDITY.multipliedBy(2).dividedBy(3).plus(Duration.ofDays(1)));
    assertThat(FleetCa.serverIdentity(dir, ca, NAMES, later).certificate())
        .isNotEqualTo(first.certificate());
    TlsIdentity renamed = FleetCa.serverIdentity(dir, ca, List.of("fleet.county.example"), CLOCK);
    assertThat(renamed.certificate()).isNotEqualTo(first.certificate());
  }

  /** What a STANDARD fleet from before the switch left: its device CA issued an Ed25519 server certificate. */
  private static void oldStandardServer(Path dir, DeviceCa deviceCa) throws Exception {
    KeyPair pair = Keys.generate(SignatureAlgorithm.ED25519);
    X509Certificate cert = deviceCa.issueServer(pair.getPublic(), "doorstep-fleet", NAMES, Duration.ofDays(90), CLOCK);
    Keys.writePrivateKey(dir.resolve(FleetCa.SERVER_KEY_FILE), pair.getPrivate());
    Files.writeString(dir.resolve(FleetCa.SERVER_CERT_FILE), Certificates.toPem(cert), StandardCharsets.US_ASCII);
  }

  @Test
  void standardFleetFromBeforeTheSwitchKeepsItsDeviceCaTrustedAsLegacyTlsCaAndCrossCertifiesTheNewOne(
      @TempDir Path dir) throws Exception {
    DeviceCa deviceCa = FleetCa.loadOrCreate(dir, CryptoSuite.STANDARD, CLOCK);
    oldStandardServer(dir, deviceCa);

    TlsCas cas = FleetCa.tlsCas(dir, deviceCa, CLOCK);

    assertThat(cas.current().algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(cas.legacy()).containsSame(deviceCa);
    assertThat(cas.trusted()).containsExactly(cas.current().certificate(), deviceCa.certificate());
    X509Certificate cross = cas.crossCertificate().orElseThrow();
    cross.verify(deviceCa.certificate().getPublicKey(), Keys.BC);
    assertThat(cross.getPublicKey().getEncoded()).isEqualTo(cas.current().certificate().getPublicKey().getEncoded());
    // The key stays where it was: only the certificate marks the legacy CA.
    assertThat(dir.resolve(FleetCa.LEGACY_TLS_KEY_FILE)).doesNotExist();

    // The new server certificate is P-256, and old kiosks (trusting the device CA) and new ones both accept it.
    TlsIdentity server = FleetCa.serverIdentity(dir, cas, NAMES, CLOCK);
    assertThat(Keys.algorithmOf(server.certificate().getPublicKey())).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(server.chain()).containsExactly(server.certificate(), cas.current().certificate(), cross);
    X509Certificate[] chain = server.chain().toArray(new X509Certificate[0]);
    PeerTrust.pkix(List.of(deviceCa.certificate())).checkServerTrusted(chain, "UNKNOWN");
    PeerTrust.pkix(List.of(cas.current().certificate())).checkServerTrusted(chain, "UNKNOWN");

    // A restart finds the same CAs and cross certificate.
    TlsCas again = FleetCa.tlsCas(dir, deviceCa, CLOCK);
    assertThat(again.current().certificate()).isEqualTo(cas.current().certificate());
    assertThat(again.crossCertificate()).contains(cross);
  }

  @Test
  void smFleetFromBeforeTheSwitchMovesItsEd25519TlsCaToLegacy(@TempDir Path dir) throws Exception {
    DeviceCa deviceCa = FleetCa.loadOrCreate(dir, CryptoSuite.SM, CLOCK);
    DeviceCa oldTls = DeviceCa.create("Doorstep fleet TLS CA", CryptoSuite.STANDARD, Duration.ofDays(3650), CLOCK);
    Keys.writePrivateKey(dir.resolve(FleetCa.TLS_KEY_FILE), oldTls.keyPair().getPrivate());
    Files.writeString(dir.resolve(FleetCa.TLS_CERT_FILE), Certificates.toPem(oldTls.certificate()));

    TlsCas cas = FleetCa.tlsCas(dir, deviceCa, CLOCK);

    assertThat(cas.current().algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(cas.legacy().orElseThrow().certificate()).isEqualTo(oldTls.certificate());
    assertThat(dir.resolve(FleetCa.LEGACY_TLS_KEY_FILE)).exists();
    assertThat(Certificates.fromPem(Files.readString(dir.resolve(FleetCa.TLS_CERT_FILE))))
        .isEqualTo(cas.current().certificate());
    assertThat(FleetCa.tlsCas(dir, deviceCa, CLOCK).legacy().orElseThrow().certificate())
        .isEqualTo(oldTls.certificate());
  }

  @Test
  void newStandardFleetHasNoLegacyTlsCa(@TempDir Path dir) {
    DeviceCa deviceCa = FleetCa.loadOrCreate(dir, CryptoSuite.STANDARD, CLOCK);
    TlsCas cas = FleetCa.tlsCas(dir, deviceCa, CLOCK);
    FleetCa.serverIdentity(dir, cas, NAMES, CLOCK);
    assertThat(FleetCa.tlsCas(dir, deviceCa, CLOCK).legacy()).isEmpty();
  }

  @Test
  void deletingTheLegacyCertificateEndsTheTransition(@TempDir Path dir) throws Exception {
    DeviceCa deviceCa = FleetCa.loadOrCreate(dir, CryptoSuite.STANDARD, CLOCK);
    oldStandardServer(dir, deviceCa);
    FleetCa.tlsCas(dir, deviceCa, CLOCK);
    Files.delete(dir.resolve(FleetCa.LEGACY_TLS_CERT_FILE));

    TlsCas cas = FleetCa.tlsCas(dir, deviceCa, CLOCK);

    assertThat(cas.legacy()).isEmpty();
    assertThat(FleetCa.serverIdentity(dir, cas, NAMES, CLOCK).chain()).hasSize(2);
  }
}
