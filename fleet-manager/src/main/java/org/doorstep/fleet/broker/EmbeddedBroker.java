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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.doorstep.config.crypto.TlsContexts;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.fleet.ingest.DevicePublisher;
import org.doorstep.fleet.ingest.InboundSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ CE running inside the fleet-manager JVM: the default broker for one machine.
 *
 * <p>Devices connect over MQTT 5 to the mutual-TLS listener ({@link #tlsPort()}, {@link Options#tls()}):
 * TLS 1.3, a client certificate from the fleet's TLS CA required, the client id equal to the
 * certificate's device id, the device registered and not revoked, and each device confined to its
 * own topics ({@link DeviceSecurity}). A plaintext listener ({@link #port()}) can be opted into for
 * development; it binds loopback only and authenticates nobody. Their publishes on {@code records},
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
 * on every start, 0600: it names the key store password), {@code conf/tls/} (the broker's key store
 * and the client trust store as PKCS#12, 0600, rewritten on every start with a new random password),
 * {@code data/} (HiveMQ's persistence, empty in {@link Persistence#IN_MEMORY} mode) and an empty
 * {@code extensions/}.
 */
public final class EmbeddedBroker {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

  private final Vertx vertx;
  private final EmbeddedHiveMQ hivemq;
  private final DoorstepBrokerExtension extension;
  private final int port;
  private final int tlsPort;
  private final DevicePublisher publisher;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private EmbeddedBroker(Vertx vertx, EmbeddedHiveMQ hivemq, DoorstepBrokerExtension extension, int port, int tlsPort) {
    this.vertx = vertx;
    this.hivemq = hivemq;
    this.extension = extension;
    this.port = port;
    this.tlsPort = tlsPort;
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
   * @param options where and how to run; without a TLS listener (plaintext development broker)
   * @param sink    receives device publishes; called on HiveMQ threads, must not block
   * @throws IllegalArgumentException when {@code options} has a TLS listener (use the other overload)
   */
  public static Future<EmbeddedBroker> start(Vertx vertx, Options options, InboundSink sink) {
    if (options.tls().isPresent()) {
      throw new IllegalArgumentException("options.tls: a TLS listener needs DeviceAccess; use start(vertx, options, sink, access, clock)");
    }
    return start(vertx, options, sink, true, null);
  }

  /**
   * Writes the HiveMQ config, starts the broker and installs the ingest extension with device
   * authentication and topic ACLs ({@link DeviceSecurity}) on the TLS listener.
   *
   * @param access the fleet's device registry: unknown and revoked devices are refused
   * @param clock  the fleet's clock: certificate validity is checked against it
   */
  public static Future<EmbeddedBroker> start(Vertx vertx, Options options, InboundSink sink, DeviceAccess access,
      Clock clock) {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(clock, "clock");
    DeviceSecurity security = options.tls()
        .map(t -> new DeviceSecurity(t.identity().trusted(), access, clock))
        .orElse(null);
    return start(vertx, options, sink, true, security);
  }

  /**
   * {@code ingest = false}: a plain HiveMQ for tests of the external-broker client (no interception,
   * and no authentication beyond the TLS handshake).
   */
  static Future<EmbeddedBroker> start(Vertx vertx, Options options, InboundSink sink, boolean ingest) {
    return start(vertx, options, sink, ingest, null);
  }

  private static Future<EmbeddedBroker> start(Vertx vertx, Options options, InboundSink sink, boolean ingest,
      DeviceSecurity security) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(sink, "sink");
    DoorstepBrokerExtension extension = new DoorstepBrokerExtension(sink, ingest, security);
    return vertx.executeBlocking(() -> prepare(options, extension))
        .compose(prepared -> Future.fromCompletionStage(prepared.hivemq().start(), vertx.getOrCreateContext())
            .map(v -> new EmbeddedBroker(vertx, prepared.hivemq(), extension, prepared.port(), prepared.tlsPort()))
            .recover(err -> closeQuietly(vertx, prepared.hivemq())
                .transform(ignored -> Future.failedFuture(new BrokerException(BrokerException.Reason.START_FAILED,
                    "HiveMQ did not start (" + listeners(options, prepared.port(), prepared.tlsPort()) + ")", err)))))
        .onSuccess(b -> {
          LOG.info("Embedded MQTT broker listening: {} (persistence {}, max queue {}/client)",
              listeners(options, b.port(), b.tlsPort()), options.persistence(), options.maxQueuedMessagesPerClient());
          if (b.port() >= 0) {
            LOG.warn("Plaintext MQTT listener on {}:{} is ON: development only, no device authentication or topic ACL",
                options.bindHost(), b.port());
          }
        });
  }

  private static String listeners(Options options, int port, int tlsPort) {
    String tls = tlsPort < 0 ? "" : "mTLS " + options.tls().orElseThrow().bindHost() + ":" + tlsPort;
    String plain = port < 0 ? "" : "plaintext " + options.bindHost() + ":" + port;
    return tls.isEmpty() ? plain : plain.isEmpty() ? tls : tls + ", " + plain;
  }

  private record Prepared(EmbeddedHiveMQ hivemq, int port, int tlsPort) {}

  private static Prepared prepare(Options options, DoorstepBrokerExtension extension) {
    try {
      int port = !options.plaintext() ? -1 : options.port() != 0 ? options.port() : freePort(options.bindHost());
      int tlsPort = options.tls().map(t -> t.port() != 0 ? t.port() : freePortUnchecked(t.bindHost())).orElse(-1);
      Path root = options.dataFolder();
      Path conf = root.resolve("conf");
      Path data = Files.createDirectories(root.resolve("data"));
      Path extensions = Files.createDirectories(root.resolve("extensions"));
      HiveMqConfig.TlsFiles tlsFiles = options.tls().isPresent() ? writeTlsFiles(conf.resolve("tls"), options.tls().get()) : null;
      HiveMqConfig.write(conf, options, port, tlsPort, tlsFiles);
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
      return new Prepared(hivemq, port, tlsPort);
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

  private static int freePortUnchecked(String host) {
    try {
      return freePort(host);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The broker's key store and the client trust store, PKCS#12 0600, with a fresh random password. */
  private static HiveMqConfig.TlsFiles writeTlsFiles(Path dir, Tls tls) {
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Path keystore = dir.resolve("broker-keystore.p12");
    Path truststore = dir.resolve("client-truststore.p12");
    TlsIdentity id = tls.identity();
    // Without self-signed certificates: a client needs its anchor anyway, and a PKCS#12 file rebuilds
    // the chain by issuer name on load, so a root beside the cross certificate of the same name (the
    // transition from Ed25519 TLS keys, FleetCa#tlsCas) would cut the cross certificate off.
    java.util.List<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>();
    for (java.security.cert.X509Certificate c : id.chain()) {
      if (chain.isEmpty() || !c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        chain.add(c);
      }
    }
    TlsContexts.writePkcs12(keystore, TlsContexts.keyStore(id.key(), chain, password.toCharArray()), password.toCharArray());
    TlsContexts.writePkcs12(truststore, TlsContexts.trustStore(id.trusted()), password.toCharArray());
    return new HiveMqConfig.TlsFiles(keystore, truststore, password);
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

  /**
   * The plaintext (development) listener's port: the configured one, or the one picked for port 0;
   * -1 when that listener is off.
   */
  public int port() {
    return port;
  }

  /** MQTT client connections (devices) authenticated and not yet ended, now. Safe from any thread. */
  public int connectedClients() {
    return extension.connectedClients();
  }

  /** The mutual-TLS device listener's port (the one picked for port 0); -1 when there is none. */
  public int tlsPort() {
    return tlsPort;
  }

  /**
   * Disconnects the device's live session, if any, with DISCONNECT "not authorized" and without its
   * last will (a revoked device). Reconnects are refused by the authenticator as long as the
   * registry says the device is revoked.
   *
   * @return whether a session was disconnected
   */
  public Future<Boolean> disconnect(String deviceId, String reason) {
    CompletableFuture<Boolean> f = extension.disconnect(deviceId, reason);
    return Future.fromCompletionStage(f, vertx.getOrCreateContext());
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
    }).onComplete(ar -> LOG.info("Embedded MQTT broker stopped"));
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
   * The mutual-TLS device listener.
   *
   * @param bindHost interface to listen on (devices reach it over the network: {@code 0.0.0.0} in production)
   * @param port     TCP port, 0 = any free port ({@value #DEFAULT_PORT} is the IANA port of MQTT over TLS)
   * @param identity the broker's key and certificate chain (from the fleet's TLS CA, naming every host
   *                 name devices dial), and as {@link TlsIdentity#trusted()} the CA client certificates
   *                 must chain to (the first one is the fleet's TLS CA)
   */
  public record Tls(String bindHost, int port, TlsIdentity identity) {
    public static final int DEFAULT_PORT = 8883;
    /** How long a TLS handshake may take before HiveMQ drops the connection. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public Tls {
      if (bindHost == null || bindHost.isBlank()) {
        throw new IllegalArgumentException("tls.bindHost: must not be blank");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("tls.port: must be 0–65535, was " + port);
      }
      Objects.requireNonNull(identity, "tls.identity");
      if (identity.key() == null) {
        throw new IllegalArgumentException("tls.identity: the broker needs a key and certificate");
      }
    }
  }

  /** Whether {@code host} is a loopback address by its literal form (no DNS lookup). */
  static boolean isLoopback(String host) {
    return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1");
  }

  /**
   * Settings of the embedded broker.
   *
   * @param bindHost                   the plaintext listener's interface; loopback only (default
   *                                   {@value #DEFAULT_BIND_HOST})
   * @param port                       the plaintext listener's TCP port, 0 = any free port; default
   *                                   {@value #DEFAULT_PORT} (1883 stays free for a local Mosquitto)
   * @param plaintext                  whether the plaintext listener runs: development and tests only,
   *                                   no device authentication; default on for the builder without
   *                                   {@link Builder#tls}, off with it unless asked for
   * @param tls                        the mutual-TLS device listener; empty for a plaintext-only broker
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
  public record Options(String bindHost, int port, boolean plaintext, Optional<Tls> tls, Path dataFolder,
                        long maxQueuedMessagesPerClient, int serverReceiveMaximum, Persistence persistence) {
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
      Objects.requireNonNull(tls, "tls");
      if (plaintext && !isLoopback(bindHost)) {
        throw new IllegalArgumentException("bindHost: the plaintext listener is for development and binds a loopback "
            + "address only (127.0.0.1, ::1, localhost), was " + bindHost);
      }
      if (!plaintext && tls.isEmpty()) {
        throw new IllegalArgumentException("tls: required when the plaintext listener is off (no listener at all)");
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
      Builder b = new Builder(dataFolder).bindHost(bindHost).port(port).maxQueuedMessagesPerClient(maxQueuedMessagesPerClient)
          .serverReceiveMaximum(serverReceiveMaximum).persistence(persistence);
      tls.ifPresent(b::tls);
      return b.plaintext(plaintext);
    }

    /** Builds {@link Options}; values are checked in {@link #build()}. */
    public static final class Builder {
      private final Path dataFolder;
      private String bindHost = DEFAULT_BIND_HOST;
      private int port = DEFAULT_PORT;
      private long maxQueuedMessagesPerClient = DEFAULT_MAX_QUEUED_MESSAGES;
      private int serverReceiveMaximum = DEFAULT_SERVER_RECEIVE_MAXIMUM;
      private Persistence persistence = Persistence.IN_MEMORY;
      private Optional<Tls> tls = Optional.empty();
      private Boolean plaintext;

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

      /** The mutual-TLS device listener; turns the plaintext listener off unless {@link #plaintext(boolean)} says otherwise. */
      public Builder tls(Tls tls) {
        this.tls = Optional.of(tls);
        return this;
      }

      /** Whether the plaintext development listener runs on {@link #bindHost}:{@link #port}. */
      public Builder plaintext(boolean plaintext) {
        this.plaintext = plaintext;
        return this;
      }

      /** @throws IllegalArgumentException naming the first invalid field */
      public Options build() {
        boolean plain = plaintext != null ? plaintext : tls.isEmpty();
        return new Options(bindHost, port, plain, tls, dataFolder, maxQueuedMessagesPerClient, serverReceiveMaximum,
            persistence);
      }
    }
  }
}
