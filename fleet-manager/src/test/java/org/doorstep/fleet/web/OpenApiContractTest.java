package org.doorstep.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIContractException;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.doorstep.fleet.testing.OpenApiRoutes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet's OpenAPI description ({@link OpenApiDescription#RESOURCE}) is valid OpenAPI 3.1: vertx-openapi
 * validates it against the 3.1 schema and resolves every {@code $ref}; and it says what each operation needs
 * (an id, an English summary and description, the authentication refusals of a protected route).
 * Uses Vert.x only because vertx-openapi does.
 */
class OpenApiContractTest {
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    await(vertx.close());
  }

  @Test
  void description_is_valid_openapi_3_1() {
    OpenAPIContract contract = await(OpenApiRoutes.contract(vertx, OpenApiDescription.document()));

    assertThat(contract.getVersion()).isEqualTo(OpenAPIVersion.V3_1);
    assertThat(contract.getRawContract().getString("openapi")).isEqualTo("3.1.0");
    assertThat(contract.operations()).hasSize(OpenApiRoutes.described(OpenApiDescription.document()).size());
  }

  @Test
  void a_broken_description_is_refused() {
    // The check above can fail: the same document with one operation's responses removed is not OpenAPI.
    JsonObject broken = OpenApiDescription.document();
    broken.getJsonObject("paths").getJsonObject("/api/devices").getJsonObject("get").remove("responses");

    assertThatThrownBy(() -> await(OpenApiRoutes.contract(vertx, broken)))
        .isInstanceOf(OpenAPIContractException.class);
  }

  @Test
  void every_operation_has_an_id_a_summary_and_a_description() {
    OpenAPIContract contract = await(OpenApiRoutes.contract(vertx, OpenApiDescription.document()));
    List<String> missing = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Operation op : contract.operations()) {
      JsonObject model = op.getOpenAPIModel();
      String name = op.getHttpMethod() + " " + op.getOpenAPIPath();
      if (!ids.add(op.getOperationId())) {
        missing.add(name + ": operationId " + op.getOperationId() + " used twice");
      }
      for (String member : List.of("summary", "description")) {
        if (model.getString(member, "").isBlank()) {
          missing.add(name + ": no " + member);
        }
      }
    }
    assertThat(missing).as("operations lacking what a reader needs").isEmpty();
  }

  @Test
  void every_protected_operation_describes_its_authentication_refusal() {
    JsonObject paths = OpenApiDescription.document().getJsonObject("paths");
    List<String> missing = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || !op.containsKey("responses")) {
          continue;
        }
        JsonArray security = op.getJsonArray("security");
        boolean open = security != null && security.isEmpty();
        if (!open && !op.getJsonObject("responses").containsKey("401")) {
          missing.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
        }
      }
    }
    assertThat(missing).as("protected operations without a 401 response").isEmpty();
  }
}
