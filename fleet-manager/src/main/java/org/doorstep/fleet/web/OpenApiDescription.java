package org.doorstep.fleet.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The OpenAPI 3.1 description of every route the fleet mounts:
 * <pre>
 * GET /api/openapi.json    open: the description as JSON (application/json)
 * </pre>
 * The source is the YAML resource {@value #RESOURCE}, written by hand from the handlers and converted to JSON
 * once, when the route is mounted. The route is open ({@link OperatorAuth#OPEN_PATHS}): the document
 * describes the API that every installation runs and holds no data of the fleet (no device, record, operator
 * or key), like the console's page; API tools and client generators fetch it without an operator account.
 *
 * <p>What keeps it true: {@code web/OpenApiCoverageIT} fails when a route the running fleet has mounted is not
 * described here with its method, or a described operation is not mounted; {@code web/OpenApiContractTest}
 * validates the document as OpenAPI 3.1; {@code web/OpenApiConformanceIT} checks real answers against the
 * described schemas.
 */
public final class OpenApiDescription {
  /** The route's path. */
  public static final String PATH = "/api/openapi.json";
  /** The classpath resource the description is read from. */
  public static final String RESOURCE = "openapi/fleet-api.yaml";

  private final Buffer json;

  private OpenApiDescription(Buffer json) {
    this.json = json;
  }

  /**
   * The description as a JSON object, read and converted from {@value #RESOURCE}.
   *
   * @throws UncheckedIOException when the resource is missing or is not YAML (a broken build)
   */
  public static JsonObject document() {
    return new JsonObject(read().toString());
  }

  /**
   * Mounts {@link #PATH} on {@code router}. Reads the resource here, once (a few tens of KiB from the
   * application's jar, at start); the route then answers the same bytes every time.
   */
  public static void mount(Router router) {
    OpenApiDescription description = new OpenApiDescription(read());
    router.get(PATH).handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(description.json));
  }

  private static Buffer read() {
    try (InputStream in = Objects.requireNonNull(OpenApiDescription.class.getClassLoader().getResourceAsStream(RESOURCE),
        RESOURCE + ": not on the classpath")) {
      JsonNode tree = new YAMLMapper().readTree(in);
      return Buffer.buffer(new ObjectMapper().writeValueAsBytes(tree));
    } catch (IOException e) {
      throw new UncheckedIOException(RESOURCE + ": cannot be read as YAML: " + e.getMessage(), e);
    }
  }
}
