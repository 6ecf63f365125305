package org.doorstep.config.contract;

/**
 * The body of a {@link MessageType#COMMAND_RESULT}.
 *
 * @param commandId the command answered
 * @param status    outcome
 * @param detail    human-readable detail (no personal data)
 */
public record CommandResult(String commandId, Status status, String detail) {
  public CommandResult {
    Checks.notBlank("commandId", commandId);
    Checks.notNull("status", status);
    detail = detail == null ? "" : detail;
  }

  public enum Status { DONE, FAILED, REFUSED_EXPIRED, REFUSED_REPLAY, REFUSED_SIGNATURE, UNKNOWN_COMMAND }
}
