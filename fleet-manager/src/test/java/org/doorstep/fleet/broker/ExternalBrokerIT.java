package org.doorstep.fleet.broker;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExternalBroker} against HiveMQ embedded as a plain broker (no ingest extension), so the
 * external path runs in the default build without the machine's Mosquitto. HiveMQ's receive maximum
 * is 2 here, so the publisher's queueing is exercised.
 */
class ExternalBrokerIT extends ExternalBrokerContract {
  @TempDir
  static Path dir;
  static Vertx vertx;
  static EmbeddedBroker hivemq;

  @BeforeAll
  static void startBroker() {
    vertx = Vertx.vertx();
    EmbeddedBroker.Options options = EmbeddedBroker.Options.builder(dir).port(0).serverReceiveMaximum(2)
        .maxQueuedMessagesPerClient(100_000).build();
    hivemq = EmbeddedBroker.start(vertx, options, (topic, payload) -> {}, false).await();
  }

  @AfterAll
  static void stopBroker() {
    if (hivemq != null) {
      hivemq.stop().await();
    }
    vertx.close().await();
  }

  @Override
  String serverUri() {
    return "tcp://127.0.0.1:" + hivemq.port();
  }

  @Override
  Vertx vertx() {
    return vertx;
  }
}
