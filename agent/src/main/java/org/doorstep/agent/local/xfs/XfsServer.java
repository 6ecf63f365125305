package org.doorstep.agent.local.xfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.doorstep.config.profile.LocalServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XFS4IoT local API on loopback: the service publisher at {@value #ROOT} ({@code
 * ServicePublisher.GetServices}) and each {@link XfsService} at {@value #ROOT}{@code /{path}}. A thin Vert.x
 * adapter: {@link XfsProtocol} does the framing and bookkeeping. Docs: docs/local-api.md.
 *
 * <p>Access: the WebSocket upgrade must come from a loopback address (else 403) and carry {@code
 * Authorization: Bearer <token>} of {@link XfsTokens} (else 401); the token's scope decides whether payloads
 * carry masked or real ID numbers and names. Device commands are single-use per service: a second one while one
 * runs (on any connection) completes with {@code sequenceError}. A client that disconnects cancels its commands.
 */
public final class XfsServer {
  private static final Logger LOG = LoggerFactory.getLogger(XfsServer.class);
  /** The path of the service publisher. */
  public static final String ROOT = "/xfs4iot/v1.0";
  static final String GET_SERVICES = "ServicePublisher.GetServices";
  static final String STATUS = "Common.Status";
  static final String CAPABILITIES = "Common.Capabilities";
  static final String CANCEL = "Common.Cancel";
  private static final Set<String> COMMON = Set.of(STATUS, CAPABILITIES, CANCEL);
  /** The vendor this publisher names. */
  public static final String VENDOR_NAME = "Doorstep";

  private final Vertx vertx;
  private final int configuredPort;
  private final XfsTokens tokens;
  private final Map<String, XfsService> services = new LinkedHashMap<>();
  private final Map<XfsService, Set<ServerWebSocket>> connections = new HashMap<>();
  /** Per service, the command running on its device, if any. */
  private final Map<XfsService, Long> busy = new HashMap<>();
  private HttpServer server;
  private int port = -1;

  /**
   * @param port {@link LocalServices.Xfs4Iot#FIRST_PORT}: the first free of the XFS4IoT range; 0: any free port;
   *             else that port
   */
  public XfsServer(Vertx vertx, int port, XfsTokens tokens, List<XfsService> services) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.configuredPort = port;
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    services.forEach(s -> this.services.put(ROOT + "/" + s.path(), s));
  }

  /** Binds 127.0.0.1; completes with the port. Fails when no port of the range (or the given port) is free. */
  public Future<Integer> start() {
    List<Integer> candidates = new java.util.ArrayList<>();
    if (configuredPort == LocalServices.Xfs4Iot.FIRST_PORT) {
      for (int p = LocalServices.Xfs4Iot.FIRST_PORT; p <= LocalServices.Xfs4Iot.LAST_PORT; p++) {
        candidates.add(p);
      }
    } else {
      candidates.add(configuredPort);
    }
    return bind(candidates, 0).map(s -> {
      server = s;
      port = s.actualPort();
      LOG.info("XFS4IoT local API on {} (token file {})", publisherUri(), tokens.file());
      return port;
    });
  }

  private Future<HttpServer> bind(List<Integer> candidates, int i) {
    HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost(LocalServices.LOOPBACK)
        .setLogActivity(false))
        .webSocketHandshakeHandler(this::handshake)
        .webSocketHandler(this::connected)
        .requestHandler(req -> req.response().setStatusCode(426).end("XFS4IoT: connect with a WebSocket\n"));
    return s.listen(candidates.get(i)).recover(err -> {
      if (i + 1 < candidates.size()) {
        return bind(candidates, i + 1);
      }
      return Future.failedFuture(new IllegalStateException("XFS4IoT local API: no free port of " + candidates
          + ": " + err.getMessage(), err));
    });
  }

  /** The port bound, -1 before start. */
  public int port() {
    return port;
  }

  /** {@code ws://127.0.0.1:PORT/xfs4iot/v1.0}. */
  public String publisherUri() {
    return "ws://" + LocalServices.LOOPBACK + ":" + port + ROOT;
  }

  /** The masked-scope token file. */
  public java.nio.file.Path tokenFile() {
    return tokens.file();
  }

  /** Stops listening, cancels what runs. */
  public Future<Void> stop() {
    services.values().forEach(XfsService::stop);
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handshake(ServerWebSocketHandshake hs) {
    if (!hs.remoteAddress().isInetSocket() || !isLoopback(hs.remoteAddress().hostAddress())) {
      hs.reject(403);
      return;
    }
    if (!ROOT.equals(hs.path()) && !services.containsKey(hs.path())) {
      hs.reject(404);
      return;
    }
    if (tokens.scopeOf(hs.headers().get("Authorization")).isEmpty()) {
      LOG.warn("XFS4IoT connection to {} refused: missing or wrong bearer token", hs.path());
      hs.reject(401);
      return;
    }
    hs.accept();
  }

  private static boolean isLoopback(String host) {
    return host != null && (host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1"));
  }

  private void connected(ServerWebSocket ws) {
    boolean personal = tokens.scopeOf(ws.headers().get("Authorization"))
        .filter(s -> s == XfsTokens.Scope.PERSONAL_DATA).isPresent();
    if (ROOT.equals(ws.path())) {
      XfsProtocol protocol = new XfsProtocol(Set.of(GET_SERVICES), XfsProtocol.DEFAULT_MAXIMUM_REQUESTS);
      ws.textMessageHandler(text -> publisher(ws, protocol, text));
      return;
    }
    XfsService service = services.get(ws.path());
    Set<String> commands = new HashSet<>(COMMON);
    commands.addAll(service.commands());
    Connection c = new Connection(ws, service, new XfsProtocol(commands, XfsProtocol.DEFAULT_MAXIMUM_REQUESTS),
        personal);
    Set<ServerWebSocket> open = connections.computeIfAbsent(service, k -> new HashSet<>());
    open.add(ws);
    service.start(msg -> connections.getOrDefault(service, Set.of()).forEach(w -> w.writeTextMessage(msg)));
    ws.textMessageHandler(c::received);
    ws.closeHandler(v -> {
      open.remove(ws);
      c.disconnected();
      if (open.isEmpty()) {
        service.stop();
      }
    });
  }

  private void publisher(ServerWebSocket ws, XfsProtocol protocol, String text) {
    XfsProtocol.Received r = protocol.receive(text);
    ws.writeTextMessage(r.acknowledge());
    if (r instanceof XfsProtocol.Received.Unsupported u) {
      ws.writeTextMessage(u.completion());
    } else if (r instanceof XfsProtocol.Received.Accepted a) {
      ObjectNode p = JsonNodeFactory.instance.objectNode();
      p.put("vendorName", VENDOR_NAME);
      ArrayNode list = p.putArray("services");
      services.keySet().forEach(path -> list.addObject().put("serviceURI",
          "ws://" + LocalServices.LOOPBACK + ":" + port + path));
      protocol.completion(a.command().requestId(), CompletionCode.SUCCESS, null, p).ifPresent(ws::writeTextMessage);
    }
  }

  /** One client of one service. */
  private final class Connection {
    private final ServerWebSocket ws;
    private final XfsService service;
    private final XfsProtocol protocol;
    private final boolean personal;
    private final Map<Long, Promise<Void>> cancels = new HashMap<>();
    private boolean open = true;

    Connection(ServerWebSocket ws, XfsService service, XfsProtocol protocol, boolean personal) {
      this.ws = ws;
      this.service = service;
      this.protocol = protocol;
      this.personal = personal;
    }

    void received(String text) {
      XfsProtocol.Received r = protocol.receive(text);
      send(r.acknowledge());
      if (r instanceof XfsProtocol.Received.Refused refused) {
        LOG.debug("XFS4IoT {} command refused: {}", service.name(), refused.status().wire());
      } else if (r instanceof XfsProtocol.Received.Unsupported u) {
        send(u.completion());
      } else if (r instanceof XfsProtocol.Received.Accepted a) {
        run(a.command());
      }
    }

    private void run(XfsCommand command) {
      long id = command.requestId();
      switch (command.name()) {
        case STATUS -> complete(id, XfsService.Outcome.success(service.status()));
        case CAPABILITIES -> complete(id, XfsService.Outcome.success(capabilities()));
        case CANCEL -> complete(id, cancel(command.payload().path("requestIds")));
        default -> device(command);
      }
    }

    private XfsService.Outcome cancel(JsonNode ids) {
      List<Long> targets = new java.util.ArrayList<>();
      if (ids.isArray() && !ids.isEmpty()) {
        for (JsonNode n : ids) {
          if (!n.isIntegralNumber()) {
            return XfsService.Outcome.failed(CompletionCode.INVALID_DATA, "requestIds: must be integers");
          }
          targets.add(n.asLong());
        }
      } else if (ids.isMissingNode() || ids.isNull() || ids.isArray()) {
        targets.addAll(cancels.keySet());    // none named: every command of this connection (spec)
      } else {
        return XfsService.Outcome.failed(CompletionCode.INVALID_DATA, "requestIds: must be an array of integers");
      }
      targets.forEach(this::cancel);
      return XfsService.Outcome.success(null);
    }

    private void cancel(long id) {
      Promise<Void> p = cancels.get(id);
      if (p != null && p.tryComplete()) {
        complete(id, XfsService.Outcome.failed(CompletionCode.CANCELED, "canceled by Common.Cancel"));
      }
    }

    private void device(XfsCommand command) {
      long id = command.requestId();
      if (busy.containsKey(service)) {
        complete(id, XfsService.Outcome.failed(CompletionCode.SEQUENCE_ERROR, service.name()
            + " is single-use and busy with another command; send this one when that one completes"));
        return;
      }
      Promise<Void> canceled = Promise.promise();
      cancels.put(id, canceled);
      busy.put(service, id);
      XfsService.Execution x = new XfsService.Execution() {
        @Override
        public void event(String name, ObjectNode payload) {
          if (!canceled.future().isComplete() && protocol.running(id).isPresent()) {
            send(protocol.event(id, name, payload));
          }
        }

        @Override
        public Future<Void> canceled() {
          return canceled.future();
        }

        @Override
        public boolean personalData() {
          return personal;
        }
      };
      Future<XfsService.Outcome> work;
      try {
        work = service.execute(command, x);
      } catch (RuntimeException e) {
        work = Future.failedFuture(e);
      }
      work.onComplete(ar -> {
        // The device is free only once its own call ended, even when the client canceled earlier.
        busy.remove(service, id);
        cancels.remove(id);
        if (ar.failed()) {
          LOG.warn("XFS4IoT {} failed: {}", command.name(), ar.cause().toString());
        }
        complete(id, ar.succeeded() ? ar.result()
            : XfsService.Outcome.failed(CompletionCode.INTERNAL_ERROR, "internal error: " + ar.cause().getClass()
                .getSimpleName()));
      });
    }

    private ObjectNode capabilities() {
      ObjectNode p = JsonNodeFactory.instance.objectNode();
      ArrayNode interfaces = p.putArray("interfaces");
      ObjectNode common = interfaces.addObject().put("name", "Common");
      ObjectNode cc = common.putObject("commands");
      COMMON.stream().sorted().forEach(n -> cc.putObject(n).putArray("versions").add(XfsProtocol.VERSION));
      common.putObject("events");
      common.put("maximumRequests", XfsProtocol.DEFAULT_MAXIMUM_REQUESTS);
      ObjectNode own = interfaces.addObject().put("name", service.name());
      ObjectNode oc = own.putObject("commands");
      service.commands().stream().sorted().forEach(n -> oc.putObject(n).putArray("versions").add(XfsProtocol.VERSION));
      ObjectNode oe = own.putObject("events");
      service.events().stream().sorted().forEach(n -> oe.putObject(n).putArray("versions").add(XfsProtocol.VERSION));
      own.put("maximumRequests", 1);
      ObjectNode c = p.putObject("common");
      c.put("serviceVersion", XfsProtocol.VERSION);
      c.putArray("deviceInformation").addObject().put("modelName", VENDOR_NAME + " " + service.name());
      service.capabilities().fields().forEachRemaining(f -> p.set(f.getKey(), f.getValue()));
      return p;
    }

    private void complete(long id, XfsService.Outcome o) {
      protocol.completion(id, o.code(), o.errorDescription(), o.payload()).ifPresent(this::send);
    }

    private void send(String text) {
      if (open) {
        ws.writeTextMessage(text).onFailure(err -> LOG.debug("XFS4IoT send failed: {}", err.getMessage()));
      }
    }

    /** The client went away: cancel what it started; the device finishes its current call and is freed then. */
    void disconnected() {
      open = false;
      for (Promise<Void> p : List.copyOf(cancels.values())) {
        p.tryComplete();
      }
      Optional.of(cancels.size()).filter(n -> n > 0)
          .ifPresent(n -> LOG.info("XFS4IoT {} client disconnected: {} command(s) canceled", service.name(), n));
    }
  }
}
