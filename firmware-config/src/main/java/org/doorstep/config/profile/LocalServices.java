package org.doorstep.config.profile;

/**
 * What the agent serves on the kiosk itself: the local HTTP API (device health for bank host software
 * and staff tools, {@code GET /api/health}) and, optionally, an OPC UA server with the same health model.
 *
 * @param httpPort TCP port of the local HTTP API: {@value #DEFAULT_HTTP_PORT} by default, {@code 0} picks a
 *                 free port (tests), {@value #DISABLED} turns the server off
 * @param httpBind address the HTTP API listens on: loopback by default, because the API has no
 *                 authentication; bind a LAN address only on a closed kiosk network
 * @param opcUa    the OPC UA health server
 */
public record LocalServices(Integer httpPort, String httpBind, OpcUa opcUa) {
  /** The default HTTP port: 8081 (8080 is often taken by the kiosk's browser-side tooling). */
  public static final int DEFAULT_HTTP_PORT = 8081;
  /** The port value that turns a server off. */
  public static final int DISABLED = -1;
  /** Loopback: the local services have no authentication yet. */
  public static final String LOOPBACK = "127.0.0.1";

  /**
   * No local servers: what a config built in code without this section gets (several agents in one
   * test JVM must not compete for port {@value #DEFAULT_HTTP_PORT}).
   */
  public static final LocalServices NONE = new LocalServices(DISABLED, LOOPBACK, OpcUa.OFF);

  /**
   * The OPC UA health server.
   *
   * @param enabled off by default: only for sites whose host software speaks OPC UA
   * @param port    TCP port, 4840 (the IANA port for OPC UA) by default; 0 picks a free port (tests)
   * @param bind    address to listen on; loopback by default (security policy None until issue 6)
   */
  public record OpcUa(Boolean enabled, Integer port, String bind) {
    /** Disabled, port 4840, loopback. */
    public static final OpcUa OFF = new OpcUa(false, 4840, LOOPBACK);
  }
}
