package org.doorstep.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.SseEvent;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.openapi.validation.ValidatorException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
    assertThat(r.bodyAsJsonObject().getJsonArray("items")).isNotEmpty();
    assertThat(r.bodyAsJsonObject().getLong("total")).isEqualTo(r.bodyAsJsonObject().getJsonArray("items").size());
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
  void writes_and_a_console_session_conform() {
    HttpResponse<Buffer> device = conforms(running.post(admin, "/api/devices", new JsonObject().put("deviceId", "kiosk-sz")
        .put("publicKeyPem", TestKiosk.create("kiosk-sz").publicKeyPem()).put("region", "440304")), "registerDevice");
    assertThat(device.statusCode()).isEqualTo(201);

    HttpResponse<Buffer> operator = conforms(running.post(admin, "/api/operators", new JsonObject().put("name", "li.wei")
        .put("role", "AUDITOR").put("region", "4403")), "createOperator");
    assertThat(operator.statusCode()).isEqualTo(201);
    String token = operator.bodyAsJsonObject().getString("token");
    HttpResponse<Buffer> password = conforms(await(running.request(HttpMethod.PUT, token, "/api/operators/li.wei/password")
        .sendJsonObject(new JsonObject().put("password", "correct horse battery"))), "setOperatorPassword");
    assertThat(password.statusCode()).isEqualTo(204);
    HttpResponse<Buffer> session = conforms(running.post(null, "/api/session",
        new JsonObject().put("name", "li.wei").put("password", "correct horse battery")), "signIn");
    assertThat(session.statusCode()).isEqualTo(200);
    String cookie = session.cookies().get(0).split(";")[0];
    HttpResponse<Buffer> withoutCsrf = conforms(await(running.request(HttpMethod.DELETE, null, "/api/session")
        .putHeader("Cookie", cookie).send()), "signOut");
    assertThat(withoutCsrf.bodyAsJsonObject().getString("reason")).isEqualTo("CSRF");
    HttpResponse<Buffer> signedOut = conforms(await(running.request(HttpMethod.DELETE, null, "/api/session")
        .putHeader("Cookie", cookie).putHeader("X-CSRF-Token", session.bodyAsJsonObject().getString("csrfToken"))
        .send()), "signOut");
    assertThat(signedOut.statusCode()).isEqualTo(204);

    HttpResponse<Buffer> badDocument = conforms(running.post(admin, "/api/config/versions",
        new JsonObject().put("document", new JsonObject().put("policy", new JsonObject().put("heartbeatInterval", "soon")))),
        "addConfigVersion");
    assertThat(badDocument.statusCode()).isEqualTo(400);

    HttpResponse<Buffer> rollout = conforms(running.post(admin, "/api/config/push",
        new JsonObject().put("document", new JsonObject()).put("note", "defaults")
            .put("filter", new JsonObject().put("region", "44")).put("canary", new io.vertx.core.json.JsonArray()
                .add("kiosk-sz")).put("groups", new io.vertx.core.json.JsonArray().add(new JsonObject().put("percent", 100)))
            .put("errorThreshold", new JsonObject().put("percent", 50)).put("approval", true)
            .put("window", new JsonObject().put("from", "00:00").put("to", "23:59"))), "pushConfig");
    assertThat(rollout.statusCode()).as(rollout.bodyAsString()).isEqualTo(201);
    assertThat(rollout.bodyAsJsonObject().getString("phase")).isEqualTo("WAITING_APPROVAL");
    String rolloutId = rollout.bodyAsJsonObject().getString("rolloutId");
    String rollouts = "/api/rollouts/" + rolloutId;
    HttpResponse<Buffer> oldPlan = conforms(running.post(admin, "/api/rollouts", new JsonObject()
        .put("version", rollout.bodyAsJsonObject().getLong("version")).put("waves", new io.vertx.core.json.JsonArray()
            .add(100))), "startRollout");
    assertThat(oldPlan.statusCode()).isEqualTo(400);
    assertThat(oldPlan.bodyAsJsonObject().getString("error")).startsWith("waves: no longer part");
    HttpResponse<Buffer> selfApproval = conforms(running.post(admin, rollouts + "/approve"), "approveRollout");
    assertThat(selfApproval.statusCode()).isEqualTo(403);
    assertThat(selfApproval.bodyAsJsonObject().getString("reason")).isEqualTo("SELF_APPROVAL");
    HttpResponse<Buffer> notApprover = conforms(running.post(guangzhou, rollouts + "/approve"), "approveRollout");
    assertThat(notApprover.bodyAsJsonObject().getString("reason")).isEqualTo("FORBIDDEN_ROLE");
    HttpResponse<Buffer> approved = conforms(running.post(running.token(Role.ROLLOUT_APPROVER, "44"),
        rollouts + "/approve"), "approveRollout");
    assertThat(approved.statusCode()).as(approved.bodyAsString()).isEqualTo(200);
    assertThat(approved.bodyAsJsonObject().getString("phase")).isEqualTo("RUNNING");
    conforms(running.get(admin, rollouts), "getRollout");
    conforms(running.get(admin, "/api/rollouts?phase=RUNNING,PAUSED"), "listRollouts");
    conforms(running.get(admin, "/api/devices/kiosk-sz/config"), "getDeviceConfigHistory");
    HttpResponse<Buffer> badReason = conforms(running.post(admin, rollouts + "/pause",
        new JsonObject().put("reason", 7)), "pauseRollout");
    assertThat(badReason.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> paused = conforms(running.post(admin, rollouts + "/pause",
        new JsonObject().put("reason", "printer firmware check")), "pauseRollout");
    assertThat(paused.bodyAsJsonObject().getString("phase")).as(paused.bodyAsString()).isEqualTo("PAUSED");
    HttpResponse<Buffer> bodiless = conforms(running.post(admin, rollouts + "/pause"), "pauseRollout");
    // The body of pause and halt is optional (docs/rollouts.md): a POST without one reaches the rollout, already
    // paused here (Vert.x 5 reports a missing body as length -1; it was answered 400 "body: must be a JSON object").
    assertThat(bodiless.statusCode()).as(bodiless.bodyAsString()).isEqualTo(409);
    assertThat(conforms(running.post(admin, rollouts + "/pause", new JsonObject()), "pauseRollout").statusCode())
        .isEqualTo(409);
    assertThat(conforms(running.post(admin, rollouts + "/resume"), "resumeRollout").statusCode()).isEqualTo(200);
    conforms(running.post(admin, rollouts + "/next-group"), "startNextRolloutGroup");
    HttpResponse<Buffer> rollback = conforms(running.post(admin, rollouts + "/rollback"), "rollbackRollout");
    assertThat(rollback.statusCode()).as(rollback.bodyAsString()).isEqualTo(201);
    assertThat(rollback.bodyAsJsonObject().getString("rollbackOf")).isEqualTo(rolloutId);
    assertThat(conforms(running.post(admin, rollouts + "/halt", new JsonObject()), "haltRollout").statusCode())
        .isEqualTo(409);
    assertThat(conforms(running.post(admin, "/api/rollouts/" + rollback.bodyAsJsonObject().getString("rolloutId")
        + "/halt", new JsonObject().put("reason", "done")), "haltRollout").statusCode()).isEqualTo(200);

    HttpResponse<Buffer> command = conforms(running.post(admin, "/api/commands",
        new JsonObject().put("deviceId", "kiosk-sz").put("name", "ping")), "sendCommand");
    assertThat(command.statusCode()).as(command.bodyAsString()).isEqualTo(201);
    conforms(running.get(admin, "/api/commands/" + command.bodyAsJsonObject().getString("commandId")), "getCommand");
    conforms(running.post(admin, "/api/devices/kiosk-sz/revoke"), "revokeDevice");
  }

  @Test
  void a_stored_record_with_its_masked_body_conforms() {
    TestKiosk kiosk = TestKiosk.create("kiosk-rec");
    await(running.fleet().devices().register("kiosk-rec", kiosk.publicKeyPem(), "440106"));
    running.fleet().pipeline().accept(kiosk.recordsTopic(), kiosk.signed(kiosk.nextRecord()));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> !running.get(admin, "/api/records?deviceId=kiosk-rec").bodyAsJsonObject().getJsonArray("items").isEmpty());

    HttpResponse<Buffer> page = conforms(running.get(admin, "/api/records?deviceId=kiosk-rec"), "findRecords");
    String recordId = page.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("recordId");
    HttpResponse<Buffer> record = conforms(running.get(admin, "/api/records/" + recordId), "findRecord");

    assertThat(record.bodyAsString()).doesNotContain(TestKiosk.RESIDENT_ID.unmasked());
  }

  @Test
  void a_device_event_of_the_live_feed_conforms_to_its_schema() throws Exception {
    Queue<SseEvent> events = new ConcurrentLinkedQueue<>();
    running.request(HttpMethod.GET, admin, "/api/events").as(BodyCodec.sseStream(stream -> stream.handler(events::add)))
        .send();
    TestKiosk kiosk = TestKiosk.create("kiosk-sse");
    await(running.fleet().devices().register("kiosk-sse", kiosk.publicKeyPem(), "440106"));

    // The feed listens from when its request arrived: send states through ingest until one is streamed.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
      running.fleet().pipeline().accept(kiosk.stateTopic(), kiosk.stateMessage(true, Instant.now()));
      return events.stream().anyMatch(e -> "device".equals(e.event()));
    });

    SseEvent event = events.stream().filter(e -> "device".equals(e.event())).findFirst().orElseThrow();
    JsonObject data = new JsonObject(event.data());
    assertThat(data.getString("deviceId")).isEqualTo("kiosk-sse");
    OpenApiRoutes.validate(OpenApiDescription.document(), "DeviceEvent", data).checkValidity();
  }

  @Test
  void an_answer_that_does_not_match_its_schema_is_refused() {
    // The checks above can fail: /api/me's answer is not a device list, nor is a 200 an answer DELETE
    // /api/session can give, nor is a numeric deviceId without the other members a device event.
    HttpResponse<Buffer> me = running.get(admin, "/api/me");

    assertThatThrownBy(() -> conforms(me, "listDevices")).isInstanceOf(ValidatorException.class);
    assertThatThrownBy(() -> conforms(me, "signOut")).isInstanceOf(ValidatorException.class);
    assertThatThrownBy(() -> OpenApiRoutes.validate(OpenApiDescription.document(), "DeviceEvent",
        new JsonObject().put("deviceId", 7)).checkValidity())
        .isInstanceOf(io.vertx.json.schema.JsonSchemaValidationException.class);
  }
}
