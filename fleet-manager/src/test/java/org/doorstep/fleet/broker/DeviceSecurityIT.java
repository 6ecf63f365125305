package org.doorstep.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.store.RecordQuery;
import org.doorstep.fleet.testing.LogCapture;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestTls;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's default broker set-up (embedded HiveMQ, mutual-TLS listener only, no plaintext) against
 * real Paho clients over TLS 1.3 with certificates minted from the fleet's TLS CA: delivery, topic
 * ACL, wrong CA, expired certificate, client id ≠ CN, unknown and revoked devices. Every refusal is
 * checked on the wire, in the log (with its reason) and in the store (nothing stored).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceSecurityIT {
  private static final Duration START = Duration.ofSeconds(60);

  private Vertx vertx;
  private FleetVerticle fleet;
  private DeviceCa tlsCa;
  private String uri;

  @BeforeAll
  void startFleet(@TempDir Path dir) {
    vertx = Vertx.vertx();
    FleetConfig config = FleetConfig.defaults().withHttpPort(0)
        .withEmbeddedTlsBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db"));
    fleet = new FleetVerticle(config);
    await(vertx.deployVerticle(fleet), START);
    tlsCa = fleet.tlsCa();
    uri = "ssl://localhost:" + fleet.brokerTlsPort();
  }

  @AfterAll
  void stopFleet() {
    await(vertx.close(), START);
  }

  /** A registered kiosk (signing key) with a TLS identity from the fleet's CA. */
  private record Kiosk(TestKiosk kiosk, TlsIdentity tls) {
    String id() {
      return kiosk.deviceId();
    }
  }

  private Kiosk registered(String id) {
    TestKiosk k = TestKiosk.create(id);
    await(fleet.devices().register(id, k.publicKeyPem(), "440103"));
    return new Kiosk(k, TestTls.device(tlsCa, id));
  }

  private TestDevice connect(String clientId, TlsIdentity identity) throws MqttException {
    return TestDevice.connect(uri, clientId, TestTls.options(identity));
  }

  private long storedFor(String deviceId) {
    return await(fleet.records().findRecords(RecordQuery.all().withDevice(deviceId).withPage(100, 0))).items().size();
  }

  private static int connackCode(MqttException e) {
    return e.getReasonCode();
  }

  @Test
  void plaintext_listener_is_off_and_the_tls_listener_carries_a_record_end_to_end() throws Exception {
    assertThat(fleet.brokerPort()).isEqualTo(-1);
    Kiosk a = registered("tls-a");
    try (TestDevice device = connect(a.id(), a.tls())) {
      device.subscribe(a.kiosk().acksTopic());
      CertificationRecord record = a.kiosk().nextRecord();
      assertThat(device.publish(a.kiosk().recordsTopic(), a.kiosk().signed(record), false)).isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> !device.received(a.kiosk().acksTopic()).isEmpty());
      Ack ack = WireCodec.decode(device.received(a.kiosk().acksTopic()).get(0).payload()).bodyAs(Ack.class);
      assertThat(ack).isEqualTo(Ack.stored(java.util.List.of(record.recordId())));
      assertThat(storedFor(a.id())).isEqualTo(1);
    }
  }

  /** docs/wire-protocol.md §1: what PUBACK a device gets on each of its channels (0x10 is a success). */
  @Test
  void state_publish_gets_puback_no_matching_subscribers_and_a_record_gets_success() throws Exception {
    Kiosk a = registered("puback-a");
    try (TestDevice device = connect(a.id(), a.tls())) {
      assertThat(device.publish(a.kiosk().stateTopic(), a.kiosk().stateMessage(true, java.time.Instant.now()), true))
          .isEqualTo(0x10);
      assertThat(device.publish(a.kiosk().recordsTopic(), a.kiosk().signed(a.kiosk().nextRecord()), false)).isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> storedFor(a.id()) == 1);
      assertThat(device.isConnected()).isTrue();
    }
  }

  @Test
  void a_device_cannot_publish_into_another_devices_records() throws Exception {
    Kiosk a = registered("acl-a");
    Kiosk b = registered("acl-b");
    try (LogCapture log = LogCapture.of(DeviceSecurity.class); TestDevice device = connect(a.id(), a.tls())) {
      // A genuine record of B (signed with B's key), pushed through A's connection into B's topic.
      byte[] bRecord = b.kiosk().signed(b.kiosk().nextRecord());
      assertThat(device.publish(b.kiosk().recordsTopic(), bRecord, false)).isEqualTo(0x87);
      assertThat(device.publish(Topics.topic(b.id(), Topics.Channel.STATE), "{}".getBytes(StandardCharsets.UTF_8), true))
          .isEqualTo(0x87);
      assertThat(log.messages()).anySatisfy(m -> assertThat(m).startsWith("WARN Publish refused: device acl-a on "
          + "'doorstep/v1/acl-b/records': TOPIC_NOT_ALLOWED (topic 'doorstep/v1/acl-b/records' belongs to device acl-b)"));
      // Refused on an ingest channel, the connection survives: A's own record still goes through.
      CertificationRecord own = a.kiosk().nextRecord();
      assertThat(device.publish(a.kiosk().recordsTopic(), a.kiosk().signed(own), false)).isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> storedFor(a.id()) == 1);
      // Publishing on a fleet → device channel is refused by HiveMQ's authorizer, which also closes the connection.
      assertThat(device.publish(Topics.topic(a.id(), Topics.Channel.ACKS), "{}".getBytes(StandardCharsets.UTF_8), false))
          .isEqualTo(0x87);
      assertThat(log.messages()).anySatisfy(m -> assertThat(m).startsWith("WARN Publish refused: device acl-a on "
          + "'doorstep/v1/acl-a/acks': TOPIC_NOT_ALLOWED"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !device.isConnected());
      assertThat(storedFor(b.id())).isZero();
    }
  }

  @Test
  void a_device_cannot_read_another_devices_config_or_commands() throws Exception {
    Kiosk a = registered("sub-a");
    Kiosk b = registered("sub-b");
    String bConfig = Topics.topic(b.id(), Topics.Channel.CONFIG);
    await(fleet.publisher().publish(bConfig, "config-for-b".getBytes(StandardCharsets.UTF_8), true));
    try (LogCapture log = LogCapture.of(DeviceSecurity.class); TestDevice device = connect(a.id(), a.tls())) {
      assertThat(device.subscribeCode(bConfig)).isEqualTo(0x87);
      assertThat(device.subscribeCode(Topics.topic(b.id(), Topics.Channel.COMMANDS))).isEqualTo(0x87);
      assertThat(device.subscribeCode("doorstep/v1/+/config")).isEqualTo(0x87);
      assertThat(device.subscribeCode("#")).isEqualTo(0x87);
      assertThat(device.subscribeCode("$share/fleet/doorstep/v1/+/records")).isEqualTo(0x87);
      assertThat(device.subscribeCode(Topics.topic(a.id(), Topics.Channel.CONFIG))).isLessThan(0x80);
      String aConfig = Topics.topic(a.id(), Topics.Channel.CONFIG);
      await(fleet.publisher().publish(aConfig, "config-for-a".getBytes(StandardCharsets.UTF_8), true));
      await().atMost(Duration.ofSeconds(10)).until(() -> !device.received(aConfig).isEmpty());
      assertThat(device.received()).extracting(TestDevice.Received::topic).containsOnly(aConfig);
      assertThat(log.messages()).anySatisfy(m -> assertThat(m).startsWith("WARN Subscription refused: device sub-a to "
          + "'doorstep/v1/sub-b/config': TOPIC_NOT_ALLOWED"));
    }
  }

  @Test
  void client_id_other_than_the_certificate_cn_is_refused() {
    Kiosk a = registered("cn-a");
    registered("cn-b");
    try (LogCapture log = LogCapture.of(DeviceSecurity.class)) {
      assertThatThrownBy(() -> connect("cn-b", a.tls()))
          .isInstanceOfSatisfying(MqttException.class, e -> assertThat(connackCode(e)).isEqualTo(0x85));
      assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("client 'cn-b'", "CLIENT_ID_MISMATCH"));
    }
  }

  @Test
  void unknown_device_with_a_valid_certificate_is_refused() {
    TlsIdentity stranger = TestTls.device(tlsCa, "never-registered");
    try (LogCapture log = LogCapture.of(DeviceSecurity.class)) {
      assertThatThrownBy(() -> connect("never-registered", stranger))
          .isInstanceOfSatisfying(MqttException.class, e -> assertThat(connackCode(e)).isEqualTo(0x87));
      assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("never-registered", "UNKNOWN_DEVICE"));
    }
  }

  @Test
  void certificate_of_another_ca_is_refused_in_the_handshake() {
    registered("rogue-a");
    TlsIdentity rogue = TestTls.device(TestTls.ca("rogue CA"), "rogue-a", tlsCa);
    try (LogCapture log = LogCapture.of("com.hivemq.security.ssl")) {
      assertThatThrownBy(() -> connect("rogue-a", rogue)).isInstanceOf(MqttException.class);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.messages())
          .anySatisfy(m -> assertThat(m).contains("SSL Handshake failed", "127.0.0.1")));
    }
    assertThat(storedFor("rogue-a")).isZero();
  }

  @Test
  void expired_certificate_is_refused_in_the_handshake() {
    registered("expired-a");
    TlsIdentity expired = TestTls.expiredDevice(tlsCa, "expired-a");
    try (LogCapture log = LogCapture.of("com.hivemq.security.ssl")) {
      assertThatThrownBy(() -> connect("expired-a", expired)).isInstanceOf(MqttException.class);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.messages())
          .anySatisfy(m -> assertThat(m).contains("SSL Handshake failed", "NotAfter")));
    }
  }

  @Test
  void revoked_device_is_disconnected_refused_on_reconnect_and_its_records_not_stored() throws Exception {
    Kiosk r = registered("revoked-a");
    try (LogCapture log = LogCapture.of(DeviceSecurity.class); TestDevice device = connect(r.id(), r.tls())) {
      assertThat(device.isConnected()).isTrue();
      await(fleet.devices().revoke(r.id()));
      await().atMost(Duration.ofSeconds(10)).until(() -> !device.isConnected());

      assertThatThrownBy(() -> connect(r.id(), r.tls()))
          .isInstanceOfSatisfying(MqttException.class, e -> assertThat(connackCode(e)).isEqualTo(0x87));
      assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("revoked-a", "DEVICE_REVOKED"));
    }
    assertThat(storedFor(r.id())).isZero();
  }

  @Test
  void connect_without_tls_to_the_tls_port_gets_nowhere() {
    MqttConnectionOptions plain = new MqttConnectionOptions();
    plain.setConnectionTimeout(5);
    assertThatThrownBy(() -> TestDevice.connect("tcp://127.0.0.1:" + fleet.brokerTlsPort(), "plain-a", plain))
        .isInstanceOf(MqttException.class);
  }
}
