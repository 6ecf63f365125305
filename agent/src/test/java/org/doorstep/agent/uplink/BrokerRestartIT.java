package org.doorstep.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.testing.EmbeddedBroker;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.testing.TestFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kiosk keeps certifying while the broker is down and drains its outbox when it returns. */
class BrokerRestartIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void outbox_drains_after_the_broker_comes_back(@TempDir Path brokerDir, @TempDir Path dataDir) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EmbeddedBroker broker = EmbeddedBroker.start(brokerDir, 10)) {
      AgentVerticle agent = new AgentVerticle(
          TestAgents.config("kiosk-restart", dataDir, broker.url(), Duration.ofSeconds(2), 50), TestAgents.fastOptions());
      vertx.deployVerticle(agent).await();
      await().atMost(WAIT).until(() -> agent.uplinkStatus().await().connected());

      broker.stop();
      await().atMost(WAIT).until(() -> !agent.uplinkStatus().await().connected());

      List<SessionSummary> offline = List.of(
          agent.certify(SampleResidents.ZHANG_SAN).await(),
          agent.certify(SampleResidents.LI_SI).await(),
          agent.certify(SampleResidents.WANG_WU).await());
      assertThat(offline).allMatch(SessionSummary::certified);
      assertThat(agent.outboxPending().await()).isEqualTo(3);

      broker.start();
      try (TestFleet fleet = new TestFleet(broker.url(), TestFleet.Mode.ACK)) {
        await().atMost(WAIT).until(() -> agent.outboxPending().await() == 0);
        assertThat(fleet.received()).containsAll(offline.stream().map(s -> s.recordId().orElseThrow()).toList());
      }
    } finally {
      vertx.close().await();
    }
  }
}
