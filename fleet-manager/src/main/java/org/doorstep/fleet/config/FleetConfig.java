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
 * }</pre>
 *
 * @param http   REST API and dashboard (HTTPS)
 * @param broker which MQTT broker carries device traffic
 * @param store  where records and devices are kept
 * @param ingest ingest pipeline tuning
 * @param security crypto suite (CA, data key) and retention of personal data
 */
public record FleetConfig(Http http, Broker broker, Store store, Ingest ingest, Security security) {

  /** A config with the default {@link Security} (code written before the section existed). */
  public FleetConfig(Http http, Broker broker, Store store, Ingest ingest) {
    this(http, broker, store, ingest, Security.defaults());
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
        Security.defaults());
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
    return v;
  }

  private static void blank(List<String> v, String path, String value) {
    if (value == null || value.isBlank()) {
      v.add(path + ": must not be blank");
    }
  }

  public FleetConfig withHttpPort(int port) {
    return new FleetConfig(new Http(port, http.plaintext(), http.serverNames()), broker, store, ingest, security);
  }

  /** Plain HTTP instead of HTTPS (development only: tokens would cross the network in clear). */
  public FleetConfig withPlaintextHttp(boolean plaintext) {
    return new FleetConfig(new Http(http.port(), plaintext, http.serverNames()), broker, store, ingest, security);
  }

  /**
   * Embedded broker for development and tests: the plaintext listener on {@code 127.0.0.1:port}
   * (no device authentication), the mutual-TLS listener on a free port of 127.0.0.1, data in
   * {@code dataDir}.
   */
  public FleetConfig withEmbeddedBroker(int port, Path dataDir) {
    Embedded e = broker.embedded();
    return new FleetConfig(http, new Broker(BrokerMode.EMBEDDED, new Embedded(0, "127.0.0.1", dataDir.toString(),
        e.maxQueuedMessages(), port, e.serverNames()), broker.external()), store, ingest, security);
  }

  /**
   * Embedded broker with only its mutual-TLS listener, on {@code 127.0.0.1:tlsPort} (0 = any free
   * port), data in {@code dataDir}.
   */
  public FleetConfig withEmbeddedTlsBroker(int tlsPort, Path dataDir) {
    Embedded e = broker.embedded();
    return new FleetConfig(http, new Broker(BrokerMode.EMBEDDED, new Embedded(tlsPort, "127.0.0.1", dataDir.toString(),
        e.maxQueuedMessages(), Embedded.PLAINTEXT_OFF, e.serverNames()), broker.external()), store, ingest, security);
  }

  /** The embedded broker's per-client queue limit (messages waiting for a slow device). */
  public FleetConfig withEmbeddedQueueLimit(long maxQueuedMessages) {
    Embedded e = broker.embedded();
    return new FleetConfig(http, new Broker(broker.mode(), new Embedded(e.port(), e.bind(), e.dataDir(), maxQueuedMessages,
        e.plaintextPort(), e.serverNames()), broker.external()), store, ingest, security);
  }

  /** External broker at {@code url}, joining the shared group as {@code clientId}. */
  public FleetConfig withExternalBroker(String url, String clientId, String sharedGroup) {
    return new FleetConfig(http, new Broker(BrokerMode.EXTERNAL, broker.embedded(),
        new External(url, clientId, sharedGroup, null)), store, ingest, security);
  }

  /** This config with the external broker's {@code crlFile} set (the broker section must be external). */
  public FleetConfig withCrlFile(Path crlFile) {
    External x = broker.external();
    return new FleetConfig(http, new Broker(broker.mode(), broker.embedded(),
        new External(x.url(), x.clientId(), x.sharedGroup(), crlFile.toString())), store, ingest, security);
  }

  public FleetConfig withSqlite(Path file) {
    return new FleetConfig(http, broker, new Store(StoreKind.SQLITE, new Sqlite(file.toString()), store.postgresql()), ingest,
        security);
  }

  public FleetConfig withPostgresql(String jdbcUrl, String user, String password) {
    return new FleetConfig(http, broker, new Store(StoreKind.POSTGRESQL, store.sqlite(),
        new Postgresql(jdbcUrl, user, password)), ingest, security);
  }

  public FleetConfig withIngest(Ingest newIngest) {
    return new FleetConfig(http, broker, store, newIngest, security);
  }

  /** This config with {@code newSecurity} (e.g. {@code new Security(CryptoSuite.SM, "P365D")}). */
  public FleetConfig withSecurity(Security newSecurity) {
    return new FleetConfig(http, broker, store, ingest, newSecurity);
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
   * The REST API and dashboard: HTTPS (TLS 1.3) with the fleet's TLS server identity
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
