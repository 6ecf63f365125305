package org.doorstep.agent.local;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Objects;
import java.util.Set;
import org.doorstep.agent.device.health.HealthRegistry;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OPC UA server (Eclipse Milo 1.1.2) that shows the kiosk's device health to bank or plant host
 * software: {@code Objects/Doorstep/<deviceId>/<peripheral>/Status|PaperState|LastErrorCode|LastError|LastErrorTime}
 * (strings, the time a DateTime), updated on every change, and an event on the Server object whenever
 * a peripheral enters FRAUDATTEMPT, POTENTIALFRAUD or HWERROR (severity 900 / 700). Node ids are
 * strings in namespace {@value #NAMESPACE_URI}, e.g. {@code kiosk-1/printer/Status}.
 *
 * <pre>{@code
 * HealthOpcUaServer opcua = new HealthOpcUaServer(vertx, options, deviceId, AgentVersion.current(), health);
 * opcua.start().await();                         // no-op when options.enabled() is false
 * String url = opcua.endpointUrl();              // opc.tcp://127.0.0.1:4840/doorstep
 * opcua.stop();
 * }</pre>
 *
 * <p>Security: SecurityPolicy None and anonymous access only, which is why the default bind address
 * is loopback. TODO(#6): Basic256Sha256/Aes256 endpoints, a certificate in the data dir, user tokens.
 *
 * <p>Alarms: plain {@code BaseEventType} events, not {@code AlarmConditionType}: conditions need
 * acknowledge/confirm methods, branches and ConditionRefresh, which Milo 1.1.2's SDK leaves to the
 * application; acknowledging happens at the kiosk (TamperGuard) for now.
 *
 * <p>Threads: Milo runs on its own shared Netty event loop and executor (not Vert.x threads). {@link
 * #start()} and {@link #stop()} complete on the caller's context. Port 0 picks a free port before
 * binding (Milo advertises the configured port in its endpoint descriptions, so it must be the real
 * one); another process could take it in between, which then fails the start.
 */
public final class HealthOpcUaServer {
  private static final Logger LOG = LoggerFactory.getLogger(HealthOpcUaServer.class);
  /** Namespace of the health nodes. */
  public static final String NAMESPACE_URI = "urn:doorstep:agent:health";
  /** Endpoint path. */
  public static final String PATH = "/doorstep";

  private final Vertx vertx;
  private final OpcUaOptions options;
  private final String deviceId;
  private final String softwareVersion;
  private final HealthRegistry health;
  private OpcUaServer server;
  private HealthNamespace namespace;
  private int port = -1;

  /**
   * @param softwareVersion the agent's version, shown as the server's build info (the caller passes it: this
   *                        package does not reach up into the agent's root package)
   */
  public HealthOpcUaServer(Vertx vertx, OpcUaOptions options, String deviceId, String softwareVersion,
      HealthRegistry health) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.softwareVersion = Objects.requireNonNull(softwareVersion, "softwareVersion");
    this.health = Objects.requireNonNull(health, "health");
  }

  /**
   * Binds and serves. Completes at once when disabled.
   *
   * @return failed when the port is taken or the server cannot start (the agent runs on without it)
   */
  public Future<Void> start() {
    if (!options.enabled()) {
      LOG.debug("OPC UA server disabled");
      return Future.succeededFuture();
    }
    if (server != null) {
      return Future.failedFuture(new IllegalStateException("already started"));
    }
    return vertx.executeBlocking(() -> {
      port = options.port() == 0 ? freePort(options.bindHost()) : options.port();
      server = new OpcUaServer(config(port), profile -> {
        if (profile != TransportProfile.TCP_UASC_UABINARY) {
          throw new IllegalArgumentException("unsupported transport " + profile);
        }
        return new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build());
      });
      namespace = new HealthNamespace(server, deviceId, health);
      namespace.startup();
      server.startup().get();
      return null;
    }).<Void>mapEmpty().onSuccess(v -> LOG.info("OPC UA health server on {} (security None: TODO(#6))", endpointUrl()))
        .recover(err -> {
          LOG.error("OPC UA server did not start on {}:{}: {}", options.bindHost(), port, err.toString());
          return stop().transform(r -> Future.failedFuture(err));
        });
  }

  /** The URL clients connect to ({@code opc.tcp://host:port/doorstep}); valid after {@link #start()}. */
  public String endpointUrl() {
    return "opc.tcp://" + options.bindHost() + ":" + port + PATH;
  }

  /** The port bound (the chosen one when the options say 0); -1 before start. */
  public int port() {
    return port;
  }

  /** Stops serving (clients are disconnected). Idempotent. */
  public Future<Void> stop() {
    OpcUaServer s = server;
    HealthNamespace ns = namespace;
    server = null;
    namespace = null;
    if (s == null) {
      return Future.succeededFuture();
    }
    return vertx.<Void>executeBlocking(() -> {
      if (ns != null) {
        ns.shutdown();
      }
      s.shutdown().get();
      return null;
    }).onSuccess(v -> LOG.info("OPC UA health server stopped"));
  }

  private OpcUaServerConfig config(int bindPort) {
    // TODO(#6): add signed and encrypted endpoints and a username/X.509 identity validator.
    EndpointConfig endpoint = EndpointConfig.newBuilder()
        .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
        .setBindAddress(options.bindHost())
        .setBindPort(bindPort)
        .setHostname(options.bindHost())
        .setPath(PATH)
        .setSecurityPolicy(SecurityPolicy.None)
        .setSecurityMode(MessageSecurityMode.None)
        .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
        .build();
    return OpcUaServerConfig.builder()
        .setApplicationUri("urn:doorstep:agent:" + deviceId)
        .setApplicationName(LocalizedText.english("Doorstep kiosk " + deviceId))
        .setProductUri("urn:doorstep:agent")
        .setBuildInfo(new BuildInfo("urn:doorstep:agent", "Doorstep", "Doorstep kiosk agent",
            softwareVersion, "", DateTime.now()))
        .setEndpoints(Set.of(endpoint))
        // No certificate groups: with SecurityPolicy None there is nothing to sign.
        .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
        .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
        .build();
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return s.getLocalPort();
    }
  }
}
