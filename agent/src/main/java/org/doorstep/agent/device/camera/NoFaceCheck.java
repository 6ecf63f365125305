package org.doorstep.agent.device.camera;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdPhoto;

/**
 * A face check that cannot run: no camera configured ({@code NODEVICE}), or the real one lacks what it
 * needs (models missing: {@code HWERROR}). Every capture and match fails with the reason; the session
 * sends the resident to staff.
 */
public final class NoFaceCheck implements FaceCheck {
  private final PeripheralHealth health;
  private final String reason;

  public NoFaceCheck(PeripheralHealth health, String reason) {
    this.health = Objects.requireNonNull(health, "health");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  @Override
  public Future<FaceCapture> capture(List<String> challenges) {
    return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED, "face check unavailable: " + reason));
  }

  @Override
  public Future<Integer> match(FaceCapture capture, IdPhoto idPhoto) {
    return Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED, "face check unavailable: " + reason));
  }

  @Override
  public Future<PeripheralHealth> health() {
    return Future.succeededFuture(health);
  }
}
