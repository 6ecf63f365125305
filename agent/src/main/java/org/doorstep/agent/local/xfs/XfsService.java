package org.doorstep.agent.local.xfs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One XFS4IoT service behind its own WebSocket URI ({@code …/xfs4iot/v1.0/{path}}). The server answers the
 * {@code Common} commands from {@link #status()} and {@link #capabilities()}, refuses a second device command
 * while one runs ({@code sequenceError}: the devices are single-use) and hands each device command to
 * {@link #execute}.
 *
 * <p>Threads: every method is called on the server's event loop and must not block.
 */
public interface XfsService {
  /** The interface name, e.g. {@code CardReader}. */
  String name();

  /** The last segment of the service URI, e.g. {@code cardreader}. */
  String path();

  /** The device commands of the interface this service executes (without the Common ones). */
  Set<String> commands();

  /** The events of the interface this service sends (execute and unsolicited), for Common.Capabilities. */
  Set<String> events();

  /** The Common.Status completion payload: {@code common} plus the interface's own status object. */
  ObjectNode status();

  /** The interface's own part of Common.Capabilities (e.g. {@code cardReader}); may be empty. */
  ObjectNode capabilities();

  /**
   * Runs one device command.
   *
   * @param execution events to send and the client's cancel
   * @return its outcome; a failed future is completed as {@code internalError}
   */
  Future<Outcome> execute(XfsCommand command, Execution execution);

  /**
   * Starts sending unsolicited events ({@link XfsProtocol#unsolicited} strings) to {@code broadcast} while the
   * service has connections. The default sends none.
   */
  default void start(Consumer<String> broadcast) {
  }

  /** Stops what {@link #start} started. */
  default void stop() {
  }

  /** A running command as the service sees it. */
  interface Execution {
    /** Sends an execute event with the command's requestId. */
    void event(String name, ObjectNode payload);

    /** Completes when the client cancels the command (Common.Cancel or by disconnecting); never fails. */
    Future<Void> canceled();

    /** Whether the client has canceled the command. */
    default boolean isCanceled() {
      return canceled().isComplete();
    }

    /** Whether the connection's token has the personal-data scope (unmasked ID numbers and names). */
    boolean personalData();
  }

  /**
   * How a command ended.
   *
   * @param code             the completion code
   * @param errorDescription for a human, null on success
   * @param payload          the command's own completion properties
   */
  record Outcome(CompletionCode code, String errorDescription, ObjectNode payload) {
    public Outcome {
      Objects.requireNonNull(code, "code");
    }

    public static Outcome success(ObjectNode payload) {
      return new Outcome(CompletionCode.SUCCESS, null, payload);
    }

    public static Outcome failed(CompletionCode code, String description) {
      return new Outcome(code, description, null);
    }

    /** {@code commandErrorCode} with the command's {@code errorCode}. */
    public static Outcome error(String errorCode, String description) {
      ObjectNode p = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      p.put("errorCode", errorCode);
      return new Outcome(CompletionCode.COMMAND_ERROR_CODE, description, p);
    }
  }
}
