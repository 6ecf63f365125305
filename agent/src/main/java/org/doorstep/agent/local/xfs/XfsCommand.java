package org.doorstep.agent.local.xfs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A command a client sent and the service accepted.
 *
 * @param requestId the client's id for it, above 0, unique among its commands running on the connection
 * @param name      e.g. {@code CardReader.ReadRawData}
 * @param version   the message version the client asked for
 * @param payload   the command's payload ({@code {}} when the client sent none or {@code null}); read only
 */
public record XfsCommand(long requestId, String name, String version, ObjectNode payload) {
  public XfsCommand {
    if (requestId < 1) {
      throw new IllegalArgumentException("requestId: must be above 0, was " + requestId);
    }
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(payload, "payload");
  }

  /** The common {@code timeout} property in milliseconds; 0 (the default) means wait for ever. */
  public long timeoutMs() {
    return Math.max(0, payload.path("timeout").asLong(0));
  }
}
