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
 * @param xfs4iot  the XFS4IoT local API for bank host software (docs/local-api.md)
 * @param screen   the resident's screen (agent/docs/kiosk-screen.md)
 */
public record LocalServices(Integer httpPort, String httpBind, OpcUa opcUa, Xfs4Iot xfs4iot, Screen screen) {
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
  public static final LocalServices NONE = new LocalServices(DISABLED, LOOPBACK, OpcUa.OFF, Xfs4Iot.OFF, Screen.AUTO);

  /** Without the XFS4IoT API ({@link Xfs4Iot#OFF}): configs built in code before it existed. */
  public LocalServices(Integer httpPort, String httpBind, OpcUa opcUa) {
    this(httpPort, httpBind, opcUa, Xfs4Iot.OFF, Screen.AUTO);
  }

  /** With the answering screen ({@link Screen#AUTO}): configs built in code before the browser screen. */
  public LocalServices(Integer httpPort, String httpBind, OpcUa opcUa, Xfs4Iot xfs4iot) {
    this(httpPort, httpBind, opcUa, xfs4iot, Screen.AUTO);
  }

  /** This config with {@code screen} instead of its own. */
  public LocalServices withScreen(Screen screen) {
    return new LocalServices(httpPort, httpBind, opcUa, xfs4iot, screen);
  }

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

  /**
   * The XFS4IoT local API (CEN/TS 17852): a service publisher on
   * {@code ws://127.0.0.1:PORT/xfs4iot/v1.0}, always on loopback.
   *
   * @param port      {@value #FIRST_PORT} by default, meaning the first free port of {@value #FIRST_PORT}–{@value
   *                  #LAST_PORT} (the range XFS4IoT reserves for service publishers); another port is used as
   *                  given; {@code 0} picks any free port (tests); {@value LocalServices#DISABLED} turns it off
   * @param tokenFile the file holding the bearer token the bank software sends; empty: {@code xfs4iot.token} in
   *                  {@code device.dataDir}. Created (mode 0600) when missing; a token with the personal-data scope
   *                  is read from the same path plus {@code .personal}, which the agent never creates
   */
  public record Xfs4Iot(Integer port, String tokenFile) {
    /** The first port of the XFS4IoT service-publisher range. */
    public static final int FIRST_PORT = 5846;
    /** The last port of the XFS4IoT service-publisher range. */
    public static final int LAST_PORT = 5856;
    /** Off: what a config built in code without the key gets. */
    public static final Xfs4Iot OFF = new Xfs4Iot(DISABLED, "");
  }

  /**
   * The resident's screen: which adapter of the agent's {@code Screen} port runs (agent/docs/kiosk-screen.md).
   *
   * @param kind        {@link Kind#AUTO} by default; {@link Kind#BROWSER} serves the page to a full-screen Chromium
   * @param port        the page's port on 127.0.0.1 (always loopback: it shows masked personal data and takes
   *                    consent): {@value #DEFAULT_PORT} by default, {@code 0} picks a free port (tests)
   * @param idleTimeout a consent or result page nobody touches this long returns to the start and the resident's
   *                    data leaves the page; an open consent question is answered "no"
   */
  public record Screen(Kind kind, Integer port, java.time.Duration idleTimeout) {
    /** The default port of the browser screen (8081 is the local HTTP API). */
    public static final int DEFAULT_PORT = 8082;
    /** The default idle timeout: one minute. */
    public static final java.time.Duration DEFAULT_IDLE_TIMEOUT = java.time.Duration.ofSeconds(60);
    /** The answering in-process screen: what a config built in code without the key gets. */
    public static final Screen AUTO = new Screen(Kind.AUTO, DEFAULT_PORT, DEFAULT_IDLE_TIMEOUT);

    /** Which adapter serves the resident. */
    public enum Kind {
      /** The in-process screen that answers by itself (tests, the demo): no page. */
      AUTO,
      /** The page on {@code http://127.0.0.1:PORT/} for a full-screen Chromium. */
      BROWSER
    }
  }
}
