package org.doorstep.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.enrol.FleetCa;
import org.doorstep.fleet.store.EnrolmentStore;
import org.doorstep.fleet.store.RecordQuery;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestTls;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed Mosquitto set-up ({@code src/main/dist/mosquitto/mosquitto.conf} and {@code acl})
 * run by this test's own {@code /usr/sbin/mosquitto} on a free loopback port, with certificates from
 * the fleet's CA ({@link BrokerCertsCommand}): a device delivers to the fleet ({@link ExternalBroker}
 * over TLS with its own client certificate), the ACL keeps devices out of each other's topics, and
 * certificates of another CA or expired ones are refused. {@code -Pinterop} only; fails (never
 * skips) when Mosquitto is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MosquittoTlsInteropIT {
  private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
  private static final Path DIST = Path.of("src/main/dist/mosquitto");
  private static final Duration START = Duration.ofSeconds(60);

  private Vertx vertx;
  private Process mosquitto;
  private Path mosquittoLog;
  private FleetVerticle fleet;
  private DeviceCa tlsCa;
  private String uri;
  private Path crlFile;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    if (!Files.isExecutable(MOSQUITTO)) {
      fail("mosquitto is not installed at " + MOSQUITTO + ": install the Debian package 'mosquitto' (apt-get install mosquitto)");
    }
    // The fleet CA first (the fleet loads it from the same folder), then the broker's files from it.
    Path caDir = dir.resolve("ca");
    tlsCa = FleetCa.tlsCa(caDir, FleetCa.loadOrCreate(caDir, CryptoSuite.STANDARD, Clock.systemUTC()), Clock.systemUTC());
    Path etc = dir.resolve("mosquitto");
    BrokerCertsCommand.write(etc, tlsCa, List.of("localhost", "127.0.0.1"), Clock.systemUTC());
    // As broker-certs writes it before the fleet runs: nothing revoked yet (Mosquitto needs a CRL of the CA).
    crlFile = BrokerCrl.write(etc.resolve(BrokerCertsCommand.CRL_FILE), BrokerCrl.sign(tlsCa, List.of(), Clock.systemUTC()));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String conf = Files.readString(DIST.resolve("mosquitto.conf"))
        .replace("/etc/mosquitto/doorstep", etc.toString())
        .replace("listener 8883", "listener " + port + " 127.0.0.1")
        + "\nuser " + System.getProperty("user.name") + "\nlog_dest file " + dir.resolve("mosquitto.log") + "\nlog_type all\n";
    Files.writeString(etc.resolve("mosquitto.conf"), conf);
    Files.copy(DIST.resolve("acl"), etc.resolve("acl"));
    mosquittoLog = dir.resolve("mosquitto.log");
    mosquitto = new ProcessBuilder(MOSQUITTO.toString(), "-c", etc.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
    await().atMost(Duration.ofSeconds(15)).until(() -> listening(port) || !mosquitto.isAlive());
    assertThat(mosquitto.isAlive()).as("mosquitto started; its output: %s", Files.readString(dir.resolve("mosquitto.out")))
        .isTrue();

    uri = "ssl://localhost:" + port;
    vertx = Vertx.vertx();
    fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0).withSqlite(dir.resolve("fleet.db"))
        .withExternalBroker(uri, "fleet-1", "fleet").withCrlFile(crlFile));
    await(vertx.deployVerticle(fleet), START);
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (vertx != null) {
      await(vertx.close(), START);
    }
    if (mosquitto != null) {
      mosquitto.destroy();
      mosquitto.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private TestKiosk registered(String id) {
    TestKiosk k = TestKiosk.create(id);
    await(fleet.devices().register(id, k.publicKeyPem(), "440103"));
    return k;
  }

  private long storedFor(String deviceId) {
    return await(fleet.records().findRecords(RecordQuery.all().withDevice(deviceId).withPage(100, 0))).items().size();
  }

  @Test
  void device_delivers_through_mosquitto_and_cannot_touch_another_devices_topics() throws Exception {
    TestKiosk a = registered("mq-a");
    TestKiosk b = registered("mq-b");
    String bConfig = Topics.topic(b.deviceId(), Topics.Channel.CONFIG);
    String aConfig = Topics.topic(a.deviceId(), Topics.Channel.CONFIG);
    await(fleet.publisher().publish(bConfig, "config-for-b".getBytes(StandardCharsets.UTF_8), true));
    try (TestDevice device = TestDevice.connect(uri, a.deviceId(), TestTls.options(TestTls.device(tlsCa, a.deviceId())))) {
      device.subscribe(a.acksTopic());
      CertificationRecord first = a.nextRecord();
      assertThat(device.publish(a.recordsTopic(), a.signed(first), false)).isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> !device.received(a.acksTopic()).isEmpty());
      assertThat(storedFor(a.deviceId())).isEqualTo(1);

      // Into B's records (a genuine record of B): refused by the ACL. Subscribing to B's config:
      // Mosquitto 2.0.11 answers the SUBACK with "granted" but checks read access per message and
      // never delivers B's topics to A (asserted below).
      assertThat(device.publish(b.recordsTopic(), b.signed(b.nextRecord()), false)).isEqualTo(0x87);
      device.subscribeCode(bConfig);
      // A barrier: A's next record and A's own config arrive, B's never do.
      assertThat(device.publish(a.recordsTopic(), a.signed(a.nextRecord()), false)).isZero();
      assertThat(device.subscribeCode(aConfig)).isLessThan(0x80);
      await(fleet.publisher().publish(aConfig, "config-for-a".getBytes(StandardCharsets.UTF_8), true));
      await().atMost(Duration.ofSeconds(20)).until(() -> storedFor(a.deviceId()) == 2 && !device.received(aConfig).isEmpty());
      assertThat(storedFor(b.deviceId())).isZero();
      assertThat(device.received()).extracting(TestDevice.Received::topic).doesNotContain(bConfig);
    }
    assertThat(Files.readString(mosquittoLog)).contains("Denied PUBLISH from mq-a");
  }

  /** How often Mosquitto has logged a refused client certificate ("certificate verify failed"). */
  private long verifyFailures() throws IOException {
    return Files.readAllLines(mosquittoLog).stream().filter(l -> l.contains("certificate verify failed")).count();
  }

  @Test
  void certificate_of_another_ca_is_refused() throws Exception {
    long before = verifyFailures();
    TlsIdentity rogue = TestTls.device(TestTls.ca("rogue CA"), "mq-rogue", tlsCa);
    assertThatThrownBy(() -> TestDevice.connect(uri, "mq-rogue", TestTls.options(rogue))).isInstanceOf(MqttException.class);
    await().atMost(Duration.ofSeconds(5)).until(() -> verifyFailures() > before);
  }

  @Test
  void expired_certificate_is_refused() throws Exception {
    long before = verifyFailures();
    TlsIdentity expired = TestTls.expiredDevice(tlsCa, "mq-expired");
    assertThatThrownBy(() -> TestDevice.connect(uri, "mq-expired", TestTls.options(expired))).isInstanceOf(MqttException.class);
    await().atMost(Duration.ofSeconds(5)).until(() -> verifyFailures() > before);
  }

  /** Records {@code identity}'s certificate as issued to {@code deviceId}, as enrolment does (V6). */
  private void recordCertificate(String deviceId, TlsIdentity identity) {
    var cert = identity.chain().get(0);
    await(fleet.stores().enrolment().saveCertificates(List.of(new EnrolmentStore.CertificateRow(
        cert.getSerialNumber().toString(16), deviceId, true, java.time.Instant.now(), cert.getNotAfter().toInstant()))));
  }

  private long logged(String text) throws IOException {
    return Files.readAllLines(mosquittoLog).stream().filter(l -> l.contains(text)).count();
  }

  @Test
  void revoked_device_is_refused_after_the_crl_is_rewritten_and_mosquitto_reloads() throws Exception {
    TestKiosk r = registered("mq-revoked");
    TestKiosk k = registered("mq-kept");
    TlsIdentity revokedTls = TestTls.device(tlsCa, r.deviceId());
    TlsIdentity keptTls = TestTls.device(tlsCa, k.deviceId());
    recordCertificate(r.deviceId(), revokedTls);
    recordCertificate(k.deviceId(), keptTls);
    try (TestDevice device = TestDevice.connect(uri, r.deviceId(), TestTls.options(revokedTls))) {
      device.subscribe(r.acksTopic());
      assertThat(device.publish(r.recordsTopic(), r.signed(r.nextRecord()), false)).isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> !device.received(r.acksTopic()).isEmpty());
    }
    assertThat(storedFor(r.deviceId())).isEqualTo(1);

    // Revocation rewrites the CRL (the fleet's onRevoked hook); a publish() after it waits for that write.
    await(fleet.devices().revoke(r.deviceId()));
    await(fleet.crl().publish());
    java.security.cert.X509CRL crl = (java.security.cert.X509CRL) java.security.cert.CertificateFactory
        .getInstance("X.509").generateCRL(Files.newInputStream(crlFile));
    assertThat(crl.isRevoked(revokedTls.chain().get(0))).isTrue();
    assertThat(crl.isRevoked(keptTls.chain().get(0))).isFalse();

    // What the operator's reload hook does: SIGHUP to the broker.
    long reloads = logged("Reloading config");
    long before = verifyFailures();
    Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(mosquitto.pid())).inheritIO().start();
    assertThat(hup.waitFor()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> logged("Reloading config") > reloads);

    assertThatThrownBy(() -> TestDevice.connect(uri, r.deviceId(), TestTls.options(revokedTls)))
        .isInstanceOf(MqttException.class);
    await().atMost(Duration.ofSeconds(5)).until(() -> verifyFailures() > before);
    try (TestDevice device = TestDevice.connect(uri, k.deviceId(), TestTls.options(keptTls))) {
      device.subscribe(k.acksTopic());
      assertThat(device.publish(k.recordsTopic(), k.signed(k.nextRecord()), false)).isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> !device.received(k.acksTopic()).isEmpty());
    }
    assertThat(storedFor(k.deviceId())).isEqualTo(1);
  }
}
