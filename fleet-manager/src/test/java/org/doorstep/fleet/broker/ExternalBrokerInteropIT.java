package org.doorstep.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ExternalBroker} against the machine's Mosquitto on 127.0.0.1:1883 ({@code -Pinterop} only).
 * Fails, never skips, when Mosquitto is not there.
 */
class ExternalBrokerInteropIT extends ExternalBrokerContract {
  static Vertx vertx;

  @BeforeAll
  static void requireMosquitto() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 1883), 2_000);
    } catch (IOException e) {
      fail("Mosquitto not reachable at 127.0.0.1:1883: apt-get install mosquitto / start it (" + e.getMessage() + ")");
    }
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Override
  String serverUri() {
    return "tcp://127.0.0.1:1883";
  }

  @Override
  Vertx vertx() {
    return vertx;
  }

  @Override
  void checkSplit(int toA, int toB) {
    assertThat(toA).as("Mosquitto round-robins the group").isPositive();
    assertThat(toB).as("Mosquitto round-robins the group").isPositive();
  }
}
