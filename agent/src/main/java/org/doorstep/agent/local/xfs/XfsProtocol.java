package org.doorstep.agent.local.xfs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The message framing and request bookkeeping of one XFS4IoT connection (CEN/TS 17852, XFS4IoT API
 * specification, "Message types" and "Command messages"): no I/O, no threads, no Vert.x. The WebSocket
 * adapter feeds it each text frame ({@link #receive}) and sends the strings it returns.
 *
 * <p>Every message is {@code {"header": {"type", "name", "requestId", "version"}, "payload": {…}}}. A
 * command is answered by one {@code acknowledge} (payload {@code status} null when accepted, else {@link
 * AckStatus}, with {@code errorDescription}); an accepted command then gets zero or more {@code event}s with its
 * requestId and exactly one {@code completion} (payload {@code completionCode}, {@code errorDescription}), after
 * which its requestId may be used again. {@code unsolicited} events carry requestId 0 (none). This follows the
 * 2021 layout of XFS4IoT 1.0, where status and completion code are payload properties.
 *
 * <p>Not thread-safe: the adapter calls it on one thread (the connection's event loop).
 */
public final class XfsProtocol {
  /** The interface version this API speaks: the version of every message it sends. */
  public static final String VERSION = "1.0";
  /** Commands one connection may have running at once; more are refused with {@code tooManyRequests}. */
  public static final int DEFAULT_MAXIMUM_REQUESTS = 16;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> commands;
  private final int maximumRequests;
  /** Running commands by requestId. */
  private final Map<Long, XfsCommand> running = new LinkedHashMap<>();

  /**
   * @param commands        the command names this service executes; any other name is accepted and then
   *                        completed with {@code unsupportedCommand}
   * @param maximumRequests commands one connection may have running at once
   */
  public XfsProtocol(Set<String> commands, int maximumRequests) {
    this.commands = Set.copyOf(commands);
    if (maximumRequests < 1) {
      throw new IllegalArgumentException("maximumRequests: must be at least 1, was " + maximumRequests);
    }
    this.maximumRequests = maximumRequests;
  }

  /** What to do with one received frame. */
  public sealed interface Received {
    /** The acknowledge to send (first, always). */
    String acknowledge();

    /** Refused: send the acknowledge, nothing more follows. */
    record Refused(String acknowledge, AckStatus status) implements Received { }

    /** Accepted: send the acknowledge, then execute the command and {@link #completion complete} it. */
    record Accepted(String acknowledge, XfsCommand command) implements Received { }

    /**
     * Accepted but not a command of this service: send the acknowledge, then the completion (the requestId
     * is already free again).
     */
    record Unsupported(String acknowledge, String completion) implements Received { }
  }

  /** Parses one text frame from the client and books an accepted command as running. */
  public Received receive(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return refuse(0, "", AckStatus.INVALID_MESSAGE, "not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.path("header").isObject()) {
      return refuse(0, "", AckStatus.INVALID_MESSAGE, "a message is an object with a header object");
    }
    JsonNode header = root.get("header");
    String name = header.path("name").isTextual() ? header.get("name").asText() : "";
    JsonNode id = header.path("requestId");
    long requestId = id.canConvertToLong() && id.isIntegralNumber() ? id.asLong() : 0;
    if (name.isBlank()) {
      return refuse(requestId, name, AckStatus.INVALID_MESSAGE, "header.name: missing");
    }
    if (!"command".equals(header.path("type").asText(""))) {
      return refuse(requestId, name, AckStatus.INVALID_MESSAGE,
          "header.type: a client sends only commands, was " + header.path("type"));
    }
    JsonNode payload = root.path("payload");
    if (!payload.isMissingNode() && !payload.isNull() && !payload.isObject()) {
      return refuse(requestId, name, AckStatus.INVALID_MESSAGE, "payload: must be an object or null");
    }
    if (!id.isIntegralNumber() || requestId < 1) {
      return refuse(requestId, name, AckStatus.INVALID_REQUEST_ID,
          "header.requestId: must be an integer above 0, was " + id);
    }
    if (running.containsKey(requestId)) {
      return refuse(requestId, name, AckStatus.INVALID_REQUEST_ID,
          "header.requestId: " + requestId + " is in use by a running " + running.get(requestId).name());
    }
    if (running.size() >= maximumRequests) {
      return refuse(requestId, name, AckStatus.TOO_MANY_REQUESTS,
          maximumRequests + " commands are running on this connection");
    }
    String version = header.path("version").asText(VERSION);
    ObjectNode body = payload.isObject() ? ((ObjectNode) payload).deepCopy() : JsonNodeFactory.instance.objectNode();
    String ack = write("acknowledge", name, requestId, ackPayload(null, null));
    if (!commands.contains(name)) {
      return new Received.Unsupported(ack, write("completion", name, requestId,
          completionPayload(CompletionCode.UNSUPPORTED_COMMAND, name + " is not a command of this service", null)));
    }
    XfsCommand command = new XfsCommand(requestId, name, version, body);
    running.put(requestId, command);
    return new Received.Accepted(ack, command);
  }

  /**
   * An execute event of a running command.
   *
   * @throws IllegalStateException when no command with {@code requestId} is running
   */
  public String event(long requestId, String name, ObjectNode payload) {
    runningCommand(requestId);
    return write("event", name, requestId, payload);
  }

  /**
   * The completion of a running command: frees its requestId.
   *
   * @param payload the command's own completion properties (may be null); {@code completionCode} and
   *                {@code errorDescription} are set here
   * @return the message, or empty when the command was already completed (e.g. canceled first)
   */
  public Optional<String> completion(long requestId, CompletionCode code, String errorDescription, ObjectNode payload) {
    XfsCommand c = running.remove(requestId);
    if (c == null) {
      return Optional.empty();
    }
    return Optional.of(write("completion", c.name(), requestId, completionPayload(code, errorDescription, payload)));
  }

  /** An unsolicited event (requestId 0), for every connection of the service. */
  public static String unsolicited(String name, ObjectNode payload) {
    return write("unsolicited", name, 0, payload);
  }

  /** The running command with {@code requestId}, if any. */
  public Optional<XfsCommand> running(long requestId) {
    return Optional.ofNullable(running.get(requestId));
  }

  /** The requestIds of the running commands, oldest first. */
  public Set<Long> runningIds() {
    return Set.copyOf(running.keySet());
  }

  private XfsCommand runningCommand(long requestId) {
    XfsCommand c = running.get(requestId);
    if (c == null) {
      throw new IllegalStateException("no command " + requestId + " is running");
    }
    return c;
  }

  private static Received refuse(long requestId, String name, AckStatus status, String description) {
    return new Received.Refused(write("acknowledge", name, Math.max(0, requestId), ackPayload(status, description)),
        status);
  }

  private static ObjectNode ackPayload(AckStatus status, String description) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    if (status == null) {
      p.putNull("status");
    } else {
      p.put("status", status.wire());
      p.put("errorDescription", description);
    }
    return p;
  }

  private static ObjectNode completionPayload(CompletionCode code, String description, ObjectNode own) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("completionCode", Objects.requireNonNull(code, "code").wire());
    if (description == null) {
      p.putNull("errorDescription");
    } else {
      p.put("errorDescription", description);
    }
    if (own != null) {
      own.fields().forEachRemaining(f -> p.set(f.getKey(), f.getValue()));
    }
    return p;
  }

  private static String write(String type, String name, long requestId, ObjectNode payload) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode header = root.putObject("header");
    header.put("type", type);
    header.put("name", name);
    header.put("requestId", requestId);
    header.put("version", VERSION);
    root.set("payload", payload == null ? JsonNodeFactory.instance.objectNode() : payload);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of our own did not serialize", e);
    }
  }
}
