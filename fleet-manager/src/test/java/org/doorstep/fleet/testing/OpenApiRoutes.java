package org.doorstep.fleet.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.mediatype.ContentAnalyser;
import io.vertx.openapi.mediatype.MediaTypeRegistration;
import io.vertx.openapi.mediatype.MediaTypeRegistry;
import io.vertx.openapi.validation.ValidationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet's OpenAPI description as tests see it: operations as {@code "GET /api/devices/{id}"} keys, the
 * routes a Vert.x router mounted as the same keys, the comparison of both, and the vertx-openapi contract with
 * the media types the fleet answers beyond vertx-openapi's defaults.
 *
 * <p>Keys: a Vert.x {@code :name} parameter is the OpenAPI {@code {name}}; a Vert.x prefix route
 * ({@code /static/*}) is the OpenAPI path item marked {@value #WILDCARD} ({@code /static/{file}}), and both are
 * keyed with the Vert.x spelling {@code /static/*}.
 */
public final class OpenApiRoutes {
  /** The path-item extension that says "mounted as a prefix route: every path below, not one segment". */
  public static final String WILDCARD = "x-vertx-wildcard";
  /**
   * Method-less prefix routes that only pass requests on and answer none themselves: on {@code /api/*} the body
   * parser and {@code web/OperatorAuth}. Any other method-less route is reported, because it would answer
   * every method without being described.
   */
  public static final Set<String> PASS_THROUGH_PREFIXES = Set.of("/api/");

  private static final Set<String> OPERATION_KEYS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
      "trace");
  private static final Pattern VERTX_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");
  /**
   * Text media types the fleet answers: the metrics, the page, the SSE stream, OpenMetrics and the static files'
   * range. Their bodies reach the validator as strings (vertx-openapi's own text/plain hands the schema a
   * Buffer, which its JSON Schema validator refuses).
   */
  private static final List<String> TEXT_TYPES = List.of("text/plain", "text/html", "text/event-stream",
      "application/openmetrics-text", "*/*");

  private OpenApiRoutes() {}

  /** What the two sides disagree on; both empty when the description covers exactly the mounted routes. */
  public record Coverage(Set<String> notDescribed, Set<String> notMounted, Set<String> unexpectedCatchAll) {
    public boolean complete() {
      return notDescribed.isEmpty() && notMounted.isEmpty() && unexpectedCatchAll.isEmpty();
    }

    /** For a failing assertion: every missing operation, one a line. */
    public String report() {
      StringBuilder b = new StringBuilder();
      if (!notDescribed.isEmpty()) {
        b.append("Mounted but not described in openapi/fleet-api.yaml:\n");
        notDescribed.forEach(k -> b.append("  ").append(k).append('\n'));
      }
      if (!notMounted.isEmpty()) {
        b.append("Described in openapi/fleet-api.yaml but not mounted:\n");
        notMounted.forEach(k -> b.append("  ").append(k).append('\n'));
      }
      if (!unexpectedCatchAll.isEmpty()) {
        b.append("Routes without a method (they answer every method; mount them with one):\n");
        unexpectedCatchAll.forEach(k -> b.append("  ").append(k).append('\n'));
      }
      return b.toString();
    }
  }

  /** One mounted route: its methods (empty: every method), its Vert.x path and whether it is exact. */
  public record Mounted(Set<String> methods, String path, boolean exact) {
    public static Mounted of(Route r) {
      Set<String> methods = new TreeSet<>();
      if (r.methods() != null) {
        r.methods().forEach(m -> methods.add(m.name()));
      }
      return new Mounted(methods, r.getPath() == null ? "(regex " + r + ")" : r.getPath(), r.isExactPath());
    }
  }

  /** The operations of {@code document}, as {@code "METHOD /path"} keys. */
  public static Set<String> described(JsonObject document) {
    Set<String> keys = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      String key = item.getBoolean(WILDCARD, false) ? path.substring(0, path.lastIndexOf('/') + 1) + "*" : path;
      for (String op : item.fieldNames()) {
        if (OPERATION_KEYS.contains(op)) {
          keys.add(op.toUpperCase(Locale.ROOT) + " " + key);
        }
      }
    }
    return keys;
  }

  /** Compares the mounted routes with the operations of {@code document}. */
  public static Coverage compare(List<Mounted> routes, JsonObject document) {
    Set<String> mounted = new TreeSet<>();
    Set<String> catchAll = new TreeSet<>();
    for (Mounted r : routes) {
      String path = openApiPath(r.path()) + (r.exact() ? "" : "*");
      if (r.methods().isEmpty()) {
        if (r.exact() || !PASS_THROUGH_PREFIXES.contains(r.path())) {
          catchAll.add("* " + path);
        }
        continue;
      }
      r.methods().forEach(m -> mounted.add(m + " " + path));
    }
    Set<String> described = described(document);
    Set<String> notDescribed = new TreeSet<>(mounted);
    notDescribed.removeAll(described);
    Set<String> notMounted = new TreeSet<>(described);
    notMounted.removeAll(mounted);
    return new Coverage(notDescribed, notMounted, catchAll);
  }

  /** {@code /api/devices/:id/revoke} → {@code /api/devices/{id}/revoke}. */
  public static String openApiPath(String vertxPath) {
    Matcher m = VERTX_PARAM.matcher(vertxPath);
    return m.replaceAll("{$1}");
  }

  /** The vertx-openapi contract of {@code document}: JSON, and the fleet's text media types as strings. */
  public static Future<OpenAPIContract> contract(Vertx vertx, JsonObject document) {
    MediaTypeRegistry registry = MediaTypeRegistry.createEmpty()
        .register(MediaTypeRegistration.APPLICATION_JSON)
        .register(MediaTypeRegistration.VENDOR_SPECIFIC_JSON);
    TEXT_TYPES.forEach(t -> registry.register(new Text(t)));
    return OpenAPIContract.builder(vertx).setContract(document).mediaTypeRegistry(registry).build();
  }

  /**
   * Validates {@code value} against the schema {@code components/schemas/<name>} of {@code document} (JSON Schema
   * 2020-12, as OpenAPI 3.1 uses it): for what no operation answers directly, like one event of a stream.
   *
   * @return the validator's output; {@code checkValidity()} throws with the reasons
   */
  public static io.vertx.json.schema.OutputUnit validate(JsonObject document, String name, Object value) {
    JsonObject schema = document.copy().put("$ref", "#/components/schemas/" + name);
    return io.vertx.json.schema.Validator.create(io.vertx.json.schema.JsonSchema.of(schema),
        new io.vertx.json.schema.JsonSchemaOptions().setDraft(io.vertx.json.schema.Draft.DRAFT202012)
            .setBaseUri("app://fleet-api")).validate(value);
  }

  /** A media type whose body is a UTF-8 string to the validator. */
  private record Text(String type) implements MediaTypeRegistration {
    @Override
    public ContentAnalyser createContentAnalyser(String contentType, Buffer content, ValidationContext context) {
      return new ContentAnalyser() {
        @Override
        public void checkSyntacticalCorrectness() {
          // any text
        }

        @Override
        public Object transform() {
          return content.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
      };
    }

    @Override
    public boolean canHandle(String mediaType) {
      return mediaType != null && mediaType.split(";")[0].strip().equalsIgnoreCase(type);
    }

    @Override
    public List<String> supportedTypes() {
      return new ArrayList<>(List.of(type));
    }
  }
}
