package org.doorstep.fleet.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.doorstep.fleet.ingest.DevicePublisher;
import org.doorstep.fleet.ingest.InboundSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ CE running inside the fleet-manager JVM: the default broker for one machine.
 *
 * <p>Devices connect to {@link #port()} over MQTT 5. Their publishes on {@code records},
 * {@code state} and {@code command-results} reach the {@link InboundSink} in-process through
 * {@link DoorstepBrokerExtension}, without a subscriber client (a subscriber on this broker was
 * measured at ~1.1k msg/s, see {@code research/performance-baseline.md}). Records and command results
 * are consumed there and never routed to subscribers; state is routed and retained. The fleet
 * publishes acks, config and commands through {@link #publisher()}.
 *
 * <p>Threads: every method may be called from any thread; the returned futures complete on the
 * caller's Vert.x context (or a new event-loop context when called from elsewhere). The sink is
 * called on HiveMQ threads.
 *
 * <p>Files: everything lives under {@link Options#dataFolder()}: {@code conf/config.xml} (rewritten
 * on every start), {@code data/} (HiveMQ's persistence, empty in {@link Persistence#IN_MEMORY} mode)
 * and an empty {@code extensions/}.
 */
public final class EmbeddedBroker {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

  private final Vertx vertx;
  private final EmbeddedHiveMQ hivemq;
  private final DoorstepBrokerExtension extension;
  private final int port;
  private final DevicePublisher publisher;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private EmbeddedBroker(Vertx vertx, EmbeddedHiveMQ hivemq, DoorstepBrokerExtension extension, int port) {
    this.vertx = vertx;
    this.hivemq = hivemq;
    this.extension = extension;
    this.port = port;
    this.publisher = (topic, payload, retained) ->
        Future.fromCompletionStage(extension.publish(topic, payload, retained), vertx.getOrCreateContext())
            .recover(err -> Future.failedFuture(err instanceof BrokerException ? err
                : new BrokerException(BrokerException.Reason.PUBLISH_FAILED, "publish to " + topic + " failed", err)));
  }

  /**
   * Writes the HiveMQ config, starts the broker and installs the ingest extension.
   *
   * <p>Takes ~2–3 s (HiveMQ start-up). Fails with {@link BrokerException.Reason#START_FAILED} when
   * the folders cannot be written, no free port is found or HiveMQ does not start (port taken,
   * invalid config).
   *
   * @param vertx   used for blocking file work and to complete futures
   * @param options where and how to run
   * @param sink    receives device publishes; called on HiveMQ threads, must not block
   */
  public static Future<EmbeddedBroker> start(Vertx vertx, Options options, InboundSink sink) {
    return start(vertx, options, sink, true);
  }

  /** {@code ingest = false}: a plain HiveMQ for tests of the external-broker client. */
  static Future<EmbeddedBroker> start(Vertx vertx, Options options, InboundSink sink, boolean ingest) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(sink, "sink");
    DoorstepBrokerExtension extension = new DoorstepBrokerExtension(sink, ingest);
    return vertx.executeBlocking(() -> prepare(options, extension))
        .compose(prepared -> Future.fromCompletionStage(prepared.hivemq().start(), vertx.getOrCreateContext())
            .map(v -> new EmbeddedBroker(vertx, prepared.hivemq(), extension, prepared.port()))
            .recover(err -> closeQuietly(vertx, prepared.hivemq())
                .transform(ignored -> Future.failedFuture(new BrokerException(BrokerException.Reason.START_FAILED,
                    "HiveMQ did not start on " + options.bindHost() + ":" + prepared.port(), err)))))
        .onSuccess(b -> LOG.info("Embedded MQTT broker listening on {}:{} (persistence {}, max queue {}/client)",
            options.bindHost(), b.port(), options.persistence(), options.maxQueuedMessagesPerClient()));
  }

  private record Prepared(EmbeddedHiveMQ hivemq, int port) {}

  private static Prepared prepare(Options options, DoorstepBrokerExtension extension) {
    try {
      int port = options.port() != 0 ? options.port() : freePort(options.bindHost());
      Path root = options.dataFolder();
      Path conf = root.resolve("conf");
      Path data = Files.createDirectories(root.resolve("data"));
      Path extensions = Files.createDirectories(root.resolve("extensions"));
      HiveMqConfig.write(conf, options, port);
      EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
          .withConfigurationFolder(conf)
          .withDataFolder(data)
          .withExtensionsFolder(extensions)
          // HiveMQ's logging bootstrap would look for conf/logback.xml, warn that it is missing and
          // reconfigure logback; skipping it keeps the application's SLF4J/logback setup.
          .withoutLoggingBootstrap()
          .withEmbeddedExtension(EmbeddedExtension.builder()
              .withId("doorstep-broker")
              .withName("Doorstep fleet ingest")
              .withVersion("1")
              .withAuthor("Doorstep")
              .withPriority(1000)
              .withStartPriority(1000)
              .withExtensionMain(extension)
              .build())
          .build();
      return new Prepared(hivemq, port);
    } catch (IOException e) {
      throw new BrokerException(BrokerException.Reason.START_FAILED, "cannot prepare broker folder " + options.dataFolder(), e);
    }
  }

  /**
   * Port 0 means "any free port", which HiveMQ's listener config does not accept: ask the OS for
   * one and hand it to HiveMQ. Another process could take it in between; HiveMQ then fails to start.
   */
  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    }
  }

  private static Future<Void> closeQuietly(Vertx vertx, EmbeddedHiveMQ hivemq) {
    return vertx.<Void>executeBlocking(() -> {
      hivemq.close();
      return null;
    }).recover(err -> {
      LOG.debug("Closing HiveMQ after a failure failed too", err);
      return Future.succeededFuture();
    });
  }

  /** The TCP port devices connect to: the configured one, or the one picked for port 0. */
  public int port() {
    return port;
  }

  /**
   * Publishes QoS 1 through the broker. The future completes once HiveMQ has queued the message for
   * its current subscribers (a device that is offline without a session, or whose queue is full,
   * does not get it: the device's resend and the retained config cover that). Fails with
   * {@link BrokerException.Reason#STOPPED} after {@link #stop()}.
   */
  public DevicePublisher publisher() {
    return publisher;
  }

  /**
   * Stops the broker and releases its threads and files. Devices are disconnected (their wills
   * fire). Idempotent. Takes ~4 s (HiveMQ shutdown); runs on a Vert.x worker thread.
   */
  public Future<Void> stop() {
    if (!stopped.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return vertx.<Void>executeBlocking(() -> {
      hivemq.close();
      return null;
    }).onComplete(ar -> LOG.info("Embedded MQTT broker on port {} stopped", port));
  }

  /** How HiveMQ persists sessions, queued and retained messages. */
  public enum Persistence {
    /**
     * Kept in memory only: faster and no disk wear, but lost on restart (the agent resends unacked
     * records; the config feature must republish retained config after a restart).
     */
    IN_MEMORY,
    /** Kept in {@code data/} under the data folder and restored on restart. */
    FILE
  }

  /**
   * Settings of the embedded broker.
   *
   * @param bindHost                   interface to listen on; default {@value #DEFAULT_BIND_HOST}
   *                                   (local only until TLS lands)
   * @param port                       TCP port, 0 = any free port; default {@value #DEFAULT_PORT}
   *                                   (1883 stays free for a local Mosquitto)
   * @param dataFolder                 a directory the fleet owns; config and persistence go below it
   * @param maxQueuedMessagesPerClient HiveMQ {@code max-queue-size}: messages queued for one client
   *                                   beyond its in-flight window; newer ones are discarded. Default
   *                                   {@value #DEFAULT_MAX_QUEUED_MESSAGES} (HiveMQ's own default):
   *                                   a device gets at most acks and commands, and anything dropped
   *                                   is recovered by the agent's resend.
   * @param serverReceiveMaximum       MQTT 5 receive maximum announced to devices: QoS 1 publishes
   *                                   a device may have un-PUBACKed. Default
   *                                   {@value #DEFAULT_SERVER_RECEIVE_MAXIMUM}, so an agent that
   *                                   drains a backlog is not paced by round trips (HiveMQ's
   *                                   default of 10 would); range 1–65535.
   * @param persistence                default {@link Persistence#IN_MEMORY}
   */
  public record Options(String bindHost, int port, Path dataFolder, long maxQueuedMessagesPerClient,
                        int serverReceiveMaximum, Persistence persistence) {
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 1884;
    public static final long DEFAULT_MAX_QUEUED_MESSAGES = 1000;
    public static final int DEFAULT_SERVER_RECEIVE_MAXIMUM = 100;

    public Options {
      if (bindHost == null || bindHost.isBlank()) {
        throw new IllegalArgumentException("bindHost: must not be blank");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: must be 0–65535, was " + port);
      }
      Objects.requireNonNull(dataFolder, "dataFolder");
      if (maxQueuedMessagesPerClient < 1) {
        throw new IllegalArgumentException("maxQueuedMessagesPerClient: must be ≥ 1, was " + maxQueuedMessagesPerClient);
      }
      if (serverReceiveMaximum < 1 || serverReceiveMaximum > 65535) {
        throw new IllegalArgumentException("serverReceiveMaximum: must be 1–65535, was " + serverReceiveMaximum);
      }
      Objects.requireNonNull(persistence, "persistence");
    }

    /** Defaults for everything but the data folder, which is required. */
    public static Builder builder(Path dataFolder) {
      return new Builder(dataFolder);
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
      return new Builder(dataFolder).bindHost(bindHost).port(port).maxQueuedMessagesPerClient(maxQueuedMessagesPerClient)
          .serverReceiveMaximum(serverReceiveMaximum).persistence(persistence);
    }

    /** Builds {@link Options}; values are checked in {@link #build()}. */
    public static final class Builder {
      private final Path dataFolder;
      private String bindHost = DEFAULT_BIND_HOST;
      private int port = DEFAULT_PORT;
      private long maxQueuedMessagesPerClient = DEFAULT_MAX_QUEUED_MESSAGES;
      private int serverReceiveMaximum = DEFAULT_SERVER_RECEIVE_MAXIMUM;
      private Persistence persistence = Persistence.IN_MEMORY;

      private Builder(Path dataFolder) {
        this.dataFolder = Objects.requireNonNull(dataFolder, "dataFolder");
      }

      public Builder bindHost(String bindHost) {
        this.bindHost = bindHost;
        return this;
      }

      /** 0 = any free port; read the real one from {@link EmbeddedBroker#port()}. */
      public Builder port(int port) {
        this.port = port;
        return this;
      }

      public Builder maxQueuedMessagesPerClient(long maxQueuedMessagesPerClient) {
        this.maxQueuedMessagesPerClient = maxQueuedMessagesPerClient;
        return this;
      }

      public Builder serverReceiveMaximum(int serverReceiveMaximum) {
        this.serverReceiveMaximum = serverReceiveMaximum;
        return this;
      }

      public Builder persistence(Persistence persistence) {
        this.persistence = persistence;
        return this;
      }

      /** @throws IllegalArgumentException naming the first invalid field */
      public Options build() {
        return new Options(bindHost, port, dataFolder, maxQueuedMessagesPerClient, serverReceiveMaximum, persistence);
      }
    }
  }
}
