package org.doorstep.fleet.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.doorstep.fleet.broker.ClientAuthentication.Accepted;
import org.doorstep.fleet.broker.ClientAuthentication.Decision;
import org.doorstep.fleet.broker.ClientAuthentication.Refusal;
import org.doorstep.fleet.broker.ClientAuthentication.Refused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device authentication and topic authorisation on the embedded broker's TLS listener.
 *
 * <ul>
 *   <li><b>Connect.</b> HiveMQ has completed a TLS 1.3 handshake with a client certificate that
 *       chains to the fleet's TLS CA (client authentication REQUIRED: a certificate of another CA, or
 *       an expired one, never gets this far; HiveMQ logs those handshakes as "SSL Handshake failed"
 *       and the device logs the alert). This authenticator checks the certificate again with the
 *       fleet's clock ({@link ClientAuthentication}), requires the client id to be its device id,
 *       and asks {@link DeviceAccess} whether the device is registered and not revoked. Every
 *       refusal is a CONNACK with a reason code and reason string, and a WARN naming the
 *       {@link Refusal}.
 *   <li><b>Topics.</b> A device publishes only on its own records/state/command-results and
 *       subscribes only to its own acks/config/commands ({@link TopicAcl}); refusals are PUBACK /
 *       SUBACK "not authorized" (0x87) with the reason, and a WARN.
 *   <li><b>Plaintext listener</b> (development opt-in, loopback only): connections there are neither
 *       authenticated nor restricted, as before TLS.
 * </ul>
 *
 * <p>Threads: HiveMQ extension threads; nothing blocks (the registry answer is awaited with HiveMQ's
 * async output).
 */
final class DeviceSecurity implements SimpleAuthenticator, PublishAuthorizer, SubscriptionAuthorizer {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceSecurity.class);
  /** Name of the plaintext development listener in config.xml. */
  static final String PLAINTEXT_LISTENER = "doorstep-dev-plaintext";
  /** Name of the mutual-TLS device listener in config.xml. */
  static final String TLS_LISTENER = "doorstep-devices-tls";
  /** Longest wait for the device registry before the CONNECT is refused with "server unavailable". */
  static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(10);

  private final java.util.List<X509Certificate> tlsCas;
  private final DeviceAccess access;
  private final Clock clock;

  /** @param tlsCas the TLS CAs device certificates may come from (the P-256 one, and a legacy Ed25519 one) */
  DeviceSecurity(java.util.List<X509Certificate> tlsCas, DeviceAccess access, Clock clock) {
    this.tlsCas = java.util.List.copyOf(tlsCas);
    this.access = Objects.requireNonNull(access, "access");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    ConnectionInformation connection = input.getConnectionInformation();
    if (plaintext(connection)) {
      output.authenticateSuccessfully();
      return;
    }
    String clientId = input.getClientInformation().getClientId();
    String from = connection.getInetAddress().map(InetAddress::getHostAddress).orElse("?");
    Optional<X509Certificate> cert = connection.getClientTlsInformation()
        .flatMap(ClientTlsInformation::getClientCertificate);
    Decision decision = ClientAuthentication.check(clientId, cert, tlsCas, clock.instant());
    if (decision instanceof Refused r) {
      refuse(output, clientId, from, r);
      return;
    }
    String deviceId = ((Accepted) decision).deviceId();
    CompletableFuture<DeviceAccess.Status> status = ask(deviceId);
    if (status.isDone()) {
      decide(output, deviceId, from, status);
      return;
    }
    Async<SimpleAuthOutput> async = output.async(REGISTRY_TIMEOUT, TimeoutFallback.FAILURE,
        ConnackReasonCode.SERVER_UNAVAILABLE, "device registry did not answer");
    status.whenComplete((s, err) -> {
      decide(output, deviceId, from, status);
      async.resume();
    });
  }

  private CompletableFuture<DeviceAccess.Status> ask(String deviceId) {
    try {
      return access.status(deviceId).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void decide(SimpleAuthOutput output, String deviceId, String from, CompletableFuture<DeviceAccess.Status> status) {
    DeviceAccess.Status s;
    try {
      s = status.join();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      refuse(output, deviceId, from, new Refused(Refusal.REGISTRY_UNAVAILABLE, "device registry failed: " + cause.getMessage()));
      return;
    }
    switch (s) {
      case ACTIVE -> {
        LOG.debug("Device {} authenticated by its certificate from {}", deviceId, from);
        output.authenticateSuccessfully();
      }
      case REVOKED -> refuse(output, deviceId, from, new Refused(Refusal.DEVICE_REVOKED, "device " + deviceId + " is revoked"));
      case UNKNOWN -> refuse(output, deviceId, from,
          new Refused(Refusal.UNKNOWN_DEVICE, "device " + deviceId + " is not registered at this fleet"));
    }
  }

  private static void refuse(SimpleAuthOutput output, String clientId, String from, Refused r) {
    LOG.warn("MQTT connection refused: client '{}' from {}: {} ({})", clientId, from, r.refusal(), r.detail());
    ConnackReasonCode code = switch (r.refusal()) {
      case CLIENT_ID_MISMATCH -> ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
      case REGISTRY_UNAVAILABLE -> ConnackReasonCode.SERVER_UNAVAILABLE;
      default -> ConnackReasonCode.NOT_AUTHORIZED;
    };
    output.failAuthentication(code, r.refusal() + ": " + r.detail());
  }

  @Override
  public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
    if (plaintext(input.getConnectionInformation())) {
      output.authorizeSuccessfully();
      return;
    }
    Optional<String> refusal = publishRefusal(input.getConnectionInformation(), input.getClientInformation().getClientId(),
        input.getPublishPacket().getTopic());
    if (refusal.isEmpty()) {
      output.authorizeSuccessfully();
      return;
    }
    output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "TOPIC_NOT_ALLOWED: " + refusal.get());
  }

  @Override
  public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
    if (plaintext(input.getConnectionInformation())) {
      output.authorizeSuccessfully();
      return;
    }
    String deviceId = input.getClientInformation().getClientId();
    String filter = input.getSubscription().getTopicFilter();
    Optional<String> refusal = TopicAcl.subscribeRefusal(deviceId, filter);
    if (refusal.isEmpty()) {
      output.authorizeSuccessfully();
      return;
    }
    LOG.warn("Subscription refused: device {} to '{}': TOPIC_NOT_ALLOWED ({})", deviceId, filter, refusal.get());
    output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "TOPIC_NOT_ALLOWED: " + refusal.get());
  }

  /**
   * Why this connection may not publish on {@code topic} (empty when it may, and always on the
   * plaintext listener); a refusal is logged. HiveMQ runs the ingest interceptor before the
   * publish authorizer, so {@link DoorstepBrokerExtension} asks this for the ingest channels and
   * {@link #authorizePublish} for everything else.
   */
  Optional<String> publishRefusal(ConnectionInformation connection, String clientId, String topic) {
    if (plaintext(connection)) {
      return Optional.empty();
    }
    Optional<String> refusal = TopicAcl.publishRefusal(clientId, topic);
    refusal.ifPresent(r -> LOG.warn("Publish refused: device {} on '{}': TOPIC_NOT_ALLOWED ({})", clientId, topic, r));
    return refusal;
  }

  private static boolean plaintext(ConnectionInformation connection) {
    return connection.getListener().map(Listener::getName).filter(PLAINTEXT_LISTENER::equals).isPresent();
  }
}
