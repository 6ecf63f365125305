package org.doorstep.fleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.AgentOptions;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.readiness.Readiness;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.remote.ControlStore;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.Uplink;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.store.RecordQuery;
import org.doorstep.fleet.store.RecordSummary;
import org.doorstep.fleet.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kiosk that lost both its outbox and its control database (issue 10, part 5): a real agent enrolled over
 * HTTPS delivers two records to a real fleet, its {@code outbox.db} and {@code control.db} are deleted, and
 * on restart it learns from the fleet ({@code GET /api/device/sequence}) that it is behind: it refuses
 * residents and says why, promising nothing; started with {@code --accept-outbox-loss} it numbers above
 * the fleet's mark and the fleet stores its next record. A kiosk that starts while the fleet is away goes on
 * as an offline kiosk and learns it is behind at its uplink's connect.
 */
class KioskBehindFleetIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final String ID = "kiosk-behind";

  @TempDir
  Path dir;

  private Vertx vertx;
  private FleetVerticle fleet;
  private String fleetDeployment;
  private final List<String> deployments = new ArrayList<>();
  private DoorstepConfig config;
  private int brokerPort;
  private int httpPort;

  @BeforeEach
  void setUp() throws IOException {
    vertx = Vertx.vertx();
    // Fixed (but free) ports for the whole test, so the kiosk finds the fleet again after it restarts.
    brokerPort = freePort();
    httpPort = freePort();
    startFleet();
    EnrolmentService.IssuedToken token = await(fleet.enrolment().issueToken(ID, "440106", Duration.ofHours(1)));
    config = TestAgents.withEnrolment(
        TestAgents.config(ID, dir.resolve(ID), "tcp://127.0.0.1:" + brokerPort, Duration.ofSeconds(1), 50),
        new Uplink.Enrolment("https://127.0.0.1:" + httpPort, token.token(), token.tlsCaFingerprint(), 33));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void startFleet() {
    fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(httpPort)
        .withEmbeddedBroker(brokerPort, dir.resolve("broker")).withSqlite(dir.resolve("fleet.db")));
    fleetDeployment = await(vertx.deployVerticle(fleet), START);
  }

  private void stopFleet() {
    await(vertx.undeploy(fleetDeployment), START);
    fleetDeployment = null;
  }

  @AfterEach
  void tearDown() {
    for (int i = deployments.size() - 1; i >= 0; i--) {
      await(vertx.undeploy(deployments.get(i)).recover(e -> Future.succeededFuture()), START);
    }
    if (fleetDeployment != null) {
      stopFleet();
    }
    await(vertx.close(), START);
  }

  private AgentVerticle kiosk(AgentOptions options) {
    AgentVerticle agent = new AgentVerticle(config, options);
    deployments.add(await(vertx.deployVerticle(agent), START));
    return agent;
  }

  private void stop(AgentVerticle agent) {
    deployments.remove(agent.deploymentID());
    await(vertx.undeploy(agent.deploymentID()), START);
  }

  private List<RecordSummary> stored() {
    return await(fleet.records().findRecords(RecordQuery.all().withDevice(ID).withPage(50, 0))).items();
  }

  private void deleteOutboxAndControlDatabase() throws IOException {
    for (String file : new String[] {SqliteOutbox.FILE_NAME, ControlStore.FILE_NAME}) {
      for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
        Files.deleteIfExists(dir.resolve(ID).resolve(file + suffix));
      }
    }
  }

  @Test
  void kiosk_that_lost_outbox_and_control_db_refuses_residents_until_the_loss_is_accepted() throws Exception {
    AgentVerticle first = kiosk(TestAgents.fastOptions());
    assertThat(await(first.certify(SampleResidents.cycle(0)), START).seq()).isEqualTo(1);
    assertThat(await(first.certify(SampleResidents.cycle(1)), START).seq()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(30)).until(() -> await(first.outboxPending()) == 0);
    assertThat(stored()).extracting(RecordSummary::seq).containsExactlyInAnyOrder(1L, 2L);
    stop(first);
    deleteOutboxAndControlDatabase();

    AgentVerticle behind;
    try (LogCapture log = LogCapture.of("org.doorstep.agent.readiness")) {
      // Both files are gone, so the kiosk's own check passes; the fleet's answer (asked before sessions) does not.
      behind = kiosk(TestAgents.fastOptions());
      assertThat(behind.readiness().blockers()).singleElement().satisfies(b -> {
        assertThat(b.problem()).isEqualTo(Readiness.Problem.OUTBOX_BEHIND_FLEET);
        assertThat(b.detail()).contains("up to seq 2").contains("ends at seq 0").contains("--accept-outbox-loss");
      });
      assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("OUTBOX_BEHIND_FLEET").contains("up to seq 2"));
    }
    SessionSummary refused = await(behind.certify(SampleResidents.cycle(2)), START);
    assertThat(refused.message()).isEqualTo(ResidentMessage.CANNOT_CERTIFY_NOW);
    assertThat(refused.recordId()).as("nothing promised, nothing committed").isEmpty();
    assertThat(await(behind.outboxPending())).isZero();
    stop(behind);
    assertThat(stored()).hasSize(2);

    AgentVerticle accepted = kiosk(TestAgents.fastOptions().toBuilder().acceptOutboxLoss(true).build());
    assertThat(accepted.readiness().canCertify()).isTrue();
    SessionSummary next = await(accepted.certify(SampleResidents.cycle(3)), START);
    assertThat(next.certified()).isTrue();
    assertThat(next.seq()).isEqualTo(3);
    await().atMost(Duration.ofSeconds(30)).until(() -> await(accepted.outboxPending()) == 0);
    assertThat(stored()).extracting(RecordSummary::seq).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(fleet.pipeline().stats().rejectedTotal()).isZero();
  }

  @Test
  void kiosk_that_starts_while_the_fleet_is_away_certifies_and_learns_it_is_behind_when_it_connects()
      throws Exception {
    AgentVerticle first = kiosk(TestAgents.fastOptions());
    await(first.certify(SampleResidents.cycle(0)), START);
    await(first.certify(SampleResidents.cycle(1)), START);
    await().atMost(Duration.ofSeconds(30)).until(() -> await(first.outboxPending()) == 0);
    stop(first);
    deleteOutboxAndControlDatabase();
    stopFleet();

    // The fleet cannot be asked: the kiosk goes on as an offline kiosk does.
    AgentVerticle offline = kiosk(TestAgents.fastOptions());
    assertThat(offline.readiness().canCertify()).isTrue();

    startFleet();
    // Asked again at the uplink's connect.
    await().atMost(Duration.ofSeconds(30)).until(() -> offline.readiness().has(Readiness.Problem.OUTBOX_BEHIND_FLEET));
    assertThat(await(offline.certify(SampleResidents.cycle(2)), START).message())
        .isEqualTo(ResidentMessage.CANNOT_CERTIFY_NOW);
    assertThat(await(offline.outboxPending())).isZero();
    assertThat(stored()).hasSize(2);
  }
}
