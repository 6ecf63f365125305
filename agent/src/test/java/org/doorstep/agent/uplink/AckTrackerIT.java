package org.doorstep.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.doorstep.agent.records.SqliteOutbox.Durability;
import org.doorstep.agent.records.RetryBackoff;
import org.doorstep.agent.records.SignedRecord;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.testing.FakeUplink;
import org.doorstep.agent.testing.TestCiphers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drain against a real outbox and a fake link: what is published, and when. */
class AckTrackerIT {
  @TempDir Path dir;
  private Vertx vertx;
  private Context context;
  private SqliteOutbox outbox;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    outbox = SqliteOutbox.open(vertx, dir, Durability.NORMAL, TestCiphers.aes()).await();
  }

  @AfterEach
  void close() {
    outbox.close().await();
    vertx.close().await();
  }

  @Test
  void a_drain_before_the_connect_reschedule_does_not_send_a_record_twice() {
    outbox.commit(seq -> new SignedRecord("r1", seq, "payload".getBytes(StandardCharsets.UTF_8)),
        Clock.systemUTC().instant()).await();
    FakeUplink link = new FakeUplink(false);
    AckTracker tracker = new AckTracker(vertx, outbox, link, "kiosk-1", 10,
        new RetryBackoff(Duration.ofMinutes(5), Duration.ofMinutes(5)), Duration.ofHours(1),
        Clock.systemUTC(), () -> { });
    context.runOnContext(v -> tracker.start());

    // The link is up and a periodic kick runs (and finishes) before the connect handlers are told.
    context.runOnContext(v -> {
      link.connectedBeforeHandlersRun();
      tracker.kick();
    });
    await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> true);
    context.runOnContext(v -> link.connected(true));

    await().atMost(Duration.ofSeconds(10)).until(() -> link.published().size() >= 1);
    // Whatever the connect made due has been drained once the record shows its attempt; then count.
    await().atMost(Duration.ofSeconds(10))
        .until(() -> outbox.find("r1").await().map(e -> e.attempts() >= 1).orElse(false));
    context.runOnContext(v -> tracker.kick());
    await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(link.published()).hasSize(1);
  }
}
