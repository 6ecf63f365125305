package org.doorstep.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.doorstep.fleet.testing.OpenApiRoutes;
import org.doorstep.fleet.testing.OpenApiRoutes.Coverage;
import org.doorstep.fleet.testing.OpenApiRoutes.Mounted;
import org.doorstep.fleet.testing.RunningFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI description covers the running fleet's router exactly (issue #12): every route
 * {@code FleetVerticle} mounted is described with its method, and every described operation is mounted. A
 * failure lists the missing operations ({@code POST /api/rollouts/{id}/pause}); describe them in
 * {@code src/main/resources/openapi/fleet-api.yaml}. And the description is served, open, at
 * {@code /api/openapi.json}.
 */
class OpenApiCoverageIT {
  @TempDir
  static Path dir;

  private static RunningFleet running;

  @BeforeAll
  static void start() {
    running = RunningFleet.start(dir);
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  @Test
  void every_mounted_route_is_described_and_every_described_operation_is_mounted() {
    List<Mounted> routes = running.fleet().httpRoutes().stream().map(Mounted::of).toList();

    Coverage c = OpenApiRoutes.compare(routes, OpenApiDescription.document());

    assertThat(c.complete()).as(c.report()).isTrue();
  }

  @Test
  void the_description_is_served_without_credentials_as_json() {
    HttpResponse<Buffer> r = running.get(null, OpenApiDescription.PATH);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(new JsonObject(r.bodyAsString())).isEqualTo(OpenApiDescription.document());
  }
}
