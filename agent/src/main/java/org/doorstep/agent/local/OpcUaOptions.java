package org.doorstep.agent.local;

import java.util.Objects;

/**
 * Whether and where the agent serves its health over OPC UA ({@link HealthOpcUaServer}).
 *
 * @param enabled  off by default: an OPC UA server is only for sites whose host software speaks it
 * @param bindHost the address to listen on; {@value #DEFAULT_BIND_HOST} by default, because the server
 *                 has no security yet (TODO(#6): SecurityPolicy and user authentication)
 * @param port     TCP port; {@value #DEFAULT_PORT} is the IANA port for OPC UA, 0 picks a free port
 *                 (tests)
 */
public record OpcUaOptions(boolean enabled, String bindHost, int port) {
  /** Loopback only, until issue 6 adds security. */
  public static final String DEFAULT_BIND_HOST = "127.0.0.1";
  /** The registered OPC UA TCP port. */
  public static final int DEFAULT_PORT = 4840;

  public OpcUaOptions {
    Objects.requireNonNull(bindHost, "bindHost");
    if (bindHost.isBlank()) {
      throw new IllegalArgumentException("bindHost: must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: must be 0..65535, was " + port);
    }
  }

  /** Disabled, loopback, port 4840. */
  public static OpcUaOptions defaults() {
    return new OpcUaOptions(false, DEFAULT_BIND_HOST, DEFAULT_PORT);
  }

  /** Enabled on loopback with a free port chosen at start (tests, demo). */
  public static OpcUaOptions loopbackAnyPort() {
    return new OpcUaOptions(true, DEFAULT_BIND_HOST, 0);
  }
}
