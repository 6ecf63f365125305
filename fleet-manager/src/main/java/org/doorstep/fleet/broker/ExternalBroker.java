package org.doorstep.fleet.broker;

import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.config.transport.NoDelaySocketFactory;
import org.doorstep.config.transport.NoDelayTlsSocketFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.doorstep.config.contract.Topics;
import org.doorstep.fleet.ingest.DevicePublisher;
import org.doorstep.fleet.ingest.InboundSink;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet on an external MQTT 5 broker (Mosquitto, EMQX, HiveMQ): one Paho v5 client per
 * fleet-manager instance, in the shared-subscription group {@link Options#sharedGroup()}, so that
 * several instances split device traffic (each message goes to one member of the group).
 *
 * <p><b>Ingest.</b> Subscribes {@code $share/{group}/doorstep/v1/+/records}, {@code …/state} and
 * {@code …/command-results} at QoS 1 and hands each message (a copy of the payload) to the
 * {@link InboundSink} on Paho's callback thread. Paho PUBACKs a message as soon as
 * {@code messageArrived} returns, i.e. right after the hand-off, before the fleet has stored
 * anything. A crash in between loses the message at the broker; that is accepted because the
 * fleet's own ack ({@code …/acks}, sent after the commit) is what the agent waits for, and the agent
 * resends every record not acked in time (dedupe by record id makes the resend safe). A sink that
 * throws is logged; the message is still PUBACKed.
 *
 * <p><b>Session.</b> Clean start is off and the session outlives the connection by
 * {@link Options#sessionExpiry()}, so after a network blip the broker resumes the session: the
 * subscriptions survive and messages routed to this member meanwhile are delivered. Paho reconnects
 * automatically and re-subscribes after every reconnect (harmless when the session survived, needed
 * when it did not). {@link #stop()} ends the session (DISCONNECT with session expiry 0), so a
 * stopped instance leaves the group at once instead of parking messages in a dead session.
 *
 * <p><b>Flow control.</b> The client announces {@link Options#receiveMaximum()} (default 1000):
 * QoS 1 messages the broker may send before PUBACKs come back. Brokers default to small windows or
 * to the client's value; a small one paces ingest by round trips. {@link #publisher()} respects the
 * broker's receive maximum: when Paho refuses a publish with 32202 "too many publishes in progress",
 * the publish waits in an in-memory queue (at most {@link Options#maxQueuedPublishes()}) and is sent
 * as soon as a PUBACK frees a slot.
 *
 * <p>Threads: methods may be called from any thread; futures complete on the caller's Vert.x context
 * (or a new event-loop context when called from elsewhere). The sink runs on Paho's "MQTT Call"
 * thread and must not block: it delays every message of this client.
 */
public final class ExternalBroker {
  private static final Logger LOG = LoggerFactory.getLogger(ExternalBroker.class);
  private static final List<Topics.Channel> INGEST =
      List.of(Topics.Channel.RECORDS, Topics.Channel.STATE, Topics.Channel.COMMAND_RESULTS);

  private final Vertx vertx;
  private final Options options;
  private final InboundSink sink;
  private final MqttAsyncClient client;
  private final DevicePublisher publisher = this::publish;

  private final Object lock = new Object();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private boolean pumping;
  private boolean pumpAgain;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicBoolean sinkFailing = new AtomicBoolean();
  private final AtomicBoolean connectionLost = new AtomicBoolean();

  private ExternalBroker(Vertx vertx, Options options, InboundSink sink) throws MqttException {
    this.vertx = vertx;
    this.options = options;
    this.sink = sink;
    // MemoryPersistence: Paho's default file persistence writes every QoS 1 message to disk.
    this.client = new MqttAsyncClient(options.serverUri(), options.clientId(), new MemoryPersistence());
    this.client.setCallback(new Callback());
  }

  /**
   * Connects, joins the shared-subscription group and starts handing messages to {@code sink}.
   *
   * <p>Fails with {@link BrokerException.Reason#CONNECT_FAILED} when the first connect fails (bad
   * URI, broker unreachable within {@link Options#connectTimeout()}, credentials refused; later
   * connection losses are retried automatically) and with
   * {@link BrokerException.Reason#SUBSCRIBE_FAILED} when the broker refuses a subscription (for
   * instance a broker without shared subscriptions).
   *
   * @param vertx   completes the futures
   * @param options broker address, identity, group
   * @param sink    receives device publishes on Paho's callback thread; must not block
   */
  public static Future<ExternalBroker> connect(Vertx vertx, Options options, InboundSink sink) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(sink, "sink");
    ExternalBroker broker;
    try {
      broker = new ExternalBroker(vertx, options, sink);
    } catch (MqttException | IllegalArgumentException e) {
      return Future.failedFuture(new BrokerException(BrokerException.Reason.CONNECT_FAILED,
          "cannot create MQTT client for " + options.serverUri(), e));
    }
    return broker.connectAndSubscribe()
        .onSuccess(v -> LOG.info("Joined shared group '{}' on {} as {}", options.sharedGroup(), options.serverUri(), options.clientId()))
        .recover(err -> broker.closeQuietly().transform(ignored -> Future.failedFuture(err)))
        .map(broker);
  }

  private Future<Void> connectAndSubscribe() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    o.setSessionExpiryInterval(options.sessionExpiry().toSeconds());
    o.setAutomaticReconnect(true);
    o.setAutomaticReconnectDelay(1, 30);
    o.setReceiveMaximum(options.receiveMaximum());
    o.setConnectionTimeout((int) Math.max(1, options.connectTimeout().toSeconds()));
    o.setKeepAliveInterval(30);
    if (options.serverUri().startsWith("tcp://")) {
      o.setSocketFactory(NoDelaySocketFactory.INSTANCE);
    } else if (options.tls().isPresent()) {
      // TLS 1.3, our client certificate, trust in the fleet's TLS CA only, TCP_NODELAY; the broker's
      // certificate must name the host of serverUri.
      o.setSocketFactory(new NoDelayTlsSocketFactory(options.tls().get().sslContext()));
      o.setHttpsHostnameVerificationEnabled(true);
    }
    options.username().ifPresent(o::setUserName);
    options.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
    CompletableFuture<Void> connected = new CompletableFuture<>();
    try {
      client.connect(o, null, listener(connected));
    } catch (MqttException e) {
      connected.completeExceptionally(e);
    }
    return Future.fromCompletionStage(connected, vertx.getOrCreateContext())
        .recover(err -> Future.failedFuture(new BrokerException(BrokerException.Reason.CONNECT_FAILED,
            "cannot connect to " + options.serverUri() + ": " + describe(err), err)))
        .compose(v -> Future.fromCompletionStage(subscribe(), vertx.getOrCreateContext()));
  }

  private CompletableFuture<Void> subscribe() {
    MqttSubscription[] subs = INGEST.stream()
        .map(c -> new MqttSubscription(options.sharedFilter(c), 1))
        .toArray(MqttSubscription[]::new);
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      client.subscribe(subs, null, new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          int[] codes = token.getReasonCodes();
          for (int i = 0; codes != null && i < codes.length; i++) {
            if (codes[i] >= 0x80) {
              done.completeExceptionally(new BrokerException(BrokerException.Reason.SUBSCRIBE_FAILED,
                  "broker refused " + subs[Math.min(i, subs.length - 1)].getTopic() + " with reason code 0x" + Integer.toHexString(codes[i])));
              return;
            }
          }
          done.complete(null);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable err) {
          done.completeExceptionally(new BrokerException(BrokerException.Reason.SUBSCRIBE_FAILED, "subscribe failed: " + describe(err), err));
        }
      }, new MqttProperties());
    } catch (MqttException e) {
      done.completeExceptionally(new BrokerException(BrokerException.Reason.SUBSCRIBE_FAILED, "subscribe failed: " + describe(e), e));
    }
    return done;
  }

  /** Sends acks, config and commands to devices; see {@link #publish}. */
  public DevicePublisher publisher() {
    return publisher;
  }

  /**
   * One QoS 1 publish. Completes when the broker's PUBACK arrives. Fails with
   * {@link BrokerException.Reason#NOT_CONNECTED} while the client is reconnecting,
   * {@link BrokerException.Reason#QUEUE_FULL} when {@link Options#maxQueuedPublishes()} publishes
   * already wait for an in-flight slot, {@link BrokerException.Reason#PUBLISH_FAILED} on a negative
   * PUBACK and {@link BrokerException.Reason#STOPPED} after {@link #stop()}. A publish in flight when
   * the connection drops completes after the reconnect (Paho resends it); callers that cannot wait
   * that long add their own {@code timeout}.
   */
  private Future<Void> publish(String topic, byte[] payload, boolean retained) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    Pending p = new Pending(topic, payload.clone(), retained, new CompletableFuture<>());
    Future<Void> result = Future.fromCompletionStage(p.done(), vertx.getOrCreateContext());
    synchronized (lock) {
      if (stopped.get()) {
        p.done().completeExceptionally(new BrokerException(BrokerException.Reason.STOPPED, "external broker client is stopped"));
        return result;
      }
      if (waiting.size() >= options.maxQueuedPublishes()) {
        p.done().completeExceptionally(new BrokerException(BrokerException.Reason.QUEUE_FULL,
            waiting.size() + " publishes wait for the broker's receive maximum"));
        return result;
      }
      waiting.addLast(p);
    }
    pump();
    return result;
  }

  /** Sends waiting publishes in order until Paho's in-flight window is full. One pumper at a time. */
  private void pump() {
    synchronized (lock) {
      if (pumping) {
        pumpAgain = true;
        return;
      }
      pumping = true;
      pumpAgain = false;
    }
    while (true) {
      Pending p;
      synchronized (lock) {
        p = waiting.peekFirst();
        if (p == null) {
          pumping = false;
          return;
        }
      }
      boolean sent = trySend(p);
      synchronized (lock) {
        if (!sent && !pumpAgain) {
          pumping = false; // window full: the next PUBACK calls pump() again
          return;
        }
        if (sent) {
          waiting.pollFirst();
        }
        pumpAgain = false;
      }
    }
  }

  /** {@code false} when the in-flight window is full; otherwise the publish is sent or failed. */
  private boolean trySend(Pending p) {
    MqttMessage message = new MqttMessage(p.payload(), 1, p.retained(), null);
    try {
      client.publish(p.topic(), message, null, new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          int[] codes = token.getReasonCodes();
          if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            p.done().completeExceptionally(new BrokerException(BrokerException.Reason.PUBLISH_FAILED,
                "broker answered PUBACK 0x" + Integer.toHexString(codes[0]) + " for " + p.topic()));
          } else {
            p.done().complete(null);
          }
          pump();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable err) {
          p.done().completeExceptionally(new BrokerException(BrokerException.Reason.PUBLISH_FAILED,
              "publish to " + p.topic() + " failed: " + describe(err), err));
          pump();
        }
      });
      return true;
    } catch (MqttException e) {
      if (e.getReasonCode() == MqttClientException.MAX_INFLIGHT) {
        return false;
      }
      BrokerException.Reason reason = e.getReasonCode() == MqttClientException.NOT_CONNECTED
          ? BrokerException.Reason.NOT_CONNECTED : BrokerException.Reason.PUBLISH_FAILED;
      p.done().completeExceptionally(new BrokerException(reason, "publish to " + p.topic() + " failed: " + describe(e), e));
      return true;
    }
  }

  /**
   * Leaves the group and disconnects: DISCONNECT with session expiry 0 (the broker drops this
   * member's session), waiting up to 5 s for in-flight work, then closes the client. Publishes still
   * waiting fail with {@link BrokerException.Reason#STOPPED}. Idempotent; never fails (a client that
   * is not connected is just closed).
   */
  public Future<Void> stop() {
    if (!stopped.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    List<Pending> dropped;
    synchronized (lock) {
      dropped = List.copyOf(waiting);
      waiting.clear();
    }
    dropped.forEach(p -> p.done().completeExceptionally(new BrokerException(BrokerException.Reason.STOPPED, "external broker client stopped")));
    CompletableFuture<Void> disconnected = new CompletableFuture<>();
    try {
      MqttProperties props = new MqttProperties();
      props.setSessionExpiryInterval(0L);
      client.disconnect(5_000, null, listener(disconnected), MqttReturnCode.RETURN_CODE_SUCCESS, props);
    } catch (MqttException e) {
      disconnected.complete(null); // not connected: nothing to say goodbye to
    }
    return Future.fromCompletionStage(disconnected, vertx.getOrCreateContext())
        .recover(err -> Future.succeededFuture())
        .compose(v -> closeQuietly())
        .onComplete(ar -> LOG.info("Left shared group '{}' on {}", options.sharedGroup(), options.serverUri()));
  }

  private Future<Void> closeQuietly() {
    return vertx.<Void>executeBlocking(() -> {
      client.close(true);
      return null;
    }).recover(err -> {
      LOG.debug("Closing the MQTT client failed", err);
      return Future.succeededFuture();
    });
  }

  private static MqttActionListener listener(CompletableFuture<Void> f) {
    return new MqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        f.complete(null);
      }

      @Override
      public void onFailure(IMqttToken token, Throwable err) {
        f.completeExceptionally(err);
      }
    };
  }

  private static String describe(Throwable err) {
    if (err instanceof MqttException m) {
      return m.getMessage() + " (" + m.getReasonCode() + ")";
    }
    return String.valueOf(err.getMessage());
  }

  private record Pending(String topic, byte[] payload, boolean retained, CompletableFuture<Void> done) {}

  /** Paho reason codes this class reacts to (Paho's own constants are spread over two classes). */
  private static final class MqttClientException {
    static final int MAX_INFLIGHT = 32202;
    static final int NOT_CONNECTED = 32104;
  }

  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      byte[] payload = message.getPayload().clone();
      try {
        sink.accept(topic, payload);
        if (sinkFailing.compareAndSet(true, false)) {
          LOG.info("Inbound sink accepts messages again");
        }
      } catch (RuntimeException e) {
        // Throwing here would make Paho drop the connection; the agent's resend recovers the message.
        if (sinkFailing.compareAndSet(false, true)) {
          LOG.warn("Inbound sink refused a message; it is PUBACKed anyway and left to the agent's resend", e);
        } else {
          LOG.debug("Inbound sink refused a message on {}", topic, e);
        }
      }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (!reconnect) {
        return; // connectAndSubscribe() subscribes after the first connect
      }
      if (connectionLost.compareAndSet(true, false)) {
        LOG.info("Reconnected to {}", serverUri);
      }
      subscribe().whenComplete((v, err) -> {
        if (err != null) {
          LOG.warn("Re-subscribing after reconnect failed: {}", describe(err));
        }
      });
      pump();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (!stopped.get() && connectionLost.compareAndSet(false, true)) {
        LOG.warn("Connection to {} lost ({}); reconnecting", options.serverUri(), response.getReasonString());
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("MQTT error on {}: {}", options.serverUri(), describe(exception));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }

  /**
   * Settings of the external-broker client.
   *
   * @param serverUri          {@code tcp://host:port} or {@code ssl://host:port}
   * @param clientId           this instance's MQTT client id; keep it stable across restarts so the
   *                           broker resumes the session
   * @param sharedGroup         shared-subscription group; default {@link Topics#SHARE_GROUP}
   * @param username           optional
   * @param password           optional; never logged ({@link #toString()} masks it)
   * @param receiveMaximum     QoS 1 messages the broker may have in flight to us; default
   *                           {@value #DEFAULT_RECEIVE_MAXIMUM}, enough to keep a 2-core machine busy
   *                           (16k msg/s through Mosquitto) instead of waiting on round trips
   * @param sessionExpiry      how long the broker keeps our session after a connection loss; default
   *                           5 minutes: covers reconnects and restarts, and bounds how long messages
   *                           routed to a crashed instance wait before the agent's resend takes over
   * @param connectTimeout     first connect attempt; default 10 s
   * @param maxQueuedPublishes publishes that may wait for a free in-flight slot; default
   *                           {@value #DEFAULT_MAX_QUEUED_PUBLISHES}
   * @param tls                with {@code ssl://}: the fleet's client key and certificate and the CA
   *                           the broker's certificate must chain to (TLS 1.3 only, host name
   *                           checked); empty for the JVM's default TLS set-up. Must be empty with
   *                           {@code tcp://}
   */
  public record Options(String serverUri, String clientId, String sharedGroup, Optional<String> username,
                        Optional<String> password, int receiveMaximum, Duration sessionExpiry,
                        Duration connectTimeout, int maxQueuedPublishes, Optional<TlsIdentity> tls) {
    public static final int DEFAULT_RECEIVE_MAXIMUM = 1000;
    public static final int DEFAULT_MAX_QUEUED_PUBLISHES = 10_000;
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public Options {
      if (serverUri == null || serverUri.isBlank()) {
        throw new IllegalArgumentException("serverUri: must not be blank");
      }
      String scheme = URI.create(serverUri).getScheme();
      if (!"tcp".equals(scheme) && !"ssl".equals(scheme)) {
        throw new IllegalArgumentException("serverUri: must start with tcp:// or ssl://, was " + serverUri);
      }
      if (clientId == null || clientId.isBlank()) {
        throw new IllegalArgumentException("clientId: must not be blank");
      }
      if (sharedGroup == null || sharedGroup.isBlank() || sharedGroup.contains("/") || sharedGroup.contains("+")
          || sharedGroup.contains("#")) {
        throw new IllegalArgumentException("sharedGroup: must be a non-empty name without / + #, was '" + sharedGroup + "'");
      }
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (receiveMaximum < 1 || receiveMaximum > 65535) {
        throw new IllegalArgumentException("receiveMaximum: must be 1–65535, was " + receiveMaximum);
      }
      if (sessionExpiry == null || sessionExpiry.isNegative() || sessionExpiry.toSeconds() > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("sessionExpiry: must be 0 … 2^32-1 s, was " + sessionExpiry);
      }
      if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout: must be positive, was " + connectTimeout);
      }
      if (maxQueuedPublishes < 1) {
        throw new IllegalArgumentException("maxQueuedPublishes: must be ≥ 1, was " + maxQueuedPublishes);
      }
      Objects.requireNonNull(tls, "tls");
      if (tls.isPresent() && !"ssl".equals(scheme)) {
        throw new IllegalArgumentException("tls: given, but serverUri is not ssl://, was " + serverUri);
      }
    }

    /** Defaults for everything but the broker address and the client id, which are required. */
    public static Builder builder(String serverUri, String clientId) {
      return new Builder(serverUri, clientId);
    }

    /** {@code $share/{sharedGroup}/doorstep/v1/+/{channel}}. */
    public String sharedFilter(Topics.Channel channel) {
      return "$share/" + sharedGroup + "/" + Topics.allDevices(channel);
    }

    @Override
    public String toString() {
      return "Options[serverUri=" + serverUri + ", clientId=" + clientId + ", sharedGroup=" + sharedGroup
          + ", username=" + username + ", password=" + password.map(p -> "***") + ", receiveMaximum=" + receiveMaximum
          + ", sessionExpiry=" + sessionExpiry + ", connectTimeout=" + connectTimeout + ", maxQueuedPublishes=" + maxQueuedPublishes
          + ", tls=" + tls.map(TlsIdentity::toString).orElse("none") + "]";
    }

    /** Builds {@link Options}; values are checked in {@link #build()}. */
    public static final class Builder {
      private final String serverUri;
      private final String clientId;
      private String sharedGroup = Topics.SHARE_GROUP;
      private Optional<String> username = Optional.empty();
      private Optional<String> password = Optional.empty();
      private int receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
      private Duration sessionExpiry = DEFAULT_SESSION_EXPIRY;
      private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
      private int maxQueuedPublishes = DEFAULT_MAX_QUEUED_PUBLISHES;
      private Optional<TlsIdentity> tls = Optional.empty();

      private Builder(String serverUri, String clientId) {
        this.serverUri = serverUri;
        this.clientId = clientId;
      }

      public Builder sharedGroup(String sharedGroup) {
        this.sharedGroup = sharedGroup;
        return this;
      }

      /** Username and password for brokers that require them. */
      public Builder credentials(String username, String password) {
        this.username = Optional.of(username);
        this.password = Optional.of(password);
        return this;
      }

      public Builder receiveMaximum(int receiveMaximum) {
        this.receiveMaximum = receiveMaximum;
        return this;
      }

      public Builder sessionExpiry(Duration sessionExpiry) {
        this.sessionExpiry = sessionExpiry;
        return this;
      }

      public Builder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
      }

      public Builder maxQueuedPublishes(int maxQueuedPublishes) {
        this.maxQueuedPublishes = maxQueuedPublishes;
        return this;
      }

      /** The fleet's TLS client identity for an {@code ssl://} broker ({@link FleetClientIdentity}). */
      public Builder tls(TlsIdentity tls) {
        this.tls = Optional.of(tls);
        return this;
      }

      /** @throws IllegalArgumentException naming the first invalid field */
      public Options build() {
        return new Options(serverUri, clientId, sharedGroup, username, password, receiveMaximum, sessionExpiry,
            connectTimeout, maxQueuedPublishes, tls);
      }
    }
  }
}
