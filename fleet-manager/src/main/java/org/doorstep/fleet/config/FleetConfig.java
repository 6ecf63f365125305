package org.doorstep.fleet.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.fleet.ingest.IngestOptions;

/**
 * Everything a fleet-manager instance needs to start. Load it with {@link FleetConfigLoader}; build
 * it in code from {@link #defaults()} and the {@code with…} copies (tests use port 0 everywhere).
 *
 * <pre>{@code
 * http:    { port: 8443, plaintext: false, serverNames: [localhost, 127.0.0.1] }
 * broker:
 *   mode: embedded                 # or external
 *   embedded:                      # devices: MQTT over TLS 1.3 with client certificates
 *     port: 8883                   # mTLS listener
 *     bind: 0.0.0.0
 *     serverNames: [localhost, 127.0.0.1]   # host names / IPs devices dial (broker certificate)
 *     plaintextPort: -1            # development only: plain MQTT on 127.0.0.1, no authentication
 *     dataDir: data/broker
 *   external: { url: ssl://mqtt.example:8883, clientId: fleet-1, sharedGroup: fleet }
 * store:
 *   kind: sqlite                   # or postgresql
 *   sqlite: { path: data/fleet.db }
 *   postgresql: { jdbcUrl: jdbc:postgresql://127.0.0.1:5432/fleet, user: fleet, password: "" }
 * ingest:  { batchSize: 500, lingerMs: 5, queueCapacity: 20000, verifyThreads: 0 }   # 0 = one per core
 * security: { suite: STANDARD, personalDataRetention: P365D }   # or SM; P0D = keep forever
 * alarms:                          # docs/alarms.md
 *   heartbeatInterval: PT30S       # the kiosks' policy.heartbeatInterval
 *   offlineAfterHeartbeats: 2
 *   outboxPendingMax: 100
 *   outboxOldestMax: PT1H
 *   clockSkewMax: PT5M
 *   certificateExpiringWithin: P7D
 *   crlStaleAfter: P2D
 *   storeFailingWindow: PT5M
 *   escalateAfter: PT30M           # PT0S = never
 *   webhook: { url: "", secret: "", firstRetry: PT5S, maxAttempts: 6, timeout: PT10S }   # docs/alarms-webhook.md
 * rollouts:                        # docs/rollouts.md
 *   zone: Asia/Shanghai            # the zone of maintenance windows (hall hours are local time)
 *   approvalRequired: false        # true: every rollout waits for a second operator's approval
 * }</pre>
 *
 * @param http   REST API and console (HTTPS)
 * @param broker which MQTT broker carries device traffic
 * @param store  where records and devices are kept
 * @param ingest ingest pipeline tuning
 * @param security crypto suite (CA, data key) and retention of personal data
 * @param alarms   alarm thresholds, escalation and webhook
 * @param rollouts the zone of maintenance windows and whether every rollout needs approval
 */
public record FleetConfig(Http http, Broker broker, Store store, Ingest ingest, Security security, Alarms alarms,
    Rollouts rollouts) {

  /**
   * A config with the default {@link Security}, {@link Alarms} and {@link Rollouts} (code written before the
   * sections existed).
   */
  public FleetConfig(Http http, Broker broker, Store store, Ingest ingest) {
    this(http, broker, store, ingest, Security.defaults(), Alarms.defaults(), Rollouts.defaults());
  }

  /** A config with the default {@link Rollouts} (code written before the section existed). */
  public FleetConfig(Http http, Broker broker, Store store, Ingest ingest, Security security, Alarms alarms) {
    this(http, broker, store, ingest, security, alarms, Rollouts.defaults());
  }

  /**
   * Defaults: HTTPS on 8443, embedded broker with its mutual-TLS listener on 0.0.0.0:8883 (no plaintext
   * listener), SQLite in {@code data/}.
   */
  public static FleetConfig defaults() {
    return new FleetConfig(new Http(Http.DEFAULT_PORT, false, Http.DEFAULT_SERVER_NAMES),
        new Broker(BrokerMode.EMBEDDED, new Embedded(Embedded.DEFAULT_TLS_PORT, "0.0.0.0", "data/broker", 1000,
            Embedded.PLAINTEXT_OFF, Embedded.DEFAULT_SERVER_NAMES),
            new External("ssl://127.0.0.1:8883", "fleet-1", "fleet", null)),
        new Store(StoreKind.SQLITE, new Sqlite("data/fleet.db"),
            new Postgresql("jdbc:postgresql://127.0.0.1:5432/fleet", "fleet", "")),
        new Ingest(IngestOptions.DEFAULT_BATCH_SIZE, IngestOptions.DEFAULT_LINGER.toMillis(),
            IngestOptions.DEFAULT_QUEUE_CAPACITY, 0),
        Security.defaults(), Alarms.defaults(), Rollouts.defaults());
  }

  /**
   * Where the fleet CA lives ({@code ca-cert.pem}, {@code ca-key.pem} 0600): a {@code ca} folder
   * beside the SQLite file, or with PostgreSQL beside the embedded broker's data folder
   * ({@code data/ca} by default). (Derived rather than configured until the config grows an
   * {@code enrol} section, issue #6.)
   */
  public Path caDir() {
    if (store != null && store.kind() == StoreKind.SQLITE && store.sqlite() != null) {
      Path parent = Path.of(store.sqlite().path()).toAbsolutePath().getParent();
      return parent.resolve("ca");
    }
    String brokerDir = broker != null && broker.embedded() != null ? broker.embedded().dataDir() : "data/broker";
    return Path.of(brokerDir).toAbsolutePath().getParent().resolve("ca");
  }

  /**
   * The fleet's data-encryption key file ({@value #DATA_KEY_FILE}, 0600, created on first start): in
   * the folder that holds the {@link #caDir() CA folder}, i.e. beside the SQLite file by default.
   */
  public Path dataKeyFile() {
    return caDir().getParent().resolve(DATA_KEY_FILE);
  }

  /** File name of the fleet's data-encryption key. */
  public static final String DATA_KEY_FILE = "fleet-data-key.pem";

  /**
   * Every violation, each prefixed with its path ({@code http.port: must be in 0..65535}); empty
   * when the config is usable.
   */
  public List<String> violations() {
    List<String> v = new ArrayList<>();
    if (http == null) {
      v.add("http: is required");
    } else {
      if (http.port() < 0 || http.port() > 65535) {
        v.add("http.port: must be in 0..65535 (0 = any free port), was " + http.port());
      }
      if (http.serverNames() == null || http.serverNames().isEmpty()) {
        v.add("http.serverNames: at least one host name or IP address the fleet is reached by");
      } else {
        for (int i = 0; i < http.serverNames().size(); i++) {
          String n = http.serverNames().get(i);
          if (n == null || !n.matches("[A-Za-z0-9.:*-]{1,253}")) {
            v.add("http.serverNames[" + i + "]: must be a host name or IP address, was '" + n + "'");
          }
        }
      }
    }
    if (broker == null || broker.mode() == null) {
      v.add("broker.mode: must be one of [embedded, external]");
    } else if (broker.mode() == BrokerMode.EMBEDDED) {
      Embedded e = broker.embedded();
      if (e == null) {
        v.add("broker.embedded: is required in mode embedded");
      } else {
        if (e.port() < 0 || e.port() > 65535) {
          v.add("broker.embedded.port: must be in 0..65535 (0 = any free port), was " + e.port());
        }
        if (e.plaintextPort() < -1 || e.plaintextPort() > 65535) {
          v.add("broker.embedded.plaintextPort: must be -1 (off), 0 (any free port) or a port up to 65535, was "
              + e.plaintextPort());
        }
        if (e.plaintextPort() >= 0 && e.plaintextPort() == e.port() && e.port() != 0) {
          v.add("broker.embedded.plaintextPort: must differ from broker.embedded.port (" + e.port() + ")");
        }
        if (e.serverNames() == null || e.serverNames().isEmpty()
            || e.serverNames().stream().anyMatch(n -> n == null || n.isBlank())) {
          v.add("broker.embedded.serverNames: at least one host name or IP address, none blank");
        }
        blank(v, "broker.embedded.bind", e.bind());
        blank(v, "broker.embedded.dataDir", e.dataDir());
        if (e.maxQueuedMessages() < 1) {
          v.add("broker.embedded.maxQueuedMessages: must be >= 1, was " + e.maxQueuedMessages());
        }
      }
    } else {
      External x = broker.external();
      if (x == null) {
        v.add("broker.external: is required in mode external");
      } else {
        if (x.url() == null || !x.url().matches("(tcp|ssl|ws|wss)://.+")) {
          v.add("broker.external.url: must be tcp://host:port or ssl://host:port");
        }
        blank(v, "broker.external.clientId", x.clientId());
        if (x.sharedGroup() == null || !x.sharedGroup().matches("[A-Za-z0-9._-]{1,64}")) {
          v.add("broker.external.sharedGroup: must match [A-Za-z0-9._-]{1,64}");
        }
      }
    }
    if (store == null || store.kind() == null) {
      v.add("store.kind: must be one of [sqlite, postgresql]");
    } else if (store.kind() == StoreKind.SQLITE) {
      if (store.sqlite() == null) {
        v.add("store.sqlite: is required for kind sqlite");
      } else {
        blank(v, "store.sqlite.path", store.sqlite().path());
      }
    } else {
      Postgresql p = store.postgresql();
      if (p == null) {
        v.add("store.postgresql: is required for kind postgresql");
      } else {
        if (p.jdbcUrl() == null || !p.jdbcUrl().startsWith("jdbc:postgresql:")) {
          v.add("store.postgresql.jdbcUrl: must start with jdbc:postgresql:");
        }
        blank(v, "store.postgresql.user", p.user());
      }
    }
    if (ingest == null) {
      v.add("ingest: is required");
    } else {
      try {
        ingest.options();
      } catch (IllegalArgumentException e) {
        v.add("ingest." + e.getMessage());
      }
    }
    if (security == null) {
      v.add("security: is required");
    } else {
      if (security.suite() == null) {
        v.add("security.suite: must be one of [STANDARD, SM]");
      }
      try {
        security.retention();
      } catch (IllegalArgumentException e) {
        v.add("security.personalDataRetention: " + e.getMessage());
      }
    }
    if (alarms == null) {
      v.add("alarms: is required");
    } else {
      try {
        alarms.thresholds();
      } catch (IllegalArgumentException e) {
        v.add("alarms." + e.getMessage());
      }
      if (alarms.webhook() == null) {
        v.add("alarms.webhook: is required");
      } else {
        try {
          alarms.webhook().options();
        } catch (IllegalArgumentException e) {
          v.add("alarms.webhook." + e.getMessage());
        }
      }
    }
    if (rollouts == null) {
      v.add("rollouts: is required");
    } else {
      try {
        rollouts.zoneId();
      } catch (IllegalArgumentException e) {
        v.add("rollouts." + e.getMessage());
      }
    }
    return v;
  }

  private static void blank(List<String> v, String path, String value) {
    if (value == null || value.isBlank()) {
      v.add(path + ": must not be blank");
    }
  }

  public FleetConfig withHttpPort(int port) {
    return new FleetConfig(new Http(port, http.plaintext(), http.serverNames()), broker, store, ingest,
        security, alarms, rollouts);
  }

  /** Plain HTTP instead of HTTPS (development only: tokens would cross the network in clear). */
  public FleetConfig withPlaintextHttp(boolean plaintext) {
    return new FleetConfig(new Http(http.port(), plaintext, http.serverNames()), broker, store, ingest,
        security, alarms, rollouts);
  }

  /**
   * Embedded broker for development and tests: the plaintext listener on {@code 127.0.0.1:port}
   * (no device authentication), the mutual-TLS listener on a free port of 127.0.0.1, data in
   * {@code dataDir}.
   */
  public FleetConfig withEmbeddedBroker(int port, Path dataDir) {
    Embedded e = broker.embedded();
    return new FleetConfig(http, new Broker(BrokerMode.EMBEDDED, new Embedded(0, "127.0.0.1", dataDir.toString(),
        e.maxQueuedMessages(), port, e.serverNames()), broker.external()), store, ingest, security, alarms, rollouts);
  }

  /**
   * Embedded broker with only its mutual-TLS listener, on {@code 127.0.0.1:tlsPort} (0 = any free
   * port), data in {@code dataDir}.
   */
  public FleetConfig withEmbeddedTlsBroker(int tlsPort, Path dataDir) {
    Embedded e = broker.embedded();
    return new FleetConfig(http, new Broker(BrokerMode.EMBEDDED, new Embedded(tlsPort, "127.0.0.1", dataDir.toString(),
        e.maxQueuedMessages(), Embedded.PLAINTEXT_OFF, e.serverNames()), broker.external()), store, ingest,
        security, alarms, rollouts);
  }

  /** The embedded broker's per-client queue limit (messages waiting for a slow device). */
  public FleetConfig withEmbeddedQueueLimit(long maxQueuedMessages) {
    Embedded e = broker.embedded();
    return new FleetConfig(http, new Broker(broker.mode(), new Embedded(e.port(), e.bind(), e.dataDir(), maxQueuedMessages,
        e.plaintextPort(), e.serverNames()), broker.external()), store, ingest, security, alarms, rollouts);
  }

  /** External broker at {@code url}, joining the shared group as {@code clientId}. */
  public FleetConfig withExternalBroker(String url, String clientId, String sharedGroup) {
    return new FleetConfig(http, new Broker(BrokerMode.EXTERNAL, broker.embedded(),
        new External(url, clientId, sharedGroup, null)), store, ingest, security, alarms, rollouts);
  }

  /** This config with the external broker's {@code crlFile} set (the broker section must be external). */
  public FleetConfig withCrlFile(Path crlFile) {
    External x = broker.external();
    return new FleetConfig(http, new Broker(broker.mode(), broker.embedded(),
        new External(x.url(), x.clientId(), x.sharedGroup(), crlFile.toString())), store, ingest,
        security, alarms, rollouts);
  }

  public FleetConfig withSqlite(Path file) {
    return new FleetConfig(http, broker, new Store(StoreKind.SQLITE, new Sqlite(file.toString()), store.postgresql()), ingest,
        security, alarms, rollouts);
  }

  public FleetConfig withPostgresql(String jdbcUrl, String user, String password) {
    return new FleetConfig(http, broker, new Store(StoreKind.POSTGRESQL, store.sqlite(),
        new Postgresql(jdbcUrl, user, password)), ingest, security, alarms, rollouts);
  }

  public FleetConfig withIngest(Ingest newIngest) {
    return new FleetConfig(http, broker, store, newIngest, security, alarms, rollouts);
  }

  /** This config with {@code newSecurity} (e.g. {@code new Security(CryptoSuite.SM, "P365D")}). */
  public FleetConfig withSecurity(Security newSecurity) {
    return new FleetConfig(http, broker, store, ingest, newSecurity, alarms, rollouts);
  }

  /** This config with {@code newAlarms}. */
  public FleetConfig withAlarms(Alarms newAlarms) {
    return new FleetConfig(http, broker, store, ingest, security, newAlarms, rollouts);
  }

  /** This config with {@code newRollouts}. */
  public FleetConfig withRollouts(Rollouts newRollouts) {
    return new FleetConfig(http, broker, store, ingest, security, alarms, newRollouts);
  }

  /**
   * Rollout policy (docs/rollouts.md).
   *
   * @param zone             the time zone of maintenance windows ({@code Asia/Shanghai}): hall hours are local time
   * @param approvalRequired whether every rollout waits for a second operator's approval (a plan may ask for it
   *                         anyway)
   */
  public record Rollouts(String zone, boolean approvalRequired) {
    /** Beijing time, approval when a plan asks for it. */
    public static Rollouts defaults() {
      return new Rollouts("Asia/Shanghai", false);
    }

    /**
     * The zone.
     *
     * @throws IllegalArgumentException naming {@code zone}
     */
    public java.time.ZoneId zoneId() {
      try {
        return java.time.ZoneId.of(zone);
      } catch (java.time.DateTimeException | NullPointerException e) {
        throw new IllegalArgumentException("zone: must be a time zone such as Asia/Shanghai, was " + zone);
      }
    }
  }

  /**
   * The fleet's cryptography and retention.
   *
   * @param suite                 {@code STANDARD} (Ed25519 CA, AES-256-GCM at rest) or {@code SM} (SM2-SM3 CA,
   *                              SM4-GCM at rest); TLS stays standard TLS 1.3 in both
   * @param personalDataRetention ISO-8601 duration after a record's arrival when its personal fields (signed
   *                              body with ID number and name, masked ID number) are purged; the statistics
   *                              columns stay. {@code P0D} keeps them forever
   */
  public record Security(CryptoSuite suite, String personalDataRetention) {
    /** STANDARD, one year. */
    public static Security defaults() {
      return new Security(CryptoSuite.STANDARD, "P365D");
    }

    /**
     * The retention; {@link Duration#ZERO} means keep forever.
     *
     * @throws IllegalArgumentException when it is not a non-negative ISO-8601 duration
     */
    public Duration retention() {
      try {
        Duration d = Duration.parse(personalDataRetention);
        if (d.isNegative()) {
          throw new IllegalArgumentException("must not be negative, was " + personalDataRetention);
        }
        return d;
      } catch (DateTimeParseException | NullPointerException e) {
        throw new IllegalArgumentException("must be an ISO-8601 duration such as P365D, was " + personalDataRetention);
      }
    }
  }

  /**
   * Alarm thresholds and notifications (docs/alarms.md). Durations are ISO-8601 strings.
   *
   * @param heartbeatInterval      the kiosks' {@code policy.heartbeatInterval}
   * @param offlineAfterHeartbeats OFFLINE after this many intervals without a state
   * @param outboxPendingMax       OUTBOX_BACKLOG above this many pending records
   * @param outboxOldestMax        OUTBOX_BACKLOG when the oldest pending record is older
   * @param clockSkewMax           CLOCK_SKEW beyond this difference of clocks
   * @param certificateExpiringWithin CERT_EXPIRING when the certificate expires sooner
   * @param crlStaleAfter          CRL_STALE when the broker CRL was not rewritten for this long
   * @param storeFailingWindow     STORE_FAILING while a store write failed this recently
   * @param escalateAfter          escalate an alarm unacknowledged this long; PT0S = never
   * @param webhook                where alarm events are POSTed
   */
  public record Alarms(String heartbeatInterval, int offlineAfterHeartbeats, long outboxPendingMax,
      String outboxOldestMax, String clockSkewMax, String certificateExpiringWithin, String crlStaleAfter,
      String storeFailingWindow, String escalateAfter, Webhook webhook) {
    /** {@link org.doorstep.fleet.alarms.rules.AlarmThresholds#defaults()} and no webhook. */
    public static Alarms defaults() {
      org.doorstep.fleet.alarms.rules.AlarmThresholds t = org.doorstep.fleet.alarms.rules.AlarmThresholds.defaults();
      org.doorstep.fleet.alarms.rules.WebhookOptions w = org.doorstep.fleet.alarms.rules.WebhookOptions.none();
      return new Alarms(t.heartbeatInterval().toString(), t.offlineAfterHeartbeats(), t.outboxPendingMax(),
          t.outboxOldestMax().toString(), t.clockSkewMax().toString(), t.certificateExpiringWithin().toString(),
          t.crlStaleAfter().toString(), t.storeFailingWindow().toString(), t.escalateAfter().toString(),
          new Webhook("", "", w.firstRetry().toString(), w.maxAttempts(), w.timeout().toString()));
    }

    /**
     * As the thresholds of the alarm conditions.
     *
     * @throws IllegalArgumentException whose message starts with the field at fault
     */
    public org.doorstep.fleet.alarms.rules.AlarmThresholds thresholds() {
      return new org.doorstep.fleet.alarms.rules.AlarmThresholds(duration("heartbeatInterval", heartbeatInterval),
          offlineAfterHeartbeats, outboxPendingMax, duration("outboxOldestMax", outboxOldestMax),
          duration("clockSkewMax", clockSkewMax), duration("certificateExpiringWithin", certificateExpiringWithin),
          duration("crlStaleAfter", crlStaleAfter), duration("storeFailingWindow", storeFailingWindow),
          duration("escalateAfter", escalateAfter));
    }
  }

  /**
   * @param url         receiver URL ({@code https://…}); empty: no webhook
   * @param secret      HMAC-SHA256 key shared with the receiver (≥ 16 characters when url is set)
   * @param firstRetry  wait before the first retry; doubles with each further one
   * @param maxAttempts attempts before the event goes to the dead letters
   * @param timeout     longest wait for one attempt
   */
  public record Webhook(String url, String secret, String firstRetry, int maxAttempts, String timeout) {
    /**
     * As webhook options.
     *
     * @throws IllegalArgumentException whose message starts with the field at fault
     */
    public org.doorstep.fleet.alarms.rules.WebhookOptions options() {
      java.util.Optional<java.net.URI> u;
      try {
        u = url == null || url.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(new java.net.URI(url.strip()));
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("url: not a URL: " + e.getMessage());
      }
      return new org.doorstep.fleet.alarms.rules.WebhookOptions(u, secret, duration("firstRetry", firstRetry), maxAttempts,
          duration("timeout", timeout));
    }

    /** Leaves the secret out of logs. */
    @Override
    public String toString() {
      return "Webhook[url=" + url + ", secret=" + (secret == null || secret.isEmpty() ? "" : "***") + ", firstRetry="
          + firstRetry + ", maxAttempts=" + maxAttempts + ", timeout=" + timeout + "]";
    }
  }

  private static Duration duration(String field, String value) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException(field + ": must be an ISO-8601 duration such as PT30S, was " + value);
    }
  }

  /**
   * The REST API and console: HTTPS (TLS 1.3) with the fleet's TLS server identity
   * ({@code FleetCa.serverIdentity}, issued by the fleet TLS CA), unless {@code plaintext}.
   *
   * @param port        listening port; 0 picks a free one (tests)
   * @param plaintext   serve plain HTTP: an explicit opt-in for development only (operator tokens and
   *                    enrolment tokens would cross the network in clear; devices cannot renew)
   * @param serverNames every host name and IP address clients dial: the subjectAltNames of the fleet's
   *                    server certificate (shared by the HTTPS API and the broker's TLS listener)
   */
  public record Http(int port, boolean plaintext, List<String> serverNames) {
    /** Default HTTPS port. */
    public static final int DEFAULT_PORT = 8443;
    /** Default names: this machine only. */
    public static final List<String> DEFAULT_SERVER_NAMES = List.of("localhost", "127.0.0.1");

    /** Copies the names. */
    public Http {
      serverNames = serverNames == null ? null : List.copyOf(serverNames);
    }

    /** HTTPS on {@code port} for the default names. */
    public Http(int port) {
      this(port, false, DEFAULT_SERVER_NAMES);
    }
  }

  /** Which broker. */
  public enum BrokerMode { EMBEDDED, EXTERNAL }

  /**
   * @param mode     which of the two below is used
   * @param embedded settings of the in-process HiveMQ broker
   * @param external settings of the client to an external broker
   */
  public record Broker(BrokerMode mode, Embedded embedded, External external) {}

  /**
   * @param port          the mutual-TLS device listener's port (8883 by default, the IANA port of MQTT
   *                      over TLS; 0 = any free port)
   * @param bind          the TLS listener's address (0.0.0.0 by default: kiosks reach it over the network)
   * @param dataDir       HiveMQ's data folder
   * @param maxQueuedMessages per-client queue limit of the broker (acks, config, commands waiting
   *                      for a slow or offline device); beyond it the broker drops, and the agents'
   *                      resend plus the fleet's dedupe still store every record once
   * @param plaintextPort the plaintext development listener on 127.0.0.1 (no device authentication,
   *                      no topic ACL): -1 = off (default), 0 = any free port
   * @param serverNames   every host name and IP address devices dial: the broker's certificate (from
   *                      the fleet's TLS CA) names them, and devices check it
   */
  public record Embedded(int port, String bind, String dataDir, long maxQueuedMessages, int plaintextPort,
                         List<String> serverNames) {
    /** The IANA port of MQTT over TLS. */
    public static final int DEFAULT_TLS_PORT = 8883;
    /** {@link #plaintextPort()} value for "no plaintext listener". */
    public static final int PLAINTEXT_OFF = -1;
    /** Default certificate names: this machine by loopback name and address. */
    public static final List<String> DEFAULT_SERVER_NAMES = List.of("localhost", "127.0.0.1");

    public Embedded {
      serverNames = serverNames == null ? null : List.copyOf(serverNames);
    }
  }

  /**
   * @param url         {@code ssl://host:port} (the fleet presents its own client certificate from the
   *                    TLS CA, {@code CN=fleet@<clientId>} ({@link #fleetClientCn()}), and trusts the
   *                    TLS CA) or {@code tcp://host:port} (development)
   * @param clientId    this instance's MQTT client id (unique per instance)
   * @param sharedGroup shared-subscription group the instances split the load in
   * @param crlFile     optional: where the running fleet keeps the TLS CA's certificate revocation
   *                    list current (PEM, rewritten atomically on every revocation and daily), for the
   *                    broker's {@code crlfile}; null or empty: no CRL is written
   */
  public record External(String url, String clientId, String sharedGroup, String crlFile) {
    /** The CRL file, when configured. */
    public java.util.Optional<Path> crlPath() {
      return crlFile == null || crlFile.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(crlFile));
    }

    /**
     * The subject CN of this instance's client certificate on an external broker: {@code fleet@<clientId>}
     * (its MQTT user name with Mosquitto's {@code use_identity_as_username}, and its client id with
     * {@code use_username_as_clientid}, so each instance keeps its own session). The {@code @} cannot
     * occur in a device id, so no device certificate can carry the fleet's rights.
     */
    public String fleetClientCn() {
      return "fleet@" + clientId;
    }
  }

  /** Which store engine. */
  public enum StoreKind { SQLITE, POSTGRESQL }

  /**
   * @param kind       which of the two below is used
   * @param sqlite     SQLite settings
   * @param postgresql PostgreSQL settings
   */
  public record Store(StoreKind kind, Sqlite sqlite, Postgresql postgresql) {
    /** Where the database is, for {@link org.doorstep.fleet.store.FleetStores#open}. */
    public org.doorstep.fleet.store.FleetDatabase.Location location() {
      return switch (kind) {
        case SQLITE -> new org.doorstep.fleet.store.FleetDatabase.SqliteFile(java.nio.file.Path.of(sqlite.path()));
        case POSTGRESQL -> new org.doorstep.fleet.store.FleetDatabase.PostgresServer(postgresql.jdbcUrl(),
            postgresql.user(), postgresql.password());
      };
    }
  }

  /** @param path database file (created with its folders) */
  public record Sqlite(String path) {}

  /**
   * @param jdbcUrl  {@code jdbc:postgresql://host:port/db[?currentSchema=…]}
   * @param user     database user
   * @param password password; empty for trust or peer authentication
   */
  public record Postgresql(String jdbcUrl, String user, String password) {
    @Override
    public String toString() {
      return "Postgresql[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password == null || password.isEmpty() ? "" : "***") + "]";
    }
  }

  /**
   * @param batchSize     records per store transaction
   * @param lingerMs      longest wait for a batch to fill
   * @param queueCapacity messages in the pipeline before new ones are dropped
   * @param verifyThreads signature-verify threads; 0 = one per available core
   */
  public record Ingest(int batchSize, long lingerMs, int queueCapacity, int verifyThreads) {
    /**
     * As pipeline options.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public IngestOptions options() {
      int threads = verifyThreads == 0 ? Runtime.getRuntime().availableProcessors() : verifyThreads;
      return new IngestOptions(batchSize, Duration.ofMillis(lingerMs), queueCapacity, threads,
          IngestOptions.DEFAULT_ACK_TIMEOUT);
    }
  }
}
