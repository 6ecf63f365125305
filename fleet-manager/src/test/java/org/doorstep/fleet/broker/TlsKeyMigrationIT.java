package org.doorstep.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.doorstep.agent.identity.DeviceCredentials;
import org.doorstep.agent.identity.DeviceIdentityService;
import org.doorstep.agent.identity.FileIdentityStore;
import org.doorstep.agent.identity.RenewalPlan;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.config.profile.Uplink;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.enrol.FleetCa;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The move of an existing STANDARD fleet from Ed25519 to ECDSA P-256 TLS keys, through the real fleet
 * (HTTPS and the embedded broker) and the agent's identity code: a fleet data dir from before the
 * switch (an Ed25519 device CA that also was the TLS CA, an Ed25519 server certificate) and a kiosk
 * enrolled there (its Ed25519 device key and certificate are its TLS identity, it trusts only that
 * CA). At start the fleet issues a P-256 TLS CA and server certificate; the kiosk still connects to
 * the broker and renews over mutual TLS, and ends up with a P-256 TLS certificate and the new TLS CA,
 * with which it connects and renews again.
 */
class TlsKeyMigrationIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final String REGION = "440106";

  @TempDir
  Path dir;

  private Vertx vertx;

  @AfterEach
  void tearDown() {
    if (vertx != null) {
      await(vertx.close(), START);
    }
  }

  /** The old fleet's CA dir: device CA = TLS CA (Ed25519), and an Ed25519 server certificate from it. */
  private DeviceCa oldFleet(Path caDir) throws Exception {
    DeviceCa deviceCa = FleetCa.loadOrCreate(caDir, CryptoSuite.STANDARD, Clock.systemUTC());
    KeyPair server = Keys.generate(SignatureAlgorithm.ED25519);
    X509Certificate cert = deviceCa.issueServer(server.getPublic(), "doorstep-fleet", List.of("localhost", "127.0.0.1"),
        Duration.ofDays(90), Clock.systemUTC());
    Keys.writePrivateKey(caDir.resolve(FleetCa.SERVER_KEY_FILE), server.getPrivate());
    Files.writeString(caDir.resolve(FleetCa.SERVER_CERT_FILE), Certificates.toPem(cert), StandardCharsets.US_ASCII);
    return deviceCa;
  }

  /** A kiosk enrolled at the old fleet: identity files as the old agent wrote them. */
  private static X509Certificate oldKiosk(Path kioskDir, TestKiosk kiosk, KeyPair deviceKey, DeviceCa deviceCa)
      throws Exception {
    Files.createDirectories(kioskDir);
    Keys.writePrivateKey(kioskDir.resolve("device-key.pem"), deviceKey.getPrivate());
    X509Certificate cert = deviceCa.issue(Csr.create(kiosk.deviceId(), deviceKey), kiosk.deviceId(), REGION,
        DeviceCa.DEFAULT_DEVICE_VALIDITY, Clock.systemUTC());
    Files.writeString(kioskDir.resolve("device-cert.pem"), Certificates.toPem(cert));
    Files.writeString(kioskDir.resolve("fleet-ca.pem"), Certificates.toPem(deviceCa.certificate()));
    Files.writeString(kioskDir.resolve("tls-ca.pem"), Certificates.toPem(deviceCa.certificate()));
    return cert;
  }

  /** Connects to the broker with {@code tls}, sends one record and waits for its STORED ack. */
  private static void deliversOneRecord(String uri, TestKiosk kiosk, TlsIdentity tls) throws Exception {
    try (TestDevice device = TestDevice.connect(uri, kiosk.deviceId(), TestTls.options(tls))) {
      device.subscribe(kiosk.acksTopic());
      CertificationRecord record = kiosk.nextRecord();
      assertThat(device.publish(kiosk.recordsTopic(), kiosk.signed(record), false)).isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> !device.received(kiosk.acksTopic()).isEmpty());
      Ack ack = WireCodec.decode(device.received(kiosk.acksTopic()).get(0).payload()).bodyAs(Ack.class);
      assertThat(ack).isEqualTo(Ack.stored(List.of(record.recordId())));
    }
  }

  @Test
  void kiosk_with_an_ed25519_tls_identity_still_connects_then_renews_to_p256_and_connects_with_it() throws Exception {
    Path caDir = dir.resolve("fleet").resolve("ca");
    DeviceCa deviceCa = oldFleet(caDir);
    KeyPair deviceKey = Keys.generate(SignatureAlgorithm.ED25519);
    TestKiosk kiosk = TestKiosk.create("kiosk-old", deviceKey);
    Path kioskDir = dir.resolve("kiosk");
    X509Certificate oldCert = oldKiosk(kioskDir, kiosk, deviceKey, deviceCa);

    vertx = Vertx.vertx();
    FleetVerticle fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0)
        .withEmbeddedTlsBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet").resolve("fleet.db")));
    await(vertx.deployVerticle(fleet), START);
    await(fleet.devices().register(kiosk.deviceId(), kiosk.publicKeyPem(), REGION));
    String broker = "ssl://localhost:" + fleet.brokerTlsPort();

    // The fleet moved to P-256 and keeps the old CA trusted.
    assertThat(Keys.algorithmOf(fleet.serverIdentity().certificate().getPublicKey()))
        .isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(fleet.tlsCas().legacy().orElseThrow().certificate()).isEqualTo(deviceCa.certificate());

    FileIdentityStore store = new FileIdentityStore(vertx, kioskDir, Clock.systemUTC());
    DeviceIdentityService identity = new DeviceIdentityService(vertx, store, kiosk.deviceId(), CryptoSuite.STANDARD,
        new Uplink.Enrolment("https://localhost:" + fleet.httpPort(), null, null, 33),
        DeviceIdentityService.ENROL_RETRY, new RenewalPlan(33, RenewalPlan.DEFAULT_RETRY), Clock.systemUTC());
    await(vertx.getOrCreateContext().<Void>executeBlocking(() -> null).compose(v -> identity.start()));
    TlsIdentity before = identity.tlsIdentity().get();
    assertThat(before.certificate()).isEqualTo(oldCert);

    // Not stranded: the old identity, trusting only the old CA, reaches the P-256 broker.
    deliversOneRecord(broker, kiosk, before);

    DeviceCredentials renewed = await(identity.renewNow(), Duration.ofSeconds(30));

    X509Certificate tlsCert = renewed.tls().certificate();
    assertThat(Keys.algorithmOf(tlsCert.getPublicKey())).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThat(renewed.tlsCa()).isEqualTo(fleet.tlsCa().certificate());
    assertThat(Certificates.verifyDeviceCertificate(tlsCert, fleet.tlsCa().certificate(), java.time.Instant.now()))
        .isEqualTo(kiosk.deviceId());
    assertThat(renewed.deviceCertificate().getPublicKey().getEncoded()).isEqualTo(deviceKey.getPublic().getEncoded());
    assertThat(identity.tlsIdentity().get().certificate()).isEqualTo(tlsCert);
    assertThat(Certificates.fromPem(Files.readString(kioskDir.resolve("tls-ca.pem"))))
        .isEqualTo(fleet.tlsCa().certificate());

    // And with the new identity, which trusts only the P-256 CA, it connects and renews again.
    deliversOneRecord(broker, kiosk, identity.tlsIdentity().get());
    DeviceCredentials again = await(identity.renewNow(), Duration.ofSeconds(30));
    assertThat(again.tls().certificate().getPublicKey()).isEqualTo(tlsCert.getPublicKey());
    assertThat(again.tls().certificate()).isNotEqualTo(tlsCert);
    identity.stop();
  }
}
