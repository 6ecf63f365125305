package org.doorstep.agent.testing;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HiveMQ CE in-process on 127.0.0.1 and a free ephemeral port picked at creation (kept across
 * {@link #stop()}/{@link #start()} so clients can reconnect). Start ~2 s, stop ~4 s: share one per
 * test class.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private final Path root;
  private final int port;
  private final int receiveMaximum;
  private EmbeddedHiveMQ hive;

  private EmbeddedBroker(Path root, int port, int receiveMaximum) {
    this.root = root;
    this.port = port;
    this.receiveMaximum = receiveMaximum;
  }

  /** Starts a broker under {@code root} whose CONNACK announces {@code receiveMaximum}. */
  public static EmbeddedBroker start(Path root, int receiveMaximum) {
    EmbeddedBroker b = new EmbeddedBroker(root, freePort(), receiveMaximum);
    b.start();
    return b;
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** (Re)starts on the same port with a fresh data folder. */
  public void start() {
    try {
      Path conf = Files.createDirectories(root.resolve("conf"));
      Path data = Files.createDirectories(root.resolve("data-" + System.nanoTime()));
      Path ext = Files.createDirectories(root.resolve("extensions"));
      Files.writeString(conf.resolve("config.xml"), """
          <?xml version="1.0"?>
          <hivemq>
            <listeners>
              <tcp-listener>
                <port>%d</port>
                <bind-address>127.0.0.1</bind-address>
              </tcp-listener>
            </listeners>
            <mqtt>
              <receive-maximum>
                <server-receive-maximum>%d</server-receive-maximum>
              </receive-maximum>
            </mqtt>
            <anonymous-usage-statistics>
              <enabled>false</enabled>
            </anonymous-usage-statistics>
          </hivemq>
          """.formatted(port, receiveMaximum));
      hive = EmbeddedHiveMQ.builder().withConfigurationFolder(conf).withDataFolder(data)
          .withExtensionsFolder(ext).build();
      hive.start().join();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the broker (clients see the connection drop). */
  public void stop() {
    if (hive != null) {
      hive.stop().join();
      try {
        hive.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      hive = null;
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    stop();
  }
}
