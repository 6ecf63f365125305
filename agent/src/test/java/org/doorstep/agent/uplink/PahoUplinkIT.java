package org.doorstep.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.OutboxEntry;
import org.doorstep.agent.records.RecordDraft;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.testing.EmbeddedBroker;
import org.doorstep.agent.testing.TcpProxy;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.testing.TestFleet;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.doorstep.config.contract.CertificationRecord.Subject;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.profile.DoorstepConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The agent's uplink against a real MQTT 5 broker (HiveMQ CE, receive maximum 3) and a test fleet. */
class PahoUplinkIT {
  private static final int RECEIVE_MAXIMUM = 3;
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path brokerDir;
  private static EmbeddedBroker broker;

  @TempDir Path dataDir;
  private Vertx vertx;
  private TestFleet fleet;
  private String deviceId;
  private final List<String> deployments = new ArrayList<>();

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start(brokerDir, RECEIVE_MAXIMUM);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void setUp(TestInfo info) throws Exception {
    vertx = Vertx.vertx();
    fleet = new TestFleet(broker.url(), TestFleet.Mode.ACK);
    deviceId = "kiosk-" + info.getTestMethod().orElseThrow().getName().hashCode() % 10_000 + "-" + System.nanoTime() % 1000;
    deviceId = deviceId.replace("--", "-");
  }

  @AfterEach
  void tearDown() throws Exception {
    fleet.close();
    vertx.close().await();
  }

  private AgentVerticle deploy(String url, Duration ackTimeout, int batch) {
    DoorstepConfig cfg = TestAgents.config(deviceId, dataDir, url, ackTimeout, batch);
    AgentVerticle agent = new AgentVerticle(cfg, TestAgents.fastOptions());
    deployments.add(vertx.deployVerticle(agent).await());
    await().atMost(WAIT).until(() -> agent.uplinkStatus().await().connected());
    return agent;
  }

  private static OutboxEntry.Status status(AgentVerticle agent, String id) {
    return agent.outbox().find(id).await().orElseThrow().status();
  }

  @Test
  void record_leaves_the_outbox_only_after_the_fleet_acks_it() {
    fleet.mode(TestFleet.Mode.HOLD);
    AgentVerticle agent = deploy(broker.url(), Duration.ofMinutes(1), 50);

    SessionSummary s = agent.certify(SampleResidents.ZHANG_SAN).await();
    String id = s.recordId().orElseThrow();
    assertThat(s.certified()).isTrue();
    await().atMost(WAIT).until(() -> fleet.copies(id) == 1);
    assertThat(agent.outboxPending().await()).isEqualTo(1);
    assertThat(status(agent, id)).isEqualTo(OutboxEntry.Status.PENDING);

    fleet.releaseHeld();
    await().atMost(WAIT).until(() -> agent.outboxPending().await() == 0);
    assertThat(status(agent, id)).isEqualTo(OutboxEntry.Status.DELIVERED);
    assertThat(fleet.copies(id)).isEqualTo(1);
  }

  @Test
  void unacked_record_is_sent_again_after_the_ack_timeout() {
    fleet.mode(TestFleet.Mode.ACK_SECOND_COPY);
    AgentVerticle agent = deploy(broker.url(), Duration.ofMillis(500), 50);

    String id = agent.certify(SampleResidents.LI_SI).await().recordId().orElseThrow();

    await().atMost(WAIT).until(() -> agent.outboxPending().await() == 0);
    assertThat(fleet.copies(id)).isGreaterThanOrEqualTo(2);
    assertThat(agent.outbox().find(id).await().orElseThrow().attempts()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void rejected_record_is_kept_with_the_reason_and_not_sent_again() {
    fleet.mode(TestFleet.Mode.REJECT);
    AgentVerticle agent = deploy(broker.url(), Duration.ofMillis(500), 50);

    String id = agent.certify(SampleResidents.WANG_WU).await().recordId().orElseThrow();

    await().atMost(WAIT).until(() -> status(agent, id) == OutboxEntry.Status.REJECTED);
    assertThat(agent.outbox().find(id).await().orElseThrow().rejectReason()).hasValueSatisfying(
        r -> assertThat(r).startsWith("BAD_SIGNATURE"));
    assertThat(agent.outboxPending().await()).isZero();
  }

  @Test
  void record_refused_with_a_code_the_agent_does_not_know_is_kept_with_that_code_and_not_sent_again() {
    fleet.mode(TestFleet.Mode.REJECT_WITH_NEW_CODE);
    AgentVerticle agent = deploy(broker.url(), Duration.ofMillis(500), 50);

    String id = agent.certify(SampleResidents.WANG_WU).await().recordId().orElseThrow();

    await().atMost(WAIT).until(() -> status(agent, id) == OutboxEntry.Status.REJECTED);
    assertThat(agent.outbox().find(id).await().orElseThrow().rejectReason()).hasValueSatisfying(
        r -> assertThat(r).startsWith(TestFleet.NEW_REJECT_CODE));
    assertThat(agent.outbox().summary(10).await().rejectedByReason())
        .containsExactly(java.util.Map.entry(TestFleet.NEW_REJECT_CODE, 1L));
    assertThat(agent.outboxPending().await()).isZero();
    // four ack timeouts later the fleet has still seen it once
    await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> fleet.copies(id) == 1);
  }

  @Test
  void unacked_records_are_sent_again_after_the_agent_restarts() {
    fleet.mode(TestFleet.Mode.HOLD);
    AgentVerticle first = deploy(broker.url(), Duration.ofMinutes(10), 50);
    String a = first.certify(SampleResidents.ZHANG_SAN).await().recordId().orElseThrow();
    String b = first.certify(SampleResidents.LI_SI).await().recordId().orElseThrow();
    await().atMost(WAIT).until(() -> fleet.copies(a) == 1 && fleet.copies(b) == 1);
    vertx.undeploy(deployments.remove(0)).await();
    fleet.dropHeld();
    fleet.mode(TestFleet.Mode.ACK);

    AgentVerticle second = deploy(broker.url(), Duration.ofMinutes(10), 50);

    await().atMost(WAIT).until(() -> second.outboxPending().await() == 0);
    assertThat(fleet.copies(a)).isEqualTo(2);
    assertThat(fleet.copies(b)).isEqualTo(2);
    // the sequence continues after the restart
    assertThat(second.certify(SampleResidents.WANG_WU).await().seq()).isEqualTo(3);
  }

  @Test
  void in_flight_publishes_never_exceed_the_brokers_receive_maximum() {
    // 30 records already in the outbox when the agent starts: all due at once, batch size 50. Sealed with
    // the data key the agent will find in its data directory.
    var dataKey = new org.doorstep.agent.privacy.FileDataKeyStore(vertx, dataDir)
        .dataKey(org.doorstep.config.crypto.EvidenceCipher.Algorithm.AES_256_GCM).await();
    SqliteOutbox outbox = SqliteOutbox.open(vertx, dataDir, SqliteOutbox.Durability.NORMAL,
        org.doorstep.config.crypto.EvidenceCipher.of(org.doorstep.config.crypto.CryptoSuite.STANDARD, dataKey)).await();
    RecordFactory factory = new RecordFactory(deviceId, 0, "test",
        DeviceKeys.loadOrCreate(dataDir, SignatureAlgorithm.ED25519), Clock.systemUTC());
    var card = SampleResidents.CHEN_JIANGUO;
    RecordDraft draft = new RecordDraft("certification", Mode.SELF,
        new Subject(card.cardType(), card.idNumber(), card.name()), Optional.empty(), Optional.empty(),
        Optional.empty(), Outcome.NOT_CERTIFIED, List.of(), Instant.now());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(outbox.commit(seq -> factory.sign(draft, seq), Instant.now()).await().recordId());
    }
    outbox.close().await();

    AgentVerticle agent = deploy(broker.url(), Duration.ofMinutes(1), 50);

    await().atMost(WAIT).until(() -> agent.outboxPending().await() == 0);
    assertThat(new HashSet<>(fleet.received())).containsAll(ids);
    assertThat(agent.maxInFlight()).isBetween(1, RECEIVE_MAXIMUM);
  }

  @Test
  void last_will_says_offline_when_the_connection_dies() {
    TcpProxy proxy = TcpProxy.start(vertx, broker.port());
    deploy(proxy.url(), Duration.ofMinutes(1), 50);
    await().atMost(WAIT).until(() -> fleet.states(deviceId).stream().anyMatch(s -> s.online()));

    proxy.cutConnections();

    await().atMost(WAIT).until(() -> fleet.states(deviceId).stream().anyMatch(s -> !s.online()));
    proxy.close();
  }

  @Test
  void state_reports_outbox_pending_its_oldest_peripherals_and_terminal_kind() {
    fleet.mode(TestFleet.Mode.HOLD);
    AgentVerticle agent = deploy(broker.url(), Duration.ofMinutes(1), 50);
    java.time.Instant before = java.time.Instant.now().minusSeconds(1);
    String id = agent.certify(SampleResidents.ZHAO_XIUYING).await().recordId().orElseThrow();

    await().atMost(WAIT).until(() -> fleet.states(deviceId).stream()
        .anyMatch(s -> s.online() && s.outboxPending() == 1));
    var backlogged = fleet.states(deviceId).stream().filter(s -> s.outboxPending() == 1).findFirst().orElseThrow();
    assertThat(backlogged.terminalKind()).as("the configured device.kind").contains("KIOSK");
    assertThat(backlogged.outboxOldestAt()).as("the commit time of the one pending record").isPresent();
    assertThat(backlogged.outboxOldestAt().get()).isBetween(before, java.time.Instant.now());
    await().atMost(WAIT).until(() -> fleet.copies(id) == 1);
    fleet.releaseHeld();
    await().atMost(WAIT).until(() -> {
      var all = fleet.states(deviceId);
      var last = all.get(all.size() - 1);
      return last.outboxPending() == 0 && last.peripherals().get("printer").equals("ONLINE");
    });
    var all = fleet.states(deviceId);
    assertThat(all.get(all.size() - 1).outboxOldestAt()).as("nothing pending, no oldest").isEmpty();
  }
}
