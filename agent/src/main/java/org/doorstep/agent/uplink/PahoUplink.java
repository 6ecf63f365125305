package org.doorstep.agent.uplink;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.doorstep.agent.records.RetryBackoff;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.config.transport.NoDelaySocketFactory;
import org.doorstep.config.transport.NoDelayTlsSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Uplink} over the Eclipse Paho MQTT 5 async client.
 *
 * <ul>
 *   <li><b>Session:</b> client id = device id, clean start, session expiry 0, {@link MemoryPersistence}.
 *       The outbox is the durable store, so Paho need not persist anything: whatever is unacked when a
 *       session ends is published again from the outbox on the next one.</li>
 *   <li><b>Reconnect:</b> our own loop on Vert.x timers, exponential from {@code reconnect.first()} to
 *       {@code reconnect.cap()}. Paho's automatic reconnect only starts after a first successful
 *       connect; a kiosk booting while the network is down must keep trying too.</li>
 *   <li><b>Last will:</b> the retained state with {@code online=false} at QoS 1, taken fresh from the
 *       supplier on every connect (so it carries the latest outbox count).</li>
 *   <li><b>Flow control:</b> at most the CONNACK's Receive Maximum QoS 1 publishes in flight; more wait
 *       in a queue. Paho throws 32202 ("too many publishes in progress") beyond it.</li>
 *   <li><b>TLS:</b> with an {@code ssl://} URL the device's {@link TlsIdentity} is asked for at every
 *       (re)connect, so a renewed certificate is used from the next connect on: TLS 1.3 only, the
 *       broker's certificate must chain to the identity's trusted CA and name the URL's host, the
 *       device's certificate is presented, TCP_NODELAY stays on ({@link NoDelayTlsSocketFactory}).
 *       A refused handshake or CONNACK is logged with what it most likely means (certificate
 *       expired, not trusted, device revoked or unknown, client id not the certificate's).</li>
 *   <li><b>Refusals:</b> a PUBACK or SUBACK with a reason code ≥ 0x80 fails the publish or
 *       subscription with {@link UplinkException.Reason#REFUSED}.</li>
 * </ul>
 * Paho calls back on its own threads; every callback is handed to the owning Vert.x context with
 * {@code runOnContext}, so all fields are confined to that context.
 */
public final class PahoUplink implements Uplink {
  private static final Logger LOG = LoggerFactory.getLogger(PahoUplink.class);
  /** Keep-alive: a dead TCP link without FIN is noticed by the broker within 1.5× this (will published). */
  public static final int DEFAULT_KEEP_ALIVE_S = 30;
  private static final int CONNECT_TIMEOUT_S = 10;

  private final Vertx vertx;
  private final String brokerUrl;
  private final String clientId;
  private final String willTopic;
  private final Supplier<byte[]> willPayload;
  private final RetryBackoff reconnect;
  private final Supplier<TlsIdentity> tlsIdentity;

  private Context context;
  private MqttAsyncClient client;
  private boolean connected;
  private boolean stopping;
  private int receiveMaximum;
  private int reconnectAttempts;
  private long reconnectTimer = -1;
  private long retryTimer = -1;
  /** Wait before retrying a publish Paho refused with 32202 although our window had room. */
  private static final long PAHO_SLOT_RETRY_MS = 5;
  private long generation;
  private int inFlight;
  private int maxInFlight;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private final List<Pending> sent = new ArrayList<>();
  private final Map<String, Handler<InboundMessage>> subscriptions = new LinkedHashMap<>();
  private final List<Handler<UplinkStatus>> statusHandlers = new ArrayList<>();
  private boolean warnedOffline;
  private String lastConnectFailure;

  private record Pending(String topic, byte[] payload, boolean retained, Promise<Void> promise) {}

  /**
   * @param vertx       the agent's Vert.x
   * @param brokerUrl   {@code tcp://host:port} or {@code ssl://host:port}
   * @param clientId    the device id
   * @param willTopic   the device's state topic
   * @param willPayload the offline state envelope, asked for on every connect
   * @param reconnect   reconnect delays (first, cap)
   */
  public PahoUplink(Vertx vertx, String brokerUrl, String clientId, String willTopic, Supplier<byte[]> willPayload,
      RetryBackoff reconnect) {
    this(vertx, brokerUrl, clientId, willTopic, willPayload, reconnect, null);
  }

  /**
   * @param tlsIdentity for {@code ssl://}: the device's TLS key, certificate and trusted CA, asked
   *                    for at every connect (it may read files or a key store; it runs on the
   *                    agent's context, so keep it quick); null when the agent has none (an
   *                    {@code ssl://} URL then fails every connect with a clear reason)
   */
  public PahoUplink(Vertx vertx, String brokerUrl, String clientId, String willTopic, Supplier<byte[]> willPayload,
      RetryBackoff reconnect, Supplier<TlsIdentity> tlsIdentity) {
    this.tlsIdentity = tlsIdentity;
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.brokerUrl = Objects.requireNonNull(brokerUrl, "brokerUrl");
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.willTopic = Objects.requireNonNull(willTopic, "willTopic");
    this.willPayload = Objects.requireNonNull(willPayload, "willPayload");
    this.reconnect = Objects.requireNonNull(reconnect, "reconnect");
  }

  @Override
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    try {
      client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
    } catch (MqttException e) {
      return Future.failedFuture(new UplinkException(UplinkException.Reason.CLIENT_ERROR,
          "invalid broker url " + brokerUrl + ": " + e.getMessage()));
    }
    client.setCallback(new Callbacks());
    connect();
    return Future.succeededFuture();
  }

  private void connect() {
    reconnectTimer = -1;
    if (stopping) {
      return;
    }
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setSessionExpiryInterval(0L);
    o.setAutomaticReconnect(false);
    o.setKeepAliveInterval(DEFAULT_KEEP_ALIVE_S);
    o.setConnectionTimeout(CONNECT_TIMEOUT_S);
    if (brokerUrl.startsWith("tcp://")) {
      // Without TCP_NODELAY our small PUBACKs wait on Nagle + delayed ACK (~40 ms), which capped
      // ack delivery from HiveMQ at ~1.1k msg/s per connection (see NoDelaySocketFactory).
      o.setSocketFactory(NoDelaySocketFactory.INSTANCE);
    } else if (brokerUrl.startsWith("ssl://")) {
      TlsIdentity identity;
      try {
        identity = currentIdentity();
        o.setSocketFactory(new NoDelayTlsSocketFactory(identity.sslContext()));
      } catch (RuntimeException e) {
        onConnectFailed(e);
        return;
      }
      o.setHttpsHostnameVerificationEnabled(true);
    }
    MqttMessage will = new MqttMessage(willPayload.get());
    will.setQos(1);
    will.setRetained(true);
    o.setWill(willTopic, will);
    try {
      client.connect(o, null, new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          MqttProperties p = token.getResponseProperties();
          Integer rm = p == null ? null : p.getReceiveMaximum();
          int max = rm == null || rm <= 0 ? UplinkStatus.DEFAULT_RECEIVE_MAXIMUM : rm;
          context.runOnContext(v -> onConnected(max));
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          context.runOnContext(v -> onConnectFailed(error));
        }
      });
    } catch (MqttException e) {
      onConnectFailed(e);
    }
  }

  /** The identity for this connect, with a WARN when its certificate is outside its validity. */
  private TlsIdentity currentIdentity() {
    if (tlsIdentity == null) {
      throw new UplinkException(UplinkException.Reason.CLIENT_ERROR,
          "the broker URL is ssl:// but this agent has no TLS identity (device certificate) yet: enrol the kiosk");
    }
    TlsIdentity identity = tlsIdentity.get();
    if (identity == null || identity.key() == null) {
      throw new UplinkException(UplinkException.Reason.CLIENT_ERROR,
          "no device certificate for TLS yet: enrol the kiosk");
    }
    X509Certificate cert = identity.certificate();
    try {
      cert.checkValidity();
    } catch (CertificateExpiredException e) {
      LOG.warn("uplink: our device certificate expired at {}; the broker will refuse it until it is renewed",
          cert.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      LOG.warn("uplink: our device certificate is valid only from {} (is the kiosk clock right?)",
          cert.getNotBefore().toInstant());
    }
    return identity;
  }

  /**
   * What a failed connect most likely means, for the log: TLS alerts and CONNACK reason codes
   * translated into the operator's terms.
   */
  static String describeConnectFailure(Throwable error) {
    String alert = null;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException) {
        alert = String.valueOf(t.getMessage());
        break;
      }
    }
    if (alert != null) {
      String hint;
      if (alert.contains("certificate_expired")) {
        hint = "the broker refused our certificate as expired (renew it)";
      } else if (alert.contains("bad_certificate") || alert.contains("certificate_unknown")
          || alert.contains("unknown_ca") || alert.contains("certificate_required")) {
        hint = "the broker refused our client certificate (not issued by the fleet's CA, or missing)";
      } else if (alert.contains("No subject alternative") || alert.contains("No name matching")) {
        hint = "the broker's certificate does not name the host in the broker URL";
      } else if (alert.contains("PKIX") || alert.contains("unable to find valid certification path")) {
        hint = "the broker's certificate is not from the fleet's TLS CA";
      } else if (alert.contains("NotAfter")) {
        hint = "the broker's certificate has expired";
      } else {
        hint = "TLS handshake failed";
      }
      return hint + " (" + alert + ")";
    }
    if (error instanceof MqttException m) {
      String code = switch (m.getReasonCode()) {
        case 0x87 -> "not authorized: the fleet does not know this device, or it is revoked";
        case 0x85 -> "client identifier not valid: the device id is not the certificate's";
        case 0x88 -> "server unavailable";
        default -> null;
      };
      if (code != null) {
        return "broker refused the connection: " + code + " (reason code 0x" + Integer.toHexString(m.getReasonCode()) + ")";
      }
    }
    return String.valueOf(error.getMessage());
  }

  private void onConnected(int max) {
    if (stopping) {
      return;
    }
    connected = true;
    generation++;
    receiveMaximum = max;
    reconnectAttempts = 0;
    warnedOffline = false;
    lastConnectFailure = null;
    LOG.info("uplink connected to {} as {} (receive maximum {})", brokerUrl, clientId, max);
    subscriptions.forEach((filter, handler) -> doSubscribe(filter));
    UplinkStatus s = status();
    statusHandlers.forEach(h -> h.handle(s));
    pump();
  }

  private void onConnectFailed(Throwable error) {
    if (stopping) {
      return;
    }
    // WARN once per outage, then DEBUG per retry (STYLE: "once per change, not per retry").
    String why = describeConnectFailure(error);
    // WARN once per outage and whenever the reason changes (a lost link that then meets a refused
    // CONNECT says so), DEBUG per identical retry.
    if (!warnedOffline || !why.equals(lastConnectFailure)) {
      LOG.warn("uplink cannot reach {}: {}; records stay in the outbox, retrying", brokerUrl, why);
      warnedOffline = true;
    } else {
      LOG.debug("uplink connect to {} failed: {}", brokerUrl, why);
    }
    lastConnectFailure = why;
    scheduleReconnect();
  }

  private void onConnectionLost(String why) {
    if (!connected) {
      return;
    }
    connected = false;
    generation++;
    LOG.warn("uplink connection lost: {}; reconnecting", why);
    warnedOffline = true;
    failAll("connection lost");
    UplinkStatus s = status();
    statusHandlers.forEach(h -> h.handle(s));
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (stopping || reconnectTimer >= 0) {
      return;
    }
    reconnectAttempts++;
    Duration d = reconnect.delayAfter(reconnectAttempts);
    reconnectTimer = vertx.setTimer(Math.max(1, d.toMillis()), id -> connect());
  }

  private void failAll(String why) {
    List<Pending> failed = new ArrayList<>(sent);
    failed.addAll(queue);
    sent.clear();
    queue.clear();
    inFlight = 0;
    failed.forEach(p -> p.promise.tryFail(new UplinkException(UplinkException.Reason.NOT_CONNECTED, why)));
  }

  @Override
  public Future<Void> publish(String topic, byte[] payload, boolean retained) {
    if (!connected) {
      return Future.failedFuture(new UplinkException(UplinkException.Reason.NOT_CONNECTED, "not connected"));
    }
    Promise<Void> p = Promise.promise();
    queue.add(new Pending(topic, payload, retained, p));
    pump();
    return p.future();
  }

  private void pump() {
    while (connected && inFlight < receiveMaximum && !queue.isEmpty()) {
      Pending p = queue.poll();
      long gen = generation;
      try {
        client.publish(p.topic, p.payload, 1, p.retained, null, new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            Throwable refused = codes != null && codes.length > 0 && codes[0] >= 0x80
                ? new UplinkException(UplinkException.Reason.REFUSED, "broker refused the publish on " + p.topic
                    + " (PUBACK reason code 0x" + Integer.toHexString(codes[0]) + ")")
                : null;
            context.runOnContext(v -> completed(gen, p, refused));
          }

          @Override
          public void onFailure(IMqttToken token, Throwable error) {
            context.runOnContext(v -> completed(gen, p, error));
          }
        });
        inFlight++;
        sent.add(p);
        maxInFlight = Math.max(maxInFlight, inFlight);
      } catch (MqttException e) {
        if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
          // Paho completes a publish token before it decrements its own in-flight counter
          // (paho.mqtt.java issue #551), so a slot we know is free can still be counted for a moment.
          // Put the publish back and try again shortly; never surface 32202 to callers.
          queue.addFirst(p);
          if (retryTimer < 0) {
            retryTimer = vertx.setTimer(PAHO_SLOT_RETRY_MS, id -> {
              retryTimer = -1;
              pump();
            });
          }
          return;
        }
        p.promise.tryFail(new UplinkException(UplinkException.Reason.CLIENT_ERROR, e.getMessage()));
      }
    }
  }

  private void completed(long gen, Pending p, Throwable error) {
    if (gen != generation || !sent.remove(p)) {
      return; // failed already when its session ended
    }
    inFlight--;
    if (error == null) {
      p.promise.tryComplete();
    } else if (error instanceof UplinkException u) {
      LOG.warn("uplink: {}", u.getMessage());
      p.promise.tryFail(u);
    } else {
      p.promise.tryFail(new UplinkException(UplinkException.Reason.REFUSED, String.valueOf(error.getMessage())));
    }
    pump();
  }

  @Override
  public Future<Void> subscribe(String filter, Handler<InboundMessage> handler) {
    subscriptions.put(filter, handler);
    return connected ? doSubscribe(filter) : Future.succeededFuture();
  }

  private Future<Void> doSubscribe(String filter) {
    Promise<Void> p = Promise.promise();
    try {
      client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          int[] codes = token.getReasonCodes();
          boolean granted = codes == null || codes.length == 0 || codes[0] < 0x80;
          context.runOnContext(v -> {
            if (granted) {
              p.tryComplete();
            } else {
              LOG.error("broker refused subscription {} (reason code {})", filter, codes[0]);
              p.tryFail(new UplinkException(UplinkException.Reason.REFUSED, "subscribe " + filter + ": " + codes[0]));
            }
          });
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          context.runOnContext(v -> p.tryFail(new UplinkException(UplinkException.Reason.NOT_CONNECTED,
              "subscribe " + filter + ": " + error.getMessage())));
        }
      }, (MqttProperties) null);
    } catch (MqttException e) {
      p.tryFail(new UplinkException(UplinkException.Reason.CLIENT_ERROR, e.getMessage()));
    }
    return p.future();
  }

  @Override
  public Uplink addStatusHandler(Handler<UplinkStatus> handler) {
    statusHandlers.add(Objects.requireNonNull(handler, "handler"));
    return this;
  }

  @Override
  public UplinkStatus status() {
    return connected ? new UplinkStatus(true, receiveMaximum) : UplinkStatus.DISCONNECTED;
  }

  /** The most QoS 1 publishes this link ever had in flight at once (for tests and metrics). */
  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public Future<Void> stop() {
    stopping = true;
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
    boolean wasConnected = connected;
    connected = false;
    failAll("uplink stopped");
    if (client == null) {
      return Future.succeededFuture();
    }
    MqttAsyncClient c = client;
    // Paho's disconnect/close block for up to the quiesce time: keep them off the event loop.
    return vertx.executeBlocking(() -> {
      try {
        if (wasConnected || c.isConnected()) {
          c.disconnect(2_000).waitForCompletion(3_000);
        }
      } catch (MqttException e) {
        LOG.debug("uplink disconnect: {}", e.getMessage());
        try {
          c.disconnectForcibly(0, 1_000, false);
        } catch (MqttException ignored) {
          // closing anyway
        }
      }
      try {
        c.close(true);
      } catch (MqttException e) {
        LOG.debug("uplink close: {}", e.getMessage());
      }
      return null;
    }, false).mapEmpty();
  }

  /** Paho's callbacks, each moved onto the owning context. */
  private final class Callbacks implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      String why = response.getException() != null ? response.getException().getMessage()
          : response.getReturnCode() == 0x87 ? "the broker disconnected us: not authorized (reason code 135; device revoked?)"
          : "reason code " + response.getReturnCode();
      context.runOnContext(v -> onConnectionLost(why));
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.debug("uplink MQTT error: {}", exception.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      InboundMessage m = new InboundMessage(topic, message.getPayload());
      context.runOnContext(v -> dispatch(m));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // completions arrive through the per-publish listeners
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      // handled by the connect listener
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // no enhanced authentication in v1
    }
  }

  private void dispatch(InboundMessage m) {
    subscriptions.forEach((filter, handler) -> {
      if (matches(filter, m.topic())) {
        handler.handle(m);
      }
    });
  }

  /** MQTT topic filter matching ({@code +} one level, {@code #} the rest). */
  static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
        return false;
      }
    }
    return f.length == t.length;
  }
}
