package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.local.LocalHealthApi;
import org.doorstep.agent.readiness.Readiness;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.EmbeddedBroker;
import org.doorstep.agent.testing.SmallDisk;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.testing.TestFleet;
import org.doorstep.config.profile.DoorstepConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kiosk whose data folder fills up (a real 16 MiB tmpfs filled to the last byte): it keeps running,
 * refuses the next resident before the card is read, says "disk full" in its health, keeps every record
 * committed before, and takes residents again by itself once space returns. Issue 10, part 5.
 */
class AgentDiskFullIT {
  @TempDir Path tmp;
  private Vertx vertx;
  private EmbeddedBroker broker;
  private TestFleet fleet;
  private SmallDisk disk;

  @BeforeEach
  void start() throws Exception {
    disk = SmallDisk.mount(tmp.resolve("data"), 16);
    vertx = Vertx.vertx();
    broker = EmbeddedBroker.start(tmp.resolve("broker"), 10);
    fleet = new TestFleet(broker.url(), TestFleet.Mode.IGNORE);
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (fleet != null) {
      fleet.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (disk != null) {
      disk.close();
    }
  }

  private AgentVerticle agent(long reserveBytes) {
    DoorstepConfig base = TestAgents.config("kiosk-full", disk.path(), broker.url(), Duration.ofMillis(500), 10);
    DoorstepConfig config = TestAgents.with(base, base.devices(), TestAgents.localOnFreePorts(false));
    AgentVerticle agent = new AgentVerticle(config, TestAgents.fastOptions().toBuilder()
        .diskReserveBytes(reserveBytes).build());
    vertx.deployVerticle(agent).await();
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.uplinkStatus().await().connected());
    return agent;
  }

  private JsonObject readiness(AgentVerticle agent) {
    return vertx.createHttpClient().request(HttpMethod.GET, agent.localHttpPort(), "127.0.0.1", LocalHealthApi.PATH)
        .compose(req -> req.send().compose(resp -> resp.body()))
        .await().toJsonObject().getJsonObject("readiness");
  }

  @Test
  void full_data_folder_refuses_the_next_resident_keeps_committed_records_and_recovers() throws Exception {
    AgentVerticle agent = agent(org.doorstep.agent.readiness.DiskSpaceWatch.DEFAULT_RESERVE_BYTES);
    SessionSummary first = agent.certify(SampleResidents.ZHANG_SAN).await();
    assertThat(first.certified()).isTrue();
    assertThat(agent.outboxPending().await()).isEqualTo(1);   // the fleet does not answer yet

    disk.fill();
    SessionSummary refused = agent.certify(SampleResidents.LI_SI).await();

    assertThat(refused.state()).isEqualTo(State.FAILED);
    assertThat(refused.message()).isEqualTo(ResidentMessage.CANNOT_CERTIFY_NOW);
    assertThat(refused.recordId()).isEmpty();
    assertThat(agent.readiness().has(Readiness.Problem.DISK_FULL)).isTrue();
    JsonObject health = readiness(agent);
    assertThat(health.getBoolean("canCertify")).isFalse();
    assertThat(health.getJsonArray("blockers").getJsonObject(0).getString("problem")).isEqualTo("DISK_FULL");
    assertThat(health.getJsonArray("blockers").getJsonObject(0).getString("detail")).contains("disk full");
    assertThat(agent.outboxPending().await()).isEqualTo(1);

    disk.free();
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.readiness().canCertify());
    fleet.mode(TestFleet.Mode.ACK);
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.outboxPending().await() == 0);
    assertThat(fleet.received()).contains(first.recordId().orElseThrow());
    assertThat(agent.certify(SampleResidents.WANG_WU).await().certified()).isTrue();
  }

  @Test
  void write_failing_with_sqlite_full_ends_that_session_cleanly_and_refuses_the_next() throws Exception {
    AgentVerticle agent = agent(0);   // no reserve: the write itself meets the full disk
    SessionSummary first = agent.certify(SampleResidents.ZHANG_SAN).await();
    assertThat(first.certified()).isTrue();

    disk.fill();
    SessionSummary failed = agent.certify(SampleResidents.LI_SI).await();
    SessionSummary refused = agent.certify(SampleResidents.WANG_WU).await();

    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.message()).isEqualTo(ResidentMessage.RECORD_NOT_SAVED_SEE_STAFF);
    assertThat(refused.message()).isEqualTo(ResidentMessage.CANNOT_CERTIFY_NOW);
    assertThat(agent.readiness().blockers()).singleElement()
        .satisfies(b -> assertThat(b.detail()).contains("disk full").contains(disk.path().toString()));
    assertThat(agent.outboxPending().await()).isEqualTo(1);
    assertThat(agent.outbox().find(first.recordId().orElseThrow()).await()).isPresent();

    disk.free();
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.readiness().canCertify());
    SessionSummary again = agent.certify(SampleResidents.ZHAO_XIUYING).await();
    assertThat(again.certified()).isTrue();
    assertThat(again.seq()).isEqualTo(2L);   // the failed commit used no sequence number
  }
}
