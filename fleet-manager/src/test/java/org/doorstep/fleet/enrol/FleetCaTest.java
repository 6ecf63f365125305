package org.doorstep.fleet.enrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetCaTest {
  private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void standardSuiteUsesTheDeviceCaForTls(@TempDir Path dir) {
    DeviceCa ca = FleetCa.loadOrCreate(dir, CryptoSuite.STANDARD, CLOCK);
    assertThat(FleetCa.tlsCa(dir, ca, CLOCK)).isSameAs(ca);
    assertThat(dir.resolve(FleetCa.TLS_CERT_FILE)).doesNotExist();
  }

  @Test
  void smSuiteKeepsASeparateEd25519TlsCaAcrossRestarts(@TempDir Path dir) throws Exception {
    DeviceCa ca = FleetCa.loadOrCreate(dir, CryptoSuite.SM, CLOCK);
    DeviceCa tls = FleetCa.tlsCa(dir, ca, CLOCK);
    assertThat(ca.algorithm()).isEqualTo(SignatureAlgorithm.SM2_SM3);
    assertThat(tls.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(FleetCa.TLS_KEY_FILE))))
        .isEqualTo("rw-------");
    assertThat(FleetCa.tlsCa(dir, ca, CLOCK).certificate()).isEqualTo(tls.certificate());
  }

  @Test
  void serverIdentityIsReusedUntilNamesChangeOrTwoThirdsOfItsLifeHavePassed(@TempDir Path dir) {
    DeviceCa ca = FleetCa.loadOrCreate(dir, CryptoSuite.STANDARD, CLOCK);
    TlsIdentity first = FleetCa.serverIdentity(dir, ca, List.of("localhost", "127.0.0.1"), CLOCK);
    assertThat(first.sslContext()).isNotNull();
    assertThat(FleetCa.serverIdentity(dir, ca, List.of("127.0.0.1", "localhost"), CLOCK).certificate())
        .isEqualTo(first.certificate());
    Clock later = Clock.offset(CLOCK, FleetCa.SERVER_VALIDITY.multipliedBy(2).dividedBy(3).plus(Duration.ofDays(1)));
    assertThat(FleetCa.serverIdentity(dir, ca, List.of("localhost", "127.0.0.1"), later).certificate())
        .isNotEqualTo(first.certificate());
    TlsIdentity renamed = FleetCa.serverIdentity(dir, ca, List.of("fleet.county.example"), CLOCK);
    assertThat(renamed.certificate()).isNotEqualTo(first.certificate());
  }
}
