package org.doorstep.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorstep.fleet.testing.TestCiphers;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.enrol.EnrolmentApi;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.enrol.FleetCa;
import org.doorstep.fleet.ingest.IngestStats;
import org.doorstep.fleet.operators.OperatorService;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.testing.Rows;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestOperators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator authentication and authorisation on the real router (FleetApi + EnrolmentApi) over a real
 * SQLite store: 401 without a valid token, 403 for the wrong role or region, lists filtered by
 * region. Two devices: one in Guangzhou (440106), one in Beijing (110101).
 */
@ExtendWith(VertxExtension.class)
class OperatorAuthIT {
  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  @TempDir
  Path dir;

  private FleetStores store;
  private OperatorService operators;
  private HttpServer server;
  private WebClient client;
  private final TestKiosk guangzhou = TestKiosk.create("kiosk-gz");
  private final TestKiosk beijing = TestKiosk.create("kiosk-bj");
  private String beijingRecord;

  @BeforeEach
  void setUp(Vertx vertx) {
    store = await(FleetStores.sqlite(vertx, dir.resolve("fleet.db"), TestCiphers.aes()));
    DeviceRegistry registry = new DeviceRegistry(store.devices(), Clock.systemUTC());
    await(registry.register(guangzhou.deviceId(), guangzhou.publicKeyPem(), "440106"));
    await(registry.register(beijing.deviceId(), beijing.publicKeyPem(), "110101"));
    var bjRecord = beijing.record(1, "certification", T0.plusSeconds(1));
    beijingRecord = bjRecord.recordId();
    await(store.records().storeBatch(List.of(Rows.row(guangzhou.record(1, "certification", T0), T0), Rows.row(bjRecord, T0))));
    operators = new OperatorService(store.operators(), Clock.systemUTC());
    DeviceCa ca = FleetCa.loadOrCreate(dir.resolve("ca"), CryptoSuite.STANDARD, Clock.systemUTC());
    IngestStats stats = new IngestStats(0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0);
    Router router = FleetApi.router(vertx, registry, store.records(), operators,
        new org.doorstep.fleet.signin.SignInService(vertx, new org.doorstep.fleet.signin.SignInStore(store.database()),
            org.doorstep.fleet.signin.SignInPolicy.DEFAULT, Clock.systemUTC()),
        () -> new FleetStatus("embedded", Optional.of(1), Optional.empty(), store.kind(), stats));
    EnrolmentApi.mount(router, new EnrolmentService(vertx, store.enrolment(), ca,
        FleetCa.tlsCa(dir.resolve("ca"), ca, Clock.systemUTC()), Clock.systemUTC(),
        DeviceCa.DEFAULT_DEVICE_VALIDITY));
    server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    client.close();
    await(server.close());
    await(store.close());
  }

  private HttpRequest<Buffer> get(String uri) {
    return client.get(server.actualPort(), "127.0.0.1", uri);
  }

  private HttpRequest<Buffer> post(String uri) {
    return client.post(server.actualPort(), "127.0.0.1", uri);
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String reason) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.bodyAsJsonObject().getString("reason")).isEqualTo(reason);
  }

  private static List<String> deviceIds(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("deviceId")).toList();
  }

  @Test
  void api_without_token_is_401_with_a_bearer_challenge_and_health_stays_open() {
    HttpResponse<Buffer> r = await(get("/api/devices").send());

    assertRefused(r, 401, "NO_TOKEN");
    assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertRefused(await(get("/api/records").send()), 401, "NO_TOKEN");
    assertRefused(await(post("/api/enrolment-tokens").sendJsonObject(new JsonObject())), 401, "NO_TOKEN");
    assertThat(await(get("/health").send()).statusCode()).isEqualTo(200);
  }

  @Test
  void unknown_token_is_401() {
    assertRefused(await(get("/api/devices").bearerTokenAuthentication("dso_not-a-real-token").send()), 401,
        "UNKNOWN_TOKEN");
  }

  @Test
  void revoked_operator_token_is_401_from_the_next_request() {
    String token = TestOperators.token(store.operators(), Role.AUDITOR, "86");
    assertThat(await(get("/api/devices").bearerTokenAuthentication(token).send()).statusCode()).isEqualTo(200);
    String name = await(operators.list()).get(0).name();

    await(operators.revoke(name));

    assertRefused(await(get("/api/devices").bearerTokenAuthentication(token).send()), 401, "TOKEN_REVOKED");
  }

  @Test
  void auditor_reads_but_may_not_revoke_or_issue_tokens() {
    String auditor = TestOperators.token(store.operators(), Role.AUDITOR, "86");

    assertThat(deviceIds(await(get("/api/devices").bearerTokenAuthentication(auditor).send())))
        .containsExactly("kiosk-bj", "kiosk-gz");
    assertRefused(await(post("/api/devices/kiosk-gz/revoke").bearerTokenAuthentication(auditor).send()), 403,
        "FORBIDDEN_ROLE");
    assertRefused(await(post("/api/enrolment-tokens").bearerTokenAuthentication(auditor)
        .sendJsonObject(new JsonObject().put("deviceId", "kiosk-new").put("region", "440106"))), 403, "FORBIDDEN_ROLE");
    assertRefused(await(get("/api/operators").bearerTokenAuthentication(auditor).send()), 403, "FORBIDDEN_ROLE");
    assertThat(await(store.devices().findDevice("kiosk-gz")).orElseThrow().revoked()).isFalse();
  }

  @Test
  void operator_of_guangdong_sees_and_acts_only_on_guangdong_devices() {
    String gd = TestOperators.token(store.operators(), Role.FLEET_OPERATOR, "44");

    assertThat(deviceIds(await(get("/api/devices").bearerTokenAuthentication(gd).send()))).containsExactly("kiosk-gz");
    assertRefused(await(get("/api/devices?region=110101").bearerTokenAuthentication(gd).send()), 403,
        "FORBIDDEN_REGION");
    assertRefused(await(get("/api/devices/kiosk-bj").bearerTokenAuthentication(gd).send()), 403, "FORBIDDEN_REGION");
    assertThat(await(get("/api/devices/kiosk-gz").bearerTokenAuthentication(gd).send()).bodyAsJsonObject()
        .getString("deviceId")).isEqualTo("kiosk-gz");
    JsonObject counts = await(get("/api/devices/counts").bearerTokenAuthentication(gd).send()).bodyAsJsonObject();
    assertThat(counts.getLong("total")).as("Beijing's kiosk is not counted").isEqualTo(1);
    assertThat(counts.getJsonArray("regions").getJsonObject(0).getString("region")).startsWith("44");
    JsonArray records = await(get("/api/records").bearerTokenAuthentication(gd).send()).bodyAsJsonObject()
        .getJsonArray("items");
    assertThat(records.stream().map(o -> ((JsonObject) o).getString("deviceId")).toList()).containsExactly("kiosk-gz");
    assertRefused(await(get("/api/records/" + beijingRecord).bearerTokenAuthentication(gd).send()), 403,
        "FORBIDDEN_REGION");

    assertRefused(await(post("/api/devices/kiosk-bj/revoke").bearerTokenAuthentication(gd).send()), 403,
        "FORBIDDEN_REGION");
    assertRefused(await(post("/api/enrolment-tokens").bearerTokenAuthentication(gd)
        .sendJsonObject(new JsonObject().put("deviceId", "kiosk-bj-2").put("region", "110101"))), 403,
        "FORBIDDEN_REGION");
    assertThat(await(store.devices().findDevice("kiosk-bj")).orElseThrow().revoked()).isFalse();

    HttpResponse<Buffer> token = await(post("/api/enrolment-tokens").bearerTokenAuthentication(gd)
        .sendJsonObject(new JsonObject().put("deviceId", "kiosk-gz-2").put("region", "440106")));
    assertThat(token.statusCode()).isEqualTo(201);
    assertThat(token.bodyAsJsonObject().getString("tlsCaFingerprint")).hasSize(64);
    assertThat(await(post("/api/devices/kiosk-gz/revoke").bearerTokenAuthentication(gd).send()).statusCode())
        .isEqualTo(204);
  }

  @Test
  void regional_admin_creates_operators_only_within_its_region() {
    String gdAdmin = TestOperators.token(store.operators(), Role.ADMIN, "440000");

    HttpResponse<Buffer> national = await(post("/api/operators").bearerTokenAuthentication(gdAdmin)
        .sendJsonObject(new JsonObject().put("name", "bob").put("role", "AUDITOR").put("region", "86")));
    HttpResponse<Buffer> city = await(post("/api/operators").bearerTokenAuthentication(gdAdmin)
        .sendJsonObject(new JsonObject().put("name", "carol").put("role", "AUDITOR").put("region", "4401")));

    assertRefused(national, 403, "FORBIDDEN_REGION");
    assertThat(city.statusCode()).isEqualTo(201);
    String carol = city.bodyAsJsonObject().getString("token");
    JsonObject me = await(get("/api/me").bearerTokenAuthentication(carol).send()).bodyAsJsonObject();
    assertThat(me.getString("name")).isEqualTo("carol");
    assertThat(me.getString("region")).isEqualTo("4401");
    assertThat(me.getJsonArray("permissions").getList()).containsExactly("READ_ALARMS", "READ_DEVICES", "READ_METRICS",
        "READ_RECORDS");
    assertThat(deviceIds(await(get("/api/devices").bearerTokenAuthentication(carol).send()))).containsExactly("kiosk-gz");
  }

  @Test
  void device_routes_need_no_operator() {
    // Reaches the enrolment service (and its own refusal), not the operator check.
    HttpResponse<Buffer> enrol = await(post("/api/enrol").sendJsonObject(new JsonObject()));
    HttpResponse<Buffer> renew = await(post("/api/renew").sendJsonObject(new JsonObject().put("csrPem", "x")));

    assertRefused(enrol, 400, "MALFORMED");
    assertRefused(renew, 401, "CERTIFICATE_REQUIRED");
  }
}
