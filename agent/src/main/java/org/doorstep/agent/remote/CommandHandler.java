package org.doorstep.agent.remote;

import io.vertx.core.Future;
import java.util.Objects;
import org.doorstep.config.contract.Command;
import org.doorstep.config.contract.CommandResult;

/**
 * Runs one kind of verified fleet command ({@code ping}, {@code power-cycle} …). Registered by name in
 * {@link CommandHandlers}; {@link RemoteControl} calls it only after the command's signature, target
 * device, expiry and nonce were checked.
 *
 * <p>Threads: called on the agent's context; must not block (use a worker for blocking work). The
 * future should complete within {@link RemoteControl#HANDLER_TIMEOUT}, or the command is reported
 * {@code FAILED} with a timeout. A failed future is reported {@code FAILED} with its message, which
 * must therefore carry no personal data.
 */
@FunctionalInterface
public interface CommandHandler {
  /**
   * Executes {@code command}.
   *
   * @return what to report: {@link Outcome#done} or {@link Outcome#failed}
   */
  Future<Outcome> handle(Command command);

  /**
   * What a handler reports.
   *
   * @param status {@code DONE} or {@code FAILED}
   * @param detail human-readable, no personal data
   */
  record Outcome(CommandResult.Status status, String detail) {
    /** Validates: only DONE and FAILED are a handler's to report. */
    public Outcome {
      Objects.requireNonNull(status, "status");
      if (status != CommandResult.Status.DONE && status != CommandResult.Status.FAILED) {
        throw new IllegalArgumentException("status: a handler reports DONE or FAILED, not " + status);
      }
      detail = detail == null ? "" : detail;
    }

    /** The command was carried out. */
    public static Outcome done(String detail) {
      return new Outcome(CommandResult.Status.DONE, detail);
    }

    /** The command was understood but could not be carried out. */
    public static Outcome failed(String detail) {
      return new Outcome(CommandResult.Status.FAILED, detail);
    }
  }
}
