package org.doorstep.fleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.identity.IdentityFiles;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.records.OutboxEntry;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.profile.Uplink;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.store.RecordQuery;
import org.doorstep.fleet.store.RecordSummary;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation's promise, end to end with real parts: real kiosk agents (SQLite outbox, Paho)
 * talk MQTT 5 to a real fleet manager (embedded HiveMQ, ingest, SQLite store) on loopback.
 * At-least-once on the wire, exactly-once in the store.
 */
class AgentToFleetIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(1);

  @TempDir
  Path dir;

  private Vertx vertx;
  private int brokerPort;
  private FleetVerticle fleet;
  private String fleetDeployment;
  private final List<String> agentDeployments = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    vertx = Vertx.vertx();
    // One fixed (but free) port for the whole test, so agents find the broker again after it restarts.
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      brokerPort = s.getLocalPort();
    }
  }

  @AfterEach
  void tearDown() {
    for (String id : agentDeployments) {
      await(vertx.undeploy(id).recover(e -> io.vertx.core.Future.succeededFuture()), START);
    }
    stopFleet();
    await(vertx.close(), START);
  }

  private FleetConfig fleetConfig() {
    return FleetConfig.defaults()
        .withHttpPort(0)
        .withEmbeddedBroker(brokerPort, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db"));
  }

  private void startFleet(FleetConfig config) {
    fleet = new FleetVerticle(config);
    fleetDeployment = await(vertx.deployVerticle(fleet), START);
  }

  private void stopFleet() {
    if (fleetDeployment != null) {
      await(vertx.undeploy(fleetDeployment), START);
      fleetDeployment = null;
    }
  }

  private String brokerUrl() {
    return "tcp://127.0.0.1:" + brokerPort;
  }

  /** Starts a kiosk agent; its key is made on first start and registered with the fleet if asked. */
  private AgentVerticle startKiosk(String id, boolean register) throws IOException {
    Path data = dir.resolve(id);
    AgentVerticle agent = new AgentVerticle(
        TestAgents.config(id, data, brokerUrl(), ACK_TIMEOUT, 50), TestAgents.fastOptions());
    agentDeployments.add(await(vertx.deployVerticle(agent), START));
    if (register) {
      await(fleet.devices().register(id, Files.readString(DeviceKeys.publicKeyFile(data)), "440103"), START);
    }
    return agent;
  }

  private void stopKiosk(AgentVerticle agent) {
    String id = agent.deploymentID();
    agentDeployments.remove(id);
    await(vertx.undeploy(id), START);
  }

  private List<RecordSummary> stored(String deviceId) {
    return await(fleet.records().findRecords(RecordQuery.all().withDevice(deviceId).withPage(500, 0))).items();
  }

  private static Set<String> ids(List<RecordSummary> rows) {
    Set<String> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.recordId()));
    return ids;
  }

  private static String certify(AgentVerticle agent, int resident) {
    SessionSummary s = await(agent.certify(SampleResidents.cycle(resident)), START);
    assertThat(s.recordId()).as("session %s committed a record", s).isPresent();
    return s.recordId().orElseThrow();
  }

  @Test
  void record_travels_agent_to_fleet_is_verified_stored_once_acked_and_leaves_the_outbox() throws Exception {
    startFleet(fleetConfig());
    AgentVerticle kiosk = startKiosk("kiosk-e2e-1", true);

    String recordId = certify(kiosk, 0);

    await().atMost(Duration.ofSeconds(20)).until(() -> await(kiosk.outboxPending()) == 0);
    OutboxEntry entry = await(kiosk.outbox().find(recordId)).orElseThrow();
    assertThat(entry.status()).isEqualTo(OutboxEntry.Status.DELIVERED);
    assertThat(ids(stored("kiosk-e2e-1"))).containsExactly(recordId);
    assertThat(fleet.pipeline().stats().stored()).isEqualTo(1);
    assertThat(fleet.pipeline().stats().rejectedTotal()).isZero();
  }

  @Test
  void kiosk_enrols_over_https_on_first_boot_and_its_records_are_then_stored() throws Exception {
    startFleet(fleetConfig());
    EnrolmentService.IssuedToken token = await(fleet.enrolment().issueToken("kiosk-e2e-enrol", "440106",
        Duration.ofHours(1)));
    Path data = dir.resolve("kiosk-e2e-enrol");
    AgentVerticle kiosk = new AgentVerticle(TestAgents.withEnrolment(
        TestAgents.config("kiosk-e2e-enrol", data, brokerUrl(), ACK_TIMEOUT, 50),
        new Uplink.Enrolment("https://127.0.0.1:" + fleet.httpPort(), token.token(), token.tlsCaFingerprint(), 33)),
        TestAgents.fastOptions());
    agentDeployments.add(await(vertx.deployVerticle(kiosk), START));

    String recordId = certify(kiosk, 0);

    await(kiosk.identity().enrolled(), START);
    assertThat(Certificates.deviceIdOf(kiosk.tlsIdentity().get().certificate())).contains("kiosk-e2e-enrol");
    // Enrolment also installed the fleet's config key, which the kiosk checks bundles and commands with.
    assertThat(org.doorstep.config.crypto.Keys.readPublicKey(
        data.resolve(org.doorstep.config.profile.FleetLink.DEFAULT_CONFIG_KEY_FILE)).getEncoded())
        .isEqualTo(org.doorstep.config.crypto.Keys.readPublicKey(fleet.configKeyFile()).getEncoded());
    assertThat(data.resolve(IdentityFiles.DEVICE_CERT)).exists();
    assertThat(data.resolve(IdentityFiles.TLS_CA)).exists();
    await().atMost(Duration.ofSeconds(20)).until(() -> await(kiosk.outboxPending()) == 0);
    assertThat(ids(stored("kiosk-e2e-enrol"))).containsExactly(recordId);
    assertThat(fleet.pipeline().stats().rejectedTotal()).isZero();
  }

  @Test
  void unacked_records_of_a_stopped_agent_are_delivered_once_after_restart() throws Exception {
    // The fleet is down: the kiosk keeps certifying into its outbox, then is switched off.
    startFleet(fleetConfig());
    AgentVerticle first = startKiosk("kiosk-e2e-2", true);
    stopFleet();
    Set<String> committed = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      committed.add(certify(first, i));
    }
    assertThat(await(first.outboxPending())).isEqualTo(3);
    stopKiosk(first);

    startFleet(fleetConfig());
    AgentVerticle again = startKiosk("kiosk-e2e-2", false); // same data dir: same key, same outbox

    await().atMost(Duration.ofSeconds(30)).until(() -> await(again.outboxPending()) == 0);
    List<RecordSummary> rows = stored("kiosk-e2e-2");
    assertThat(rows).hasSize(3);
    assertThat(ids(rows)).isEqualTo(committed);
    assertThat(rows).extracting(RecordSummary::seq).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void records_queue_while_the_broker_is_down_and_drain_when_it_returns() throws Exception {
    startFleet(fleetConfig());
    AgentVerticle kiosk = startKiosk("kiosk-e2e-3", true);
    String before = certify(kiosk, 0);
    await().atMost(Duration.ofSeconds(20)).until(() -> await(kiosk.outboxPending()) == 0);

    stopFleet(); // broker (and fleet) gone for a while; the kiosk keeps serving residents
    Set<String> during = new HashSet<>();
    for (int i = 1; i <= 4; i++) {
      during.add(certify(kiosk, i));
    }
    assertThat(await(kiosk.outboxPending())).isEqualTo(4);

    startFleet(fleetConfig());
    await().atMost(Duration.ofSeconds(30)).until(() -> await(kiosk.outboxPending()) == 0);
    Set<String> expected = new HashSet<>(during);
    expected.add(before);
    List<RecordSummary> rows = stored("kiosk-e2e-3");
    assertThat(rows).hasSize(5);
    assertThat(ids(rows)).isEqualTo(expected);
  }

  @Test
  void record_signed_with_a_key_the_fleet_does_not_know_is_rejected_and_never_stored() throws Exception {
    startFleet(fleetConfig());
    AgentVerticle kiosk = startKiosk("kiosk-e2e-4", false);
    // The fleet holds a different public key for this device id (e.g. a cloned SD card's old key).
    String otherKey = Keys.toPem(Keys.generate(SignatureAlgorithm.ED25519).getPublic());
    await(fleet.devices().register("kiosk-e2e-4", otherKey, "440103"), START);

    String recordId = certify(kiosk, 0);

    await().atMost(Duration.ofSeconds(20)).until(() ->
        await(kiosk.outbox().find(recordId)).orElseThrow().status() == OutboxEntry.Status.REJECTED);
    assertThat(await(kiosk.outbox().find(recordId)).orElseThrow().rejectReason()).hasValueSatisfying(r ->
        assertThat(r).contains("BAD_SIGNATURE"));
    assertThat(stored("kiosk-e2e-4")).isEmpty();
    assertThat(fleet.pipeline().stats().rejected(Ack.RejectReason.BAD_SIGNATURE)).isEqualTo(1);
  }

  /**
   * Issue 10 part 4, end to end: a record the fleet refuses for a decode reason (here a fraction: no
   * canonical form) reaches the real broker from the kiosk's own outbox; the ack names its id and the
   * specific reason, the agent marks it refused, shows it in its local health API and never sends it again.
   */
  @Test
  void refused_record_is_matched_by_id_marked_in_the_outbox_shown_in_health_and_never_resent() throws Exception {
    startFleet(fleetConfig());
    Path data = dir.resolve("kiosk-e2e-7");
    var base = TestAgents.config("kiosk-e2e-7", data, brokerUrl(), ACK_TIMEOUT, 50);
    AgentVerticle kiosk = new AgentVerticle(TestAgents.with(base, base.devices(), TestAgents.localOnFreePorts(false)),
        TestAgents.fastOptions());
    agentDeployments.add(await(vertx.deployVerticle(kiosk), START));
    await(fleet.devices().register("kiosk-e2e-7", Files.readString(DeviceKeys.publicKeyFile(data)), "440103"), START);
    String recordId = "0195514c-7d40-7a3e-8c1f-4b2d9e6a0f77";
    // What a buggy encoder could commit: a score written as a fraction, which has no canonical form.
    await(kiosk.outbox().commit(seq -> new org.doorstep.agent.records.SignedRecord(recordId, seq,
        ("{\"body\":{\"deviceId\":\"kiosk-e2e-7\",\"recordId\":\"" + recordId + "\",\"scoreMilli\":0.5,\"seq\":" + seq
            + "},\"sig\":{\"alg\":\"Ed25519\",\"kid\":\"k\",\"value\":\"AAAA\"},\"type\":\"record\",\"v\":1}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)), java.time.Instant.now()), START);

    await().atMost(Duration.ofSeconds(20)).until(() ->
        await(kiosk.outbox().find(recordId)).orElseThrow().status() == OutboxEntry.Status.REJECTED);
    assertThat(await(kiosk.outbox().find(recordId)).orElseThrow().rejectReason())
        .contains("NOT_CANONICAL: body.scoreMilli: only integers within ±(2^53-1) are allowed, no fraction or exponent");
    // Never re-sent: the fleet keeps seeing exactly one refusal over several ack timeouts.
    await().during(ACK_TIMEOUT.multipliedBy(4)).atMost(ACK_TIMEOUT.multipliedBy(8)).until(() ->
        fleet.pipeline().stats().rejected(Ack.RejectReason.NOT_CANONICAL) == 1);
    assertThat(fleet.pipeline().stats().rejected(Ack.RejectReason.MALFORMED)).isZero();
    assertThat(await(kiosk.outboxPending())).isZero();

    io.vertx.ext.web.client.WebClient web = io.vertx.ext.web.client.WebClient.create(vertx);
    try {
      io.vertx.core.json.JsonObject health = await(web.get(kiosk.localHttpPort(), "127.0.0.1", "/api/health").send(),
          START).bodyAsJsonObject();
      io.vertx.core.json.JsonObject outbox = health.getJsonObject("outbox");
      assertThat(outbox.getLong("rejected")).isEqualTo(1L);
      assertThat(outbox.getJsonObject("rejectedByReason").getLong("NOT_CANONICAL")).isEqualTo(1L);
      assertThat(outbox.getJsonArray("latestRejected").getJsonObject(0).getString("recordId")).isEqualTo(recordId);
    } finally {
      web.close();
    }
  }

  @Test
  void malformed_payload_is_rejected_with_a_reason_and_ingest_goes_on() throws Exception {
    startFleet(fleetConfig());
    AgentVerticle kiosk = startKiosk("kiosk-e2e-5", true);
    BlockingQueue<Ack> acks = new ArrayBlockingQueue<>(10);
    MqttClient rogue = new MqttClient(brokerUrl(), "kiosk-e2e-5-probe", new MemoryPersistence());
    try {
      rogue.connect(new MqttConnectionOptions());
      IMqttMessageListener onAck = (t, m) -> acks.add(WireCodec.decode(m.getPayload()).bodyAs(Ack.class));
      rogue.subscribe(new MqttSubscription[] {new MqttSubscription(Topics.topic("kiosk-e2e-5", Topics.Channel.ACKS), 1)},
          new IMqttMessageListener[] {onAck});
      rogue.publish(Topics.topic("kiosk-e2e-5", Topics.Channel.RECORDS), "{\"v\":1,\"type\":\"record\",".getBytes(), 1, false);

      Ack ack = acks.poll(20, TimeUnit.SECONDS);
      assertThat(ack).isNotNull();
      assertThat(ack.rejected()).singleElement().satisfies(r -> {
        assertThat(r.reason()).isEqualTo(Ack.RejectReason.MALFORMED);
        assertThat(r.detail()).contains("not valid JSON");
      });

      String recordId = certify(kiosk, 1);
      await().atMost(Duration.ofSeconds(20)).until(() -> ids(stored("kiosk-e2e-5")).contains(recordId));
      assertThat(fleet.pipeline().stats().rejected(Ack.RejectReason.MALFORMED)).isEqualTo(1);
    } finally {
      if (rogue.isConnected()) {
        rogue.disconnect();
      }
      rogue.close();
    }
  }

  @Test
  void burst_from_many_kiosks_through_tiny_queues_still_stores_every_record_exactly_once() throws Exception {
    // Tiny limits everywhere: the broker keeps at most 1 queued message per client and the ingest
    // pipeline at most 8 in flight, so a burst overflows and messages are dropped. Resend + dedupe
    // must still end with every record stored once.
    FleetConfig tiny = fleetConfig().withEmbeddedQueueLimit(1);
    FleetConfig.Ingest i = tiny.ingest();
    startFleet(tiny.withIngest(new FleetConfig.Ingest(4, i.lingerMs(), 8, i.verifyThreads())));
    int kiosks = 8;
    int perKiosk = 6;
    List<AgentVerticle> agents = new ArrayList<>();
    for (int k = 0; k < kiosks; k++) {
      agents.add(startKiosk("kiosk-burst-" + k, true));
    }
    stopFleet(); // everybody certifies offline, then all reconnect at once: a burst
    Set<String> committed = new HashSet<>();
    for (int r = 0; r < perKiosk; r++) {
      for (AgentVerticle a : agents) {
        committed.add(certify(a, r));
      }
    }
    startFleet(tiny.withIngest(new FleetConfig.Ingest(4, i.lingerMs(), 8, i.verifyThreads())));

    await().atMost(Duration.ofSeconds(90)).until(() -> {
      for (AgentVerticle a : agents) {
        if (await(a.outboxPending()) != 0) {
          return false;
        }
      }
      return true;
    });
    List<RecordSummary> all = new ArrayList<>();
    for (int k = 0; k < kiosks; k++) {
      all.addAll(stored("kiosk-burst-" + k));
    }
    assertThat(all).hasSize(kiosks * perKiosk);
    assertThat(ids(all)).isEqualTo(committed);
    assertThat(fleet.pipeline().stats().dropped())
        .as("the tiny queue really overflowed (otherwise this test proves nothing)").isPositive();
  }
}
