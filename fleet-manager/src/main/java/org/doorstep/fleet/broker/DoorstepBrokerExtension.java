package org.doorstep.fleet.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.ManagedExtensionExecutorService;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.doorstep.config.contract.Topics;
import org.doorstep.fleet.ingest.InboundSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HiveMQ extension that connects the embedded broker to the fleet, in-process.
 *
 * <p>What it does, per device connection:
 * <ul>
 *   <li><b>Ingest.</b> A {@link PublishInboundInterceptor} hands every publish on
 *       {@code doorstep/v1/{device}/records|state|command-results} to the {@link InboundSink} (a copy
 *       of the payload). Records and command results are then <em>not</em> routed to subscribers
 *       (there is no subscriber hop; the device still gets PUBACK "success"). State publishes are
 *       routed and retained as usual, so late readers (dashboards, diagnostics) see the last state.
 *       If the sink throws, records and command results are answered with PUBACK "unspecified
 *       error", so the agent resends them.
 *   <li><b>Last will.</b> HiveMQ publishes wills internally, past every inbound interceptor. The
 *       extension therefore remembers the will of each connection and hands it to the sink when the
 *       broker would publish it: on connection loss, server-initiated disconnect (including session
 *       takeover) or a DISCONNECT with reason "disconnect with will message", after
 *       {@code min(will delay, session expiry)}, and not at all if the client reconnects in the
 *       meantime. The broker still publishes (and retains) the will to subscribers.
 *   <li><b>Publishing.</b> {@link #publish} goes through HiveMQ's publish service.
 *   <li><b>Security.</b> With a {@link DeviceSecurity}, device connections on the TLS listener are
 *       authenticated by their client certificate and the registry, and confined to their own
 *       topics; {@link #disconnect} ends a revoked device's session (without its will).
 * </ul>
 *
 * <p>Threads: the interceptor and lifecycle callbacks run on HiveMQ's extension threads; they never
 * block (the sink must not block either).
 */
final class DoorstepBrokerExtension implements ExtensionMain {
  private static final Logger LOG = LoggerFactory.getLogger(DoorstepBrokerExtension.class);

  private final InboundSink sink;
  private final boolean ingest;
  private final Map<String, ScheduledFuture<?>> delayedWills = new ConcurrentHashMap<>();
  private final AtomicBoolean sinkFailing = new AtomicBoolean();
  private final DeviceSecurity security;
  /** Devices disconnected by {@link #disconnect}: their will is not handed to the sink. */
  private final Set<String> willSuppressed = ConcurrentHashMap.newKeySet();
  /** MQTT connections that authenticated and have not ended yet (the fleet publishes without one). */
  private final java.util.concurrent.atomic.AtomicInteger connected = new java.util.concurrent.atomic.AtomicInteger();
  private volatile PublishService publishService;
  private volatile ManagedExtensionExecutorService executor;

  /**
   * @param sink   where device publishes go
   * @param ingest   {@code false} makes a plain broker (no interception), used by tests that need a
   *                 broker for the external-broker client
   * @param security device authentication and topic ACL, or null for none (plaintext-only broker,
   *                 test brokers)
   */
  DoorstepBrokerExtension(InboundSink sink, boolean ingest, DeviceSecurity security) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.ingest = ingest;
    this.security = security;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    publishService = Services.publishService();
    executor = Services.extensionExecutorService();
    if (security != null) {
      Services.securityRegistry().setAuthenticatorProvider(in -> security);
      Services.securityRegistry().setAuthorizerProvider(in -> security);
    }
    if (!ingest) {
      return;
    }
    PublishInboundInterceptor interceptor = this::onInboundPublish;
    Services.initializerRegistry().setClientInitializer((init, client) -> client.addPublishInboundInterceptor(interceptor));
    Services.eventRegistry().setClientLifecycleEventListener(in -> new WillTracker());
  }

  /** Client connections authenticated and not yet ended, now (0 on a plain broker without ingest). */
  int connectedClients() {
    return connected.get();
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    delayedWills.values().forEach(f -> f.cancel(false));
    delayedWills.clear();
    publishService = null;
  }

  /**
   * Publishes one QoS 1 message to devices. The future completes when HiveMQ has queued the message
   * for its subscribers (not when they PUBACK it); it fails with {@link BrokerException.Reason#STOPPED}
   * when the broker is not running.
   */
  CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
    PublishService service = publishService;
    if (service == null) {
      return CompletableFuture.failedFuture(new BrokerException(BrokerException.Reason.STOPPED, "embedded broker is not running"));
    }
    return service.publish(Builders.publish()
        .topic(topic)
        .qos(Qos.AT_LEAST_ONCE)
        .retain(retained)
        .payload(ByteBuffer.wrap(payload.clone()))
        .build());
  }

  /** Disconnects {@code clientId} with "not authorized" and no will; completes with whether it was connected. */
  CompletableFuture<Boolean> disconnect(String clientId, String reason) {
    if (publishService == null) {
      return CompletableFuture.completedFuture(false);
    }
    willSuppressed.add(clientId);
    return Services.clientService()
        .disconnectClient(clientId, true, DisconnectReasonCode.NOT_AUTHORIZED, reason)
        .whenComplete((was, err) -> {
          if (err != null || !Boolean.TRUE.equals(was)) {
            willSuppressed.remove(clientId);
          }
        });
  }

  private void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    String topic = input.getPublishPacket().getTopic();
    Optional<Topics.Channel> channel = ingestChannel(topic);
    if (channel.isEmpty()) {
      return;
    }
    if (security != null) {
      // HiveMQ runs this interceptor before the publish authorizer: the topic ACL of the ingest
      // channels is enforced here, so a device's publish into another device's topic never reaches ingest.
      Optional<String> refusal = security.publishRefusal(input.getConnectionInformation(),
          input.getClientInformation().getClientId(), topic);
      if (refusal.isPresent()) {
        output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "TOPIC_NOT_ALLOWED: " + refusal.get());
        return;
      }
    }
    boolean taken = handOff(topic, input.getPublishPacket().getPayload());
    if (channel.get() == Topics.Channel.STATE) {
      return; // routed and retained as usual
    }
    // No subscriber hop: the fleet already has the record; SUCCESS so the device gets a normal PUBACK.
    output.preventPublishDelivery(taken ? AckReasonCode.SUCCESS : AckReasonCode.UNSPECIFIED_ERROR);
  }

  private boolean handOff(String topic, Optional<ByteBuffer> payload) {
    byte[] bytes = payload.map(DoorstepBrokerExtension::copy).orElse(new byte[0]);
    try {
      sink.accept(topic, bytes);
      if (sinkFailing.compareAndSet(true, false)) {
        LOG.info("Inbound sink accepts messages again");
      }
      return true;
    } catch (RuntimeException e) {
      if (sinkFailing.compareAndSet(false, true)) {
        LOG.warn("Inbound sink refused a message; devices get a negative PUBACK until it recovers", e);
      } else {
        LOG.debug("Inbound sink refused a message on {}", topic, e);
      }
      return false;
    }
  }

  private static Optional<Topics.Channel> ingestChannel(String topic) {
    return Topics.parse(topic).map(Topics.Parsed::channel).filter(c -> c == Topics.Channel.RECORDS
        || c == Topics.Channel.STATE || c == Topics.Channel.COMMAND_RESULTS);
  }

  private static byte[] copy(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  /** One per connection: remembers its will and hands it to the sink when HiveMQ would send it. */
  private final class WillTracker implements ClientLifecycleEventListener {
    private volatile String clientId;
    private volatile String willTopic;
    private volatile byte[] willPayload;
    private volatile long willDelaySeconds;
    private final AtomicBoolean counted = new AtomicBoolean();

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
      ConnectPacket connect = input.getConnectPacket();
      clientId = connect.getClientId();
      ScheduledFuture<?> pending = delayedWills.remove(clientId);
      if (pending != null) {
        pending.cancel(false); // reconnected within the will delay: no will
      }
      Optional<WillPublishPacket> will = connect.getWillPublish();
      if (will.isPresent() && ingestChannel(will.get().getTopic()).isPresent()) {
        willTopic = will.get().getTopic();
        willPayload = will.get().getPayload().map(DoorstepBrokerExtension::copy).orElse(new byte[0]);
        willDelaySeconds = Math.min(will.get().getWillDelay(), connect.getSessionExpiryInterval());
      }
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
      if (counted.compareAndSet(false, true)) {
        connected.incrementAndGet();
      }
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
      ended();
    }

    @Override
    public void onConnectionLost(ConnectionLostInput input) {
      ended();
      fireWill();
    }

    @Override
    public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
      ended();
      fireWill();
    }

    @Override
    public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
      ended();
      if (input.getReasonCode().filter(c -> c == DisconnectedReasonCode.DISCONNECT_WITH_WILL_MESSAGE).isPresent()) {
        fireWill();
      }
    }

    /** Every way a connection ends calls this; it counts each connection down once. */
    private void ended() {
      if (counted.compareAndSet(true, false)) {
        connected.decrementAndGet();
      }
    }

    private void fireWill() {
      String topic = willTopic;
      byte[] payload = willPayload;
      if (clientId != null && willSuppressed.remove(clientId)) {
        willTopic = null; // disconnected for revocation: no will
        return;
      }
      if (topic == null) {
        return;
      }
      willTopic = null; // at most once per connection
      if (willDelaySeconds <= 0) {
        handOff(topic, Optional.of(ByteBuffer.wrap(payload)));
        return;
      }
      String id = clientId;
      ScheduledFuture<?> f = executor.schedule(() -> {
        if (delayedWills.remove(id) != null) {
          handOff(topic, Optional.of(ByteBuffer.wrap(payload)));
        }
      }, willDelaySeconds, TimeUnit.SECONDS);
      delayedWills.put(id, f);
    }
  }
}
