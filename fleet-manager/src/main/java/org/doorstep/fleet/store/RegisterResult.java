package org.doorstep.fleet.store;

import java.util.Objects;

/**
 * The outcome of {@link DeviceStore#registerDevice}.
 *
 * @param device   the registration now in the store: the new one, or the earlier one holding the id
 * @param inserted true when this call inserted it
 */
public record RegisterResult(RegisteredDevice device, boolean inserted) {
  public RegisterResult {
    Objects.requireNonNull(device, "device");
  }
}
