package org.doorstep.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.doorstep.fleet.testing.OpenApiRoutes;
import org.doorstep.fleet.testing.OpenApiRoutes.Coverage;
import org.doorstep.fleet.testing.OpenApiRoutes.Mounted;
import org.junit.jupiter.api.Test;

/**
 * The comparison {@code OpenApiCoverageIT} relies on, without a fleet: routes as a Vert.x router reports them
 * against the real description, and that each kind of difference is reported by name.
 */
class OpenApiRoutesTest {
  private static final JsonObject DOCUMENT = OpenApiDescription.document();

  /** The routes a router would report if it mounted exactly what the description describes. */
  private static List<Mounted> routesOf(JsonObject document) {
    List<Mounted> routes = new ArrayList<>();
    routes.add(new Mounted(Set.of(), "/api/", false)); // the body parser and OperatorAuth
    for (String key : OpenApiRoutes.described(document)) {
      String method = key.substring(0, key.indexOf(' '));
      String path = key.substring(key.indexOf(' ') + 1).replaceAll("\\{([A-Za-z0-9_]+)}", ":$1");
      boolean prefix = path.endsWith("*");
      routes.add(new Mounted(Set.of(method), prefix ? path.substring(0, path.length() - 1) : path, !prefix));
    }
    return routes;
  }

  @Test
  void vertx_parameters_become_openapi_templates() {
    assertThat(OpenApiRoutes.openApiPath("/api/devices/:id/revoke")).isEqualTo("/api/devices/{id}/revoke");
    assertThat(OpenApiRoutes.openApiPath("/api/operators/:name/password")).isEqualTo("/api/operators/{name}/password");
    assertThat(OpenApiRoutes.openApiPath("/health")).isEqualTo("/health");
  }

  @Test
  void the_wildcard_page_route_is_keyed_as_vertx_mounts_it() {
    assertThat(OpenApiRoutes.described(DOCUMENT)).contains("GET /static/*", "GET /", "GET /api/devices/{id}/config")
        .doesNotContain("GET /static/{file}");
  }

  @Test
  void exactly_the_described_routes_are_complete() {
    Coverage c = OpenApiRoutes.compare(routesOf(DOCUMENT), DOCUMENT);

    assertThat(c.complete()).as(c.report()).isTrue();
  }

  @Test
  void a_path_removed_from_the_description_is_reported_as_not_described() {
    JsonObject withoutOne = DOCUMENT.copy();
    withoutOne.getJsonObject("paths").remove("/api/alarms/{id}/ack");

    Coverage c = OpenApiRoutes.compare(routesOf(DOCUMENT), withoutOne);

    assertThat(c.complete()).isFalse();
    assertThat(c.notDescribed()).containsExactly("POST /api/alarms/{id}/ack");
    assertThat(c.report()).contains("Mounted but not described", "POST /api/alarms/{id}/ack");
  }

  @Test
  void a_route_not_mounted_and_a_route_taking_every_method_are_reported() {
    List<Mounted> routes = new ArrayList<>(routesOf(DOCUMENT));
    routes.removeIf(r -> r.path().equals("/api/rollouts/:id/halt"));
    routes.add(new Mounted(Set.of(), "/api/rollouts/:id/pause", true));
    routes.add(new Mounted(Set.of("POST"), "/api/rollouts/:id/cancel", true));

    Coverage c = OpenApiRoutes.compare(routes, DOCUMENT);

    assertThat(c.notMounted()).containsExactly("POST /api/rollouts/{id}/halt");
    assertThat(c.notDescribed()).containsExactly("POST /api/rollouts/{id}/cancel");
    assertThat(c.unexpectedCatchAll()).containsExactly("* /api/rollouts/{id}/pause");
  }
}
