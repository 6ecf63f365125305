package org.doorstep.fleet.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Loads a {@link FleetConfig}: the built-in {@link FleetConfig#defaults()}, then the YAML file (any
 * subset of members), then environment variables, later ones winning.
 *
 * <p>Environment overrides ({@link #ENV}):
 * <pre>
 * DOORSTEP_FLEET_HTTP_PORT            http.port
 * DOORSTEP_FLEET_HTTP_PLAINTEXT       http.plaintext (true | false; development only)
 * DOORSTEP_FLEET_HTTP_SERVER_NAMES    http.serverNames (comma-separated)
 * DOORSTEP_FLEET_BROKER_MODE          broker.mode (embedded | external)
 * DOORSTEP_FLEET_BROKER_PORT          broker.embedded.port (the mutual-TLS listener)
 * DOORSTEP_FLEET_BROKER_BIND          broker.embedded.bind
 * DOORSTEP_FLEET_BROKER_PLAINTEXT_PORT broker.embedded.plaintextPort (-1 = off; development only)
 * DOORSTEP_FLEET_BROKER_SERVER_NAMES  broker.embedded.serverNames (comma-separated)
 * DOORSTEP_FLEET_BROKER_DATA_DIR      broker.embedded.dataDir
 * DOORSTEP_FLEET_BROKER_MAX_QUEUED_MESSAGES broker.embedded.maxQueuedMessages
 * DOORSTEP_FLEET_BROKER_URL           broker.external.url
 * DOORSTEP_FLEET_BROKER_CLIENT_ID     broker.external.clientId
 * DOORSTEP_FLEET_BROKER_SHARED_GROUP  broker.external.sharedGroup
 * DOORSTEP_FLEET_BROKER_CRL_FILE      broker.external.crlFile
 * DOORSTEP_FLEET_STORE_KIND           store.kind (sqlite | postgresql)
 * DOORSTEP_FLEET_STORE_PATH           store.sqlite.path
 * DOORSTEP_FLEET_STORE_JDBC_URL       store.postgresql.jdbcUrl
 * DOORSTEP_FLEET_STORE_USER           store.postgresql.user
 * DOORSTEP_FLEET_STORE_PASSWORD       store.postgresql.password
 * DOORSTEP_FLEET_INGEST_BATCH_SIZE    ingest.batchSize
 * DOORSTEP_FLEET_INGEST_LINGER_MS     ingest.lingerMs
 * DOORSTEP_FLEET_INGEST_QUEUE_CAPACITY ingest.queueCapacity
 * DOORSTEP_FLEET_INGEST_VERIFY_THREADS ingest.verifyThreads
 * DOORSTEP_FLEET_SECURITY_SUITE       security.suite (STANDARD | SM)
 * DOORSTEP_FLEET_PERSONAL_DATA_RETENTION security.personalDataRetention
 * DOORSTEP_FLEET_ALARMS_HEARTBEAT_INTERVAL alarms.heartbeatInterval
 * DOORSTEP_FLEET_ALARMS_ESCALATE_AFTER alarms.escalateAfter
 * DOORSTEP_FLEET_ALARMS_WEBHOOK_URL   alarms.webhook.url
 * DOORSTEP_FLEET_ALARMS_WEBHOOK_SECRET alarms.webhook.secret (keep the secret out of the YAML file)
 * DOORSTEP_FLEET_ROLLOUTS_ZONE        rollouts.zone
 * DOORSTEP_FLEET_ROLLOUTS_APPROVAL_REQUIRED rollouts.approvalRequired
 * </pre>
 * Unknown YAML members are errors (a typo must not silently fall back to a default).
 */
public final class FleetConfigLoader {
  /** Environment variable → config path. */
  public static final Map<String, String> ENV;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("DOORSTEP_FLEET_HTTP_PORT", "http.port");
    m.put("DOORSTEP_FLEET_HTTP_PLAINTEXT", "http.plaintext");
    m.put("DOORSTEP_FLEET_HTTP_SERVER_NAMES", "http.serverNames");
    m.put("DOORSTEP_FLEET_BROKER_MODE", "broker.mode");
    m.put("DOORSTEP_FLEET_BROKER_PORT", "broker.embedded.port");
    m.put("DOORSTEP_FLEET_BROKER_BIND", "broker.embedded.bind");
    m.put("DOORSTEP_FLEET_BROKER_PLAINTEXT_PORT", "broker.embedded.plaintextPort");
    m.put("DOORSTEP_FLEET_BROKER_SERVER_NAMES", "broker.embedded.serverNames");
    m.put("DOORSTEP_FLEET_BROKER_DATA_DIR", "broker.embedded.dataDir");
    m.put("DOORSTEP_FLEET_BROKER_MAX_QUEUED_MESSAGES", "broker.embedded.maxQueuedMessages");
    m.put("DOORSTEP_FLEET_BROKER_URL", "broker.external.url");
    m.put("DOORSTEP_FLEET_BROKER_CLIENT_ID", "broker.external.clientId");
    m.put("DOORSTEP_FLEET_BROKER_SHARED_GROUP", "broker.external.sharedGroup");
    m.put("DOORSTEP_FLEET_BROKER_CRL_FILE", "broker.external.crlFile");
    m.put("DOORSTEP_FLEET_STORE_KIND", "store.kind");
    m.put("DOORSTEP_FLEET_STORE_PATH", "store.sqlite.path");
    m.put("DOORSTEP_FLEET_STORE_JDBC_URL", "store.postgresql.jdbcUrl");
    m.put("DOORSTEP_FLEET_STORE_USER", "store.postgresql.user");
    m.put("DOORSTEP_FLEET_STORE_PASSWORD", "store.postgresql.password");
    m.put("DOORSTEP_FLEET_INGEST_BATCH_SIZE", "ingest.batchSize");
    m.put("DOORSTEP_FLEET_INGEST_LINGER_MS", "ingest.lingerMs");
    m.put("DOORSTEP_FLEET_INGEST_QUEUE_CAPACITY", "ingest.queueCapacity");
    m.put("DOORSTEP_FLEET_INGEST_VERIFY_THREADS", "ingest.verifyThreads");
    m.put("DOORSTEP_FLEET_SECURITY_SUITE", "security.suite");
    m.put("DOORSTEP_FLEET_PERSONAL_DATA_RETENTION", "security.personalDataRetention");
    m.put("DOORSTEP_FLEET_ALARMS_HEARTBEAT_INTERVAL", "alarms.heartbeatInterval");
    m.put("DOORSTEP_FLEET_ALARMS_ESCALATE_AFTER", "alarms.escalateAfter");
    m.put("DOORSTEP_FLEET_ALARMS_WEBHOOK_URL", "alarms.webhook.url");
    m.put("DOORSTEP_FLEET_ALARMS_WEBHOOK_SECRET", "alarms.webhook.secret");
    m.put("DOORSTEP_FLEET_ROLLOUTS_ZONE", "rollouts.zone");
    m.put("DOORSTEP_FLEET_ROLLOUTS_APPROVAL_REQUIRED", "rollouts.approvalRequired");
    ENV = java.util.Collections.unmodifiableMap(m);
  }

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private FleetConfigLoader() {}

  /**
   * Loads the config.
   *
   * @param file YAML file; empty for defaults plus environment
   * @param env  environment ({@code System.getenv()}; a map in tests)
   * @throws ConfigException listing every problem with its path
   */
  public static FleetConfig load(Optional<Path> file, Map<String, String> env) {
    if (file.isEmpty()) {
      return parse(Optional.empty(), "defaults", env);
    }
    String yaml;
    try {
      yaml = Files.readString(file.get());
    } catch (IOException e) {
      throw new ConfigException(file.get().toString(), List.of("cannot read: " + e.getMessage()));
    }
    return parse(Optional.of(yaml), file.get().toString(), env);
  }

  /**
   * Parses config text.
   *
   * @param yaml   YAML text; empty for defaults plus environment
   * @param source what to call it in messages (the file name)
   * @param env    environment overrides
   * @throws ConfigException listing every problem with its path
   */
  public static FleetConfig parse(Optional<String> yaml, String source, Map<String, String> env) {
    ObjectNode tree = YAML.valueToTree(FleetConfig.defaults());
    if (yaml.isPresent()) {
      JsonNode user;
      try {
        user = YAML.readTree(yaml.get());
      } catch (JsonProcessingException e) {
        throw new ConfigException(source, List.of("not valid YAML: " + e.getOriginalMessage()));
      }
      if (user != null && !user.isMissingNode() && !user.isNull()) {
        if (!user.isObject()) {
          throw new ConfigException(source, List.of("(root): must be a mapping"));
        }
        merge(tree, (ObjectNode) user);
      }
    }
    for (Map.Entry<String, String> e : ENV.entrySet()) {
      String value = env.get(e.getKey());
      if (value != null) {
        set(tree, e.getValue(), value);
      }
    }
    FleetConfig config;
    try {
      config = YAML.treeToValue(tree, FleetConfig.class);
    } catch (JsonMappingException e) {
      String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining("."));
      throw new ConfigException(source, List.of(path + ": " + e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new ConfigException(source, List.of(e.getOriginalMessage()));
    }
    List<String> violations = config.violations();
    if (!violations.isEmpty()) {
      throw new ConfigException(source, violations);
    }
    return config;
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    Iterator<Map.Entry<String, JsonNode>> it = from.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode source) {
        merge(target, source);
      } else {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  private static void set(ObjectNode root, String path, String value) {
    String[] parts = path.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    String leaf = parts[parts.length - 1];
    if (LIST_PATHS.contains(path) || (node.get(leaf) != null && node.get(leaf).isArray())) {
      // A list key takes a comma-separated value.
      var array = node.putArray(leaf);
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          array.add(item.strip());
        }
      }
      return;
    }
    node.put(leaf, value);
  }

  /** Paths whose environment value is a comma-separated list. */
  private static final java.util.Set<String> LIST_PATHS = java.util.Set.of("broker.embedded.serverNames");
}
