package org.doorstep.fleet.ingest;

import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.WireMessage;

/**
 * What devices say back about config and commands, handed on by the {@link IngestPipeline} once a
 * message decoded: command results (the listener verifies their signature) and states (their
 * {@code configVersion}).
 *
 * <p>Threads: called on the pipeline's verify threads; implementations hand the work to their own
 * context and return at once.
 */
public interface DeviceFeedback {
  /**
   * A decoded {@code command-result} from the topic of {@code deviceId}, signature not yet checked.
   *
   * @param message the envelope (to verify)
   * @param result  its body
   */
  void commandResult(String deviceId, WireMessage message, CommandResult result);

  /** A decoded state whose body names the topic's device (unsigned in v1). */
  void state(String deviceId, DeviceState state);
}
