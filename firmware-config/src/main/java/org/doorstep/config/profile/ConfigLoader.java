package org.doorstep.config.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Loads a {@link DoorstepConfig}: built-in defaults, then a document (YAML or JSON file, text, or a
 * JSON tree from a config bundle) merged over them, then environment overrides, then checks.
 *
 * <h2>Layers</h2>
 * <ol>
 *   <li><b>Defaults</b>: {@code org/doorstep/config/profile/defaults.yaml} on the class path, a
 *       complete and valid config: a demo kiosk on simulators reporting to {@code tcp://127.0.0.1:1884}.</li>
 *   <li><b>Document</b>: mappings merge key by key; a list or a scalar replaces the default whole;
 *       {@code null} (or an empty YAML value) keeps the default. In {@code services} an entry may be
 *       a bare id ({@code - certification}) and {@code enabled} defaults to {@code true}.</li>
 *   <li><b>Environment</b>: {@code DOORSTEP_<PATH>} sets one key, the path's segments upper-cased,
 *       camelCase split with {@code _} and joined with {@code _}: {@code DOORSTEP_DEVICES_PRINTER_BAUD=9600},
 *       {@code DOORSTEP_UPLINK_BROKER_URL=ssl://fleet:8883}, {@code DOORSTEP_DEVICE_ID=kiosk-7}. Lists of
 *       strings take comma-separated values ({@code DOORSTEP_POLICY_LIVENESS_CHALLENGES=BLINK,NOD});
 *       entries of {@code services} are addressed by index ({@code DOORSTEP_SERVICES_1_ENABLED=false}).
 *       A variable naming no key under {@code DEVICE_}, {@code DEVICES_}, {@code SERVICES_}, {@code POLICY_},
 *       {@code UPLINK_}, {@code LOCAL_}, {@code FLEET_} or {@code SECURITY_} is a violation (a typo must not pass silently); other {@code DOORSTEP_}
 *       variables belong to other programs and are ignored.</li>
 * </ol>
 *
 * <h2>Checks</h2>
 * Unknown keys, values of the wrong type (reported as {@code devices.printer.baud: must be an
 * integer, was 'abc'}), then {@link ConfigValidator}'s rules. Every violation is collected;
 * {@code load} throws one {@link ConfigException} carrying all of them. A config returned by
 * {@code load} has every field non-null. Enum values ({@code driver}, {@code kind}) are
 * case-insensitive.
 *
 * <p>Immutable and thread-safe. See {@code docs/configuration.md} for every key.
 */
public final class ConfigLoader {
  /** Prefix of environment overrides. */
  public static final String ENV_PREFIX = "DOORSTEP_";
  /** Class-path resource holding the built-in defaults. */
  public static final String DEFAULTS_RESOURCE = "/org/doorstep/config/profile/defaults.yaml";
  /** Largest config file read; real ones are a few KiB. */
  public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

  private static final List<String> ENV_SECTIONS = List.of("DEVICE_", "DEVICES_", "SERVICES_", "POLICY_", "UPLINK_", "LOCAL_",
      "FLEET_", "SECURITY_");

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  /** Tree to records and back; Durations as ISO-8601 text. */
  private static final ObjectMapper BINDER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private static final JsonNode DEFAULTS = readDefaults();

  /** Syntax of a config document. */
  public enum Format {
    YAML, JSON;

    /**
     * The format of {@code file} by its extension: {@code .yaml}/{@code .yml} or {@code .json}.
     *
     * @throws ConfigException for any other extension
     */
    public static Format of(Path file) {
      String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        return YAML;
      }
      if (name.endsWith(".json")) {
        return JSON;
      }
      throw new ConfigException(List.of(new ConfigViolation(String.valueOf(file.getFileName()),
          "unknown config format: the file name must end in .yaml, .yml or .json")));
    }
  }

  private final Map<String, String> env;

  /** A loader that applies the process environment ({@link System#getenv()}). */
  public ConfigLoader() {
    this(System.getenv());
  }

  /**
   * A loader that applies {@code environment} instead of the process environment (tests, tools).
   *
   * @param environment variable name → value; only {@code DOORSTEP_*} entries are read
   */
  public ConfigLoader(Map<String, String> environment) {
    this.env = new TreeMap<>(Objects.requireNonNull(environment, "environment"));
  }

  /** A loader that applies no environment overrides: what a file says, over the defaults. */
  public static ConfigLoader withoutEnvironment() {
    return new ConfigLoader(Map.of());
  }

  /**
   * The defaults with this loader's environment overrides.
   *
   * @throws ConfigException when an override is invalid
   */
  public DoorstepConfig loadDefaults() {
    return load(JsonNodeFactory.instance.objectNode());
  }

  /**
   * Loads a YAML or JSON file, by its extension, over the defaults. An empty file (no bytes, or only
   * blanks and comments: a truncated copy) is an error, not "all defaults"; an explicit {@code {}} is.
   *
   * @throws ConfigException when the file is empty, cannot be read or parsed, or the result is invalid
   */
  public DoorstepConfig load(Path file) {
    return resolve(readDocument(file));
  }

  /**
   * The keys a terminal's own config must set itself (in its file or by a {@code DOORSTEP_*} variable),
   * because the defaults are a demo kiosk's: its id ({@code kiosk-demo-1}, which every unconfigured
   * terminal would share, writing into one identity), and its device drivers ({@code SIMULATED}: a bank
   * terminal must not certify residents with simulated devices because a file was cut short).
   */
  public static final List<String> TERMINAL_KEYS = List.of("device.id", "devices.idCardReader.driver",
      "devices.printer.driver", "devices.camera.driver");

  /**
   * {@link #load(Path)} for a terminal's config ({@code agent run}, {@code agent enrol}): also fails
   * unless every key of {@link #TERMINAL_KEYS} is set explicitly. Demos that mean to run on the
   * defaults use {@code agent run --demo} ({@link #load(Path)}).
   *
   * @throws ConfigException listing every violation, each missing key as {@code device.id: must be set
   *     explicitly in a terminal's config …}
   */
  public DoorstepConfig loadTerminal(Path file) {
    JsonNode document = readDocument(file);
    List<ConfigViolation> missing = new ArrayList<>();
    for (String key : TERMINAL_KEYS) {
      List<Object> segments = List.of((Object[]) key.split("\\."));
      JsonNode node = document;
      for (Object segment : segments) {
        node = node == null ? null : node.get((String) segment);
      }
      boolean inFile = node != null && !node.isNull() && !(node.isTextual() && node.asText().isBlank());
      if (!inFile && !env.containsKey(envName(segments))) {
        missing.add(new ConfigViolation(key, "must be set explicitly in a terminal's config (" + file.getFileName()
            + " or " + envName(segments) + "): the default is the demo kiosk's; use 'agent run --demo' to run on"
            + " the defaults"));
      }
    }
    if (!missing.isEmpty()) {
      List<ConfigViolation> all = new ArrayList<>(missing);
      try {
        resolve(document);
      } catch (ConfigException e) {
        all.addAll(e.violations());
      }
      throw new ConfigException(all);
    }
    return resolve(document);
  }

  /**
   * Loads a document given as text.
   *
   * @param text   the document
   * @param format its syntax
   * @throws ConfigException when the text cannot be parsed or the result is invalid
   */
  public DoorstepConfig load(String text, Format format) {
    return resolve(parse(text.getBytes(StandardCharsets.UTF_8), format, format == Format.YAML ? "yaml" : "json"));
  }

  /**
   * Loads a document given as a JSON tree: the {@code config} member of a
   * {@link org.doorstep.config.contract.ConfigBundle}. The tree is not modified.
   *
   * @throws ConfigException when the tree is not an object or the result is invalid
   */
  public DoorstepConfig load(JsonNode document) {
    if (document == null || document.isNull() || document.isMissingNode()) {
      return resolve(JsonNodeFactory.instance.objectNode());
    }
    return resolve(document);
  }

  /**
   * Every violation {@link #load(JsonNode)} would report, without throwing; empty when the document
   * loads.
   */
  public List<ConfigViolation> check(JsonNode document) {
    try {
      load(document);
      return List.of();
    } catch (ConfigException e) {
      return e.violations();
    }
  }

  /**
   * Reads and parses a config file without merging or checking it: the document a config bundle
   * carries.
   *
   * @return a JSON tree with at least one key
   * @throws ConfigException when the file cannot be read, is not valid YAML/JSON, or is empty (no bytes,
   *     only blanks and comments; an explicit {@code {}} is an empty document, not an empty file)
   */
  public static JsonNode readDocument(Path file) {
    Format format = Format.of(file);
    String name = String.valueOf(file.getFileName());
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_DOCUMENT_BYTES) {
        throw single(name, "larger than " + MAX_DOCUMENT_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw single(name, "no such file: " + file);
    } catch (IOException e) {
      throw single(name, "cannot read " + file + ": " + e.getMessage());
    }
    if (blank(bytes)) {
      throw single(name, "the file " + file + " is empty (" + bytes.length + " bytes, no keys): a truncated or"
          + " unwritten config is not taken for the defaults");
    }
    return parse(bytes, format, name);
  }

  /**
   * Whether a file holds no document at all: no bytes, only blanks, or only YAML comments (what a
   * truncated or never written file looks like). An explicit {@code {}} is a document: "no changes".
   */
  private static boolean blank(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).lines().map(String::strip)
        .allMatch(line -> line.isEmpty() || line.startsWith("#"));
  }

  /** The config as a JSON tree (durations as ISO-8601 text), e.g. to put it into a bundle. */
  public static ObjectNode toDocument(DoorstepConfig config) {
    return BINDER.valueToTree(config);
  }

  /**
   * {@code over} merged over {@code base} by this loader's rules (mappings key by key; a list or scalar
   * replaces whole; {@code null} keeps the base). Neither tree is modified. The agent overlays a config
   * bundle's document over its local one with this.
   */
  public static JsonNode overlay(JsonNode base, JsonNode over) {
    return merge(base, over);
  }

  /** A copy of the built-in defaults document. */
  public static ObjectNode defaultsDocument() {
    return (ObjectNode) DEFAULTS.deepCopy();
  }

  private static JsonNode parse(byte[] bytes, Format format, String source) {
    JsonNode tree;
    try {
      tree = (format == Format.YAML ? YAML : JSON).readTree(bytes);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw single(source, "not valid " + format + where + ": " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw single(source, "not valid " + format + ": " + firstLine(e.getMessage()));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    return tree;
  }

  private DoorstepConfig resolve(JsonNode document) {
    Run run = new Run();
    if (!document.isObject()) {
      run.add("$", "the document must be a mapping of keys (device, devices, services, policy, uplink, local, fleet, security)");
      throw new ConfigException(run.violations);
    }
    ObjectNode merged = (ObjectNode) merge(DEFAULTS, document);
    normalizeServices(merged);
    applyEnvironment(merged, run);
    JsonNode checked = run.walk(merged, DoorstepConfig.class, "", DEFAULTS);
    DoorstepConfig config;
    try {
      config = BINDER.treeToValue(checked, DoorstepConfig.class);
    } catch (JsonMappingException e) {
      run.add(pathOf(e), firstLine(e.getOriginalMessage()));
      throw new ConfigException(run.violations);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      run.add("$", firstLine(e.getMessage()));
      throw new ConfigException(run.violations);
    }
    ConfigValidator.validate(config).forEach(run::addUnlessReported);
    nulls(config, DoorstepConfig.class, "", run);
    if (!run.violations.isEmpty()) {
      throw new ConfigException(run.violations);
    }
    return config;
  }

  // ---- merging ------------------------------------------------------------------------------

  private static JsonNode merge(JsonNode base, JsonNode over) {
    if (over == null || over.isNull() || over.isMissingNode()) {
      return base == null ? over : base.deepCopy();
    }
    if (base != null && base.isObject() && over.isObject()) {
      ObjectNode result = (ObjectNode) base.deepCopy();
      for (Map.Entry<String, JsonNode> e : over.properties()) {
        result.set(e.getKey(), merge(base.get(e.getKey()), e.getValue()));
      }
      return result;
    }
    return over.deepCopy();
  }

  /** Bare ids become entries; {@code enabled} defaults to true. */
  private static void normalizeServices(ObjectNode root) {
    JsonNode services = root.get("services");
    if (services == null || !services.isArray()) {
      return;
    }
    ArrayNode list = (ArrayNode) services;
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      if (e.isTextual()) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.set("id", e);
        entry.put("enabled", true);
        list.set(i, entry);
      } else if (e.isObject() && (e.get("enabled") == null || e.get("enabled").isNull())) {
        ((ObjectNode) e).put("enabled", true);
      }
    }
  }

  // ---- environment --------------------------------------------------------------------------

  /** A key that an environment variable can set. */
  private record Leaf(List<Object> segments, Type type, String path) {}

  private void applyEnvironment(ObjectNode root, Run run) {
    Map<String, Leaf> leaves = new HashMap<>();
    collectLeaves(DoorstepConfig.class, new ArrayList<>(), root, leaves);
    for (Map.Entry<String, String> e : env.entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(ENV_PREFIX)) {
        continue;
      }
      Leaf leaf = leaves.get(name);
      if (leaf == null) {
        String rest = name.substring(ENV_PREFIX.length());
        if (ENV_SECTIONS.stream().anyMatch(rest::startsWith)) {
          run.add(name, "no config key has this name (see docs/configuration.md)");
        }
        continue;
      }
      set(root, leaf.segments(), envValue(e.getValue(), leaf.type()));
      run.origins.put(leaf.path(), name);
    }
  }

  private static void collectLeaves(Type type, List<Object> segments, JsonNode current, Map<String, Leaf> out) {
    Class<?> raw = raw(type);
    if (raw.isRecord()) {
      for (RecordComponent c : raw.getRecordComponents()) {
        segments.add(c.getName());
        collectLeaves(c.getGenericType(), segments, current == null ? null : current.get(c.getName()), out);
        segments.remove(segments.size() - 1);
      }
      return;
    }
    if (raw == List.class && raw(elementType(type)).isRecord()) {
      for (int i = 0; current != null && current.isArray() && i < current.size(); i++) {
        segments.add(i);
        collectLeaves(elementType(type), segments, current.get(i), out);
        segments.remove(segments.size() - 1);
      }
      return;
    }
    List<Object> copy = List.copyOf(segments);
    out.put(envName(copy), new Leaf(copy, type, pathOf(copy)));
  }

  /** {@code [devices, printer, paperWidthMm]} → {@code DOORSTEP_DEVICES_PRINTER_PAPER_WIDTH_MM}. */
  static String envName(List<Object> segments) {
    return ENV_PREFIX + segments.stream().map(s -> s instanceof Integer i ? i.toString() : snake((String) s))
        .collect(Collectors.joining("_"));
  }

  private static String snake(String camel) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
        sb.append('_');
      }
      sb.append(Character.toUpperCase(c));
    }
    return sb.toString();
  }

  private static String pathOf(List<Object> segments) {
    StringBuilder sb = new StringBuilder();
    for (Object s : segments) {
      if (s instanceof Integer i) {
        sb.append('[').append(i).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(s);
      }
    }
    return sb.toString();
  }

  /** Environment text as the JSON value the key's type expects; left as text when it does not parse. */
  private static JsonNode envValue(String value, Type type) {
    Class<?> raw = raw(type);
    String v = value.trim();
    if (raw == Integer.class) {
      try {
        return LongNode.valueOf(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return TextNode.valueOf(value);
      }
    }
    if (raw == Boolean.class && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
      return BooleanNode.valueOf(Boolean.parseBoolean(v.toLowerCase(Locale.ROOT)));
    }
    if (raw == List.class) {
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(list::add);
      return list;
    }
    return TextNode.valueOf(value);
  }

  private static void set(ObjectNode root, List<Object> segments, JsonNode value) {
    JsonNode node = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      Object s = segments.get(i);
      if (s instanceof Integer idx) {
        node = node.get(idx);
      } else {
        JsonNode next = node.get((String) s);
        if (next == null || !next.isObject() && !next.isArray()) {
          next = ((ObjectNode) node).putObject((String) s);
        }
        node = next;
      }
    }
    ((ObjectNode) node).set((String) segments.get(segments.size() - 1), value);
  }

  // ---- schema walk: unknown keys and types ----------------------------------------------------

  /** State of one load: violations in order and which keys the environment set. */
  private static final class Run {
    final List<ConfigViolation> violations = new ArrayList<>();
    final Map<String, String> origins = new LinkedHashMap<>();

    void add(String path, String message) {
      violations.add(new ConfigViolation(path, message));
    }

    /** Adds a rule violation unless its key (or a parent) was already reported as malformed. */
    void addUnlessReported(ConfigViolation v) {
      for (ConfigViolation seen : violations) {
        String p = seen.path();
        if (v.path().equals(p) || v.path().startsWith(p + ".") || v.path().startsWith(p + "[")) {
          return;
        }
      }
      violations.add(v);
    }

    void typeError(String path, String expected, JsonNode actual) {
      String origin = origins.get(path);
      add(path, expected + ", was " + describe(actual) + (origin == null ? "" : " (from " + origin + ")"));
    }

    /**
     * Checks {@code node} against {@code type} and returns it normalised (enum names upper-case,
     * scalars as strings where strings are expected). A value of the wrong type is reported and
     * replaced by {@code fallback} (the default, or null), so that later rules do not report it again.
     */
    JsonNode walk(JsonNode node, Type type, String path, JsonNode fallback) {
      Class<?> raw = raw(type);
      if (raw.isRecord()) {
        return record(node, raw, path, fallback);
      }
      if (raw == List.class) {
        if (!node.isArray()) {
          typeError(path, "must be a list", node);
          return fallback;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < node.size(); i++) {
          JsonNode e = node.get(i);
          if (e.isNull()) {
            // List records refuse null elements; report it here, with its index.
            add(path + "[" + i + "]", "must not be empty");
            continue;
          }
          JsonNode checked = walk(e, elementType(type), path + "[" + i + "]", null);
          if (checked != null) {
            out.add(checked);
          }
        }
        return out;
      }
      if (raw == String.class) {
        if (node.isTextual()) {
          return node;
        }
        if (node.isNumber() || node.isBoolean()) {
          return TextNode.valueOf(node.asText());
        }
        typeError(path, "must be a string", node);
        return fallback;
      }
      if (raw == Integer.class) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
          return IntNode.valueOf(node.intValue());
        }
        typeError(path, "must be an integer", node);
        return fallback;
      }
      if (raw == Boolean.class) {
        if (node.isBoolean()) {
          return node;
        }
        typeError(path, "must be true or false", node);
        return fallback;
      }
      if (raw == Duration.class) {
        if (node.isTextual()) {
          try {
            Duration.parse(node.textValue());
            return node;
          } catch (DateTimeParseException e) {
            // reported below
          }
        }
        typeError(path, "must be an ISO-8601 duration such as PT30S or P30D", node);
        return fallback;
      }
      if (raw.isEnum()) {
        if (node.isTextual()) {
          String wanted = node.textValue().trim().replace('-', '_');
          for (Object constant : raw.getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(wanted)) {
              return TextNode.valueOf(((Enum<?>) constant).name());
            }
          }
        }
        typeError(path, "must be one of " + Arrays.stream(raw.getEnumConstants())
            .map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", ")), node);
        return fallback;
      }
      throw new IllegalStateException("config schema has an unsupported type " + type);
    }

    private JsonNode record(JsonNode node, Class<?> raw, String path, JsonNode fallback) {
      String where = path.isEmpty() ? "$" : path;
      RecordComponent[] components = raw.getRecordComponents();
      if (!node.isObject()) {
        typeError(where, "must be a mapping of " + Arrays.stream(components).map(RecordComponent::getName)
            .collect(Collectors.joining(", ")), node);
        return fallback;
      }
      Map<String, RecordComponent> byName = new LinkedHashMap<>();
      for (RecordComponent c : components) {
        byName.put(c.getName(), c);
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String key = e.getKey();
        // An empty key ("": …) would give an empty path (found by ConfigLoaderPropertiesTest): quote it.
        String shown = key.isEmpty() ? "\"\"" : key;
        String child = path.isEmpty() ? shown : path + "." + shown;
        RecordComponent c = byName.get(key);
        if (c == null) {
          add(child, "unknown key" + suggestion(key, byName.keySet()));
          continue;
        }
        if (e.getValue().isNull()) {
          continue;
        }
        JsonNode checked = walk(e.getValue(), c.getGenericType(), child, fallback == null ? null : fallback.get(key));
        if (checked != null) {
          out.set(key, checked);
        }
      }
      return out;
    }
  }

  private static String suggestion(String key, java.util.Set<String> known) {
    String norm = key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    for (String k : known) {
      if (k.toLowerCase(Locale.ROOT).equals(norm)) {
        return " (did you mean '" + k + "'?)";
      }
    }
    return " (expected one of " + String.join(", ", known) + ")";
  }

  // ---- completeness -------------------------------------------------------------------------

  /** Reports any null left in the loaded records: a loaded config has every field set. */
  private static void nulls(Object value, Class<?> type, String path, Run run) {
    if (!type.isRecord() || value == null) {
      return;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      String child = path.isEmpty() ? c.getName() : path + "." + c.getName();
      Object v;
      try {
        v = c.getAccessor().invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + child, e);
      }
      if (v == null) {
        run.addUnlessReported(new ConfigViolation(child, "is required"));
      } else if (v instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          Object e = list.get(i);
          if (e == null) {
            run.addUnlessReported(new ConfigViolation(child + "[" + i + "]", "is required"));
          } else {
            nulls(e, e.getClass(), child + "[" + i + "]", run);
          }
        }
      } else {
        nulls(v, v.getClass(), child, run);
      }
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalStateException("config schema has an unsupported type " + type);
  }

  private static Type elementType(Type listType) {
    return ((ParameterizedType) listType).getActualTypeArguments()[0];
  }

  private static String pathOf(JsonMappingException e) {
    String p = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining());
    return p.isEmpty() ? "$" : p.startsWith(".") ? p.substring(1) : p;
  }

  private static String describe(JsonNode node) {
    String s = node.isTextual() ? "'" + node.textValue() + "'" : node.isContainerNode()
        ? (node.isArray() ? "a list" : "a mapping") : node.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  private static ConfigException single(String path, String message) {
    return new ConfigException(List.of(new ConfigViolation(path, message)));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  private static JsonNode readDefaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing class-path resource " + DEFAULTS_RESOURCE);
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULTS_RESOURCE, e);
    }
  }
}
