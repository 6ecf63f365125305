package org.doorstep.agent.identity;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.doorstep.config.crypto.TlsIdentity;

/**
 * The TLS identity the MQTT uplink presents, always the current one: the uplink calls {@link #get()}
 * at every (re)connect, so a renewed certificate is used from the next connect without a restart.
 * Thread-safe and lock-free.
 */
public final class CurrentTlsIdentity implements Supplier<TlsIdentity> {
  private final AtomicReference<DeviceCredentials> current = new AtomicReference<>();

  /**
   * The current identity.
   *
   * @throws IdentityException {@link IdentityException.Reason#NOT_ENROLLED} before the first enrolment
   */
  @Override
  public TlsIdentity get() {
    DeviceCredentials c = current.get();
    if (c == null) {
      throw new IdentityException(IdentityException.Reason.NOT_ENROLLED,
          "no device certificate yet: the kiosk must enrol (uplink.enrolment or 'agent enrol')");
    }
    return c.tls();
  }

  /** The current credentials; empty before the first enrolment. */
  public Optional<DeviceCredentials> credentials() {
    return Optional.ofNullable(current.get());
  }

  /** Switches to {@code credentials} (after enrolment, renewal, or loading at start-up). */
  public void set(DeviceCredentials credentials) {
    current.set(java.util.Objects.requireNonNull(credentials, "credentials"));
  }
}
