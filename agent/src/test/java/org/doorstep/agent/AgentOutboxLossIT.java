package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.records.OutboxException;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.profile.DoorstepConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outbox emptied (truncated to 0 bytes: a valid empty SQLite file) or deleted behind the agent's back:
 * the agent refuses to start, naming the file and the lost sequence range, instead of numbering again from
 * 1; with the loss accepted it starts and numbers above the last committed seq. Issue 10, part 5.
 */
class AgentOutboxLossIT {
  @TempDir Path dataDir;
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private DoorstepConfig config() {
    // No broker listens on this port: the records stay in the outbox, as on a kiosk whose fleet is away.
    return TestAgents.config("kiosk-loss", dataDir, "tcp://127.0.0.1:1", Duration.ofSeconds(1), 10);
  }

  private AgentVerticle run(AgentOptions options) {
    AgentVerticle agent = new AgentVerticle(config(), options);
    vertx.deployVerticle(agent).await();
    return agent;
  }

  private void twoRecordsThenStop() {
    AgentVerticle agent = new AgentVerticle(config(), TestAgents.fastOptions());
    String id = vertx.deployVerticle(agent).await();
    assertThat(agent.certify(SampleResidents.ZHANG_SAN).await().seq()).isEqualTo(1);
    assertThat(agent.certify(SampleResidents.WANG_WU).await().seq()).isEqualTo(2);
    vertx.undeploy(id).await();
  }

  private void emptyTheOutbox() throws Exception {
    Path file = dataDir.resolve(SqliteOutbox.FILE_NAME);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(0);
    }
    Files.deleteIfExists(dataDir.resolve(SqliteOutbox.FILE_NAME + "-wal"));
    Files.deleteIfExists(dataDir.resolve(SqliteOutbox.FILE_NAME + "-shm"));
  }

  @Test
  void emptied_outbox_is_refused_at_start_naming_the_file_and_the_lost_records() throws Exception {
    twoRecordsThenStop();
    emptyTheOutbox();

    Throwable err = catchThrowable(() -> run(TestAgents.fastOptions()));

    assertThat(err).isInstanceOf(OutboxException.class)
        .hasMessageContaining(dataDir.resolve(SqliteOutbox.FILE_NAME).toString())
        .hasMessageContaining("up to seq 2").hasMessageContaining("records 1..2")
        .hasMessageContaining("--accept-outbox-loss");
  }

  @Test
  void deleted_outbox_is_refused_at_start() throws Exception {
    twoRecordsThenStop();
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(dataDir.resolve(SqliteOutbox.FILE_NAME + suffix));
    }

    assertThat(catchThrowable(() -> run(TestAgents.fastOptions()))).isInstanceOf(OutboxException.class)
        .hasMessageContaining("is empty or new");
  }

  @Test
  void accepted_loss_starts_and_numbers_above_the_last_committed_seq() throws Exception {
    twoRecordsThenStop();
    emptyTheOutbox();

    AgentVerticle agent = run(TestAgents.fastOptions().toBuilder().acceptOutboxLoss(true).build());

    assertThat(agent.certify(SampleResidents.LI_SI).await().seq()).isEqualTo(3);
  }

  @Test
  void intact_outbox_starts_and_numbering_continues() {
    twoRecordsThenStop();

    AgentVerticle agent = run(TestAgents.fastOptions());

    assertThat(agent.certify(SampleResidents.LI_SI).await().seq()).isEqualTo(3);
    assertThat(agent.outboxPending().await()).isEqualTo(3);
  }
}
