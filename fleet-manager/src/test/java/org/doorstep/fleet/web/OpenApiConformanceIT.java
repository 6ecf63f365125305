package org.doorstep.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.openapi.validation.ValidatorException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.testing.OpenApiRoutes;
import org.doorstep.fleet.testing.RunningFleet;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real answers of a running fleet conform to the schemas the OpenAPI description gives them (vertx-openapi's
 * {@link ResponseValidator}: status described, content type described, body valid against the schema):
 * successes with data in them (a registered device, a raised alarm) and the refusals 401, 403
 * {@code FORBIDDEN_REGION}, 400 and 404 with the one error body.
 */
class OpenApiConformanceIT {
  @TempDir
  static Path dir;

  private static RunningFleet running;
  private static Vertx vertx;
  private static ResponseValidator validator;
  private static String admin;
  private static String guangzhou;
  private static String alarmId;

  @BeforeAll
  static void start() {
    running = RunningFleet.start(dir);
    vertx = Vertx.vertx();
    validator = ResponseValidator.create(vertx, await(OpenApiRoutes.contract(vertx, OpenApiDescription.document())));
    admin = running.token(Role.ADMIN, "86");
    guangzhou = running.token(Role.FLEET_OPERATOR, "4401");
    FleetVerticle fleet = running.fleet();
    // A kiosk in Tianhe (Guangzhou) out of paper: a device with a state and an active alarm.
    TestKiosk kiosk = TestKiosk.create("kiosk-gz");
    await(fleet.devices().register("kiosk-gz", kiosk.publicKeyPem(), "440106001001"));
    fleet.alarms().state("kiosk-gz", new DeviceState("kiosk-gz", true, "0.1.0", 1, Map.of("printer", "HWERROR"), 0,
        Instant.now(), Map.of("printer", "PAPER_OUT"), Optional.empty()));
    await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.alarms().active().isEmpty());
    alarmId = fleet.alarms().active().iterator().next().id();
  }

  @AfterAll
  static void stop() {
    running.close();
    await(vertx.close());
  }

  /**
   * Validates {@code r} as an answer of {@code operationId}; fails the test with the validator's reason. The
   * content type goes in without its parameters ({@code text/plain; version=0.0.4} is described as
   * {@code text/plain}): vertx-openapi looks the response's media type up by that exact string.
   */
  private static HttpResponse<Buffer> conforms(HttpResponse<Buffer> r, String operationId) {
    Map<String, String> headers = new LinkedHashMap<>();
    r.headers().forEach(e -> headers.putIfAbsent(e.getKey(), e.getValue()));
    ValidatableResponse answer = r.body() == null || r.body().length() == 0
        ? ValidatableResponse.create(r.statusCode(), headers)
        : ValidatableResponse.create(r.statusCode(), headers, r.body(), r.getHeader("Content-Type").split(";")[0].strip());
    await(validator.validate(answer, operationId));
    return r;
  }

  @Test
  void device_list_with_a_device_conforms() {
    HttpResponse<Buffer> r = conforms(running.get(admin, "/api/devices"), "listDevices");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(r.bodyAsJsonObject().getLong("total")).isEqualTo(1);
    String id = r.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("deviceId");
    assertThat(conforms(running.get(admin, "/api/devices/" + id), "getDevice").statusCode()).isEqualTo(200);
    assertThat(conforms(running.get(admin, "/api/devices?status=online&q=kiosk&limit=10&offset=0"), "listDevices")
        .statusCode()).isEqualTo(200);
    assertThat(conforms(running.get(admin, "/api/devices/counts"), "countDevices").statusCode()).isEqualTo(200);
    assertThat(conforms(running.get(admin, "/api/devices?limit=501"), "listDevices").statusCode()).isEqualTo(400);
    assertThat(conforms(running.get(admin, "/api/devices/no-such-kiosk"), "getDevice").statusCode()).isEqualTo(404);
  }

  @Test
  void alarm_list_count_one_alarm_and_acknowledge_conform() {
    HttpResponse<Buffer> list = conforms(running.get(guangzhou, "/api/alarms"), "listAlarms");
    assertThat(list.bodyAsJsonObject().getJsonArray("items")).hasSize(1);

    conforms(running.get(guangzhou, "/api/alarms/counts"), "countAlarms");
    conforms(running.get(guangzhou, "/api/alarms/" + alarmId), "getAlarm");
    HttpResponse<Buffer> acked = conforms(running.post(guangzhou, "/api/alarms/" + alarmId + "/ack"), "acknowledgeAlarm");
    assertThat(acked.bodyAsJsonObject().getString("acknowledgedBy")).isNotBlank();
  }

  @Test
  void refusals_conform_to_the_error_body() {
    HttpResponse<Buffer> outside = conforms(running.get(guangzhou, "/api/alarms?region=45"), "listAlarms");
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(outside.bodyAsJsonObject().getString("reason")).isEqualTo("FORBIDDEN_REGION");

    HttpResponse<Buffer> anonymous = conforms(running.get(null, "/api/devices"), "listDevices");
    assertThat(anonymous.statusCode()).isEqualTo(401);

    HttpResponse<Buffer> unknownParameter = conforms(running.get(admin, "/api/records?device=kiosk-gz"), "findRecords");
    assertThat(unknownParameter.statusCode()).isEqualTo(400);

    HttpResponse<Buffer> unknown = conforms(running.get(admin, "/api/alarms/no-such-alarm"), "getAlarm");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void other_reads_and_an_enrolment_token_conform() {
    conforms(running.get(null, "/health"), "getHealth");
    conforms(running.get(admin, "/api/me"), "getMe");
    conforms(running.get(admin, "/api/ca"), "getCaCertificates");
    conforms(running.get(admin, "/api/operators"), "listOperators");
    conforms(running.get(admin, "/api/records"), "findRecords");
    conforms(running.get(admin, "/api/rollouts"), "listRollouts");
    conforms(running.get(admin, "/api/config/versions"), "listConfigVersions");
    conforms(running.get(admin, "/api/commands"), "listCommands");
    conforms(running.get(null, "/api/device/sequence"), "getDeviceSequence"); // no client certificate: 401
    HttpResponse<Buffer> token = conforms(running.post(admin, "/api/enrolment-tokens",
        new JsonObject().put("deviceId", "kiosk-new").put("region", "440106")), "issueEnrolmentToken");
    assertThat(token.statusCode()).isEqualTo(201);
    conforms(running.get(admin, "/metrics"), "getMetrics");
    conforms(running.get(null, "/"), "getConsolePage");
    conforms(running.get(null, OpenApiDescription.PATH), "getOpenApi");
  }

  @Test
  void an_answer_that_does_not_match_its_schema_is_refused() {
    // The checks above can fail: /api/me's answer is not a device list, nor is a 200 an answer DELETE
    // /api/session can give.
    HttpResponse<Buffer> me = running.get(admin, "/api/me");

    assertThatThrownBy(() -> conforms(me, "listDevices")).isInstanceOf(ValidatorException.class);
    assertThatThrownBy(() -> conforms(me, "signOut")).isInstanceOf(ValidatorException.class);
  }
}
