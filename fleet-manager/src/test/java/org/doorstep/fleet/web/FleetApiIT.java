package org.doorstep.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorstep.fleet.testing.TestCiphers;
import org.doorstep.config.contract.Ack;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.ingest.IngestStats;
import org.doorstep.fleet.operators.OperatorService;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.store.StoredRecord;
import org.doorstep.fleet.testing.Rows;
import org.doorstep.fleet.testing.TestOperators;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The REST API over a real SQLite store, through a real HTTP server on a free port. */
@ExtendWith(VertxExtension.class)
class FleetApiIT {
  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  @TempDir
  Path dir;

  private FleetStores store;
  private DeviceRegistry registry;
  private HttpServer server;
  private WebClient client;
  private String admin;
  private final TestKiosk kiosk = TestKiosk.create("kiosk-1");

  @BeforeEach
  void setUp(Vertx vertx) {
    store = await(FleetStores.sqlite(vertx, dir.resolve("fleet.db"), TestCiphers.aes()));
    registry = new DeviceRegistry(store.devices(), Clock.systemUTC());
    IngestStats stats = new IngestStats(3, 2, 1, Map.of(Ack.RejectReason.BAD_SIGNATURE, 1L), 0, 0, 0, 0, 1, 0, 0, 0);
    server = await(vertx.createHttpServer()
        .requestHandler(FleetApi.router(vertx, registry, store.records(), new OperatorService(store.operators(), Clock.systemUTC()),
            new org.doorstep.fleet.signin.SignInService(vertx, new org.doorstep.fleet.signin.SignInStore(store.database()),
                org.doorstep.fleet.signin.SignInPolicy.DEFAULT, Clock.systemUTC()),
            () -> new FleetStatus("embedded", Optional.of(41883), Optional.empty(), store.kind(), stats)))
        .listen(0));
    client = WebClient.create(vertx);
    admin = TestOperators.admin(store.operators());
  }

  @AfterEach
  void tearDown() {
    client.close();
    await(server.close());
    await(store.close());
  }

  private HttpResponse<Buffer> get(String uri) {
    return await(client.get(server.actualPort(), "127.0.0.1", uri).bearerTokenAuthentication(admin).send());
  }

  private HttpResponse<Buffer> postDevice(JsonObject body) {
    return await(client.post(server.actualPort(), "127.0.0.1", "/api/devices").bearerTokenAuthentication(admin)
        .sendJsonObject(body));
  }

  private JsonObject registration(TestKiosk k, String region) {
    return new JsonObject().put("deviceId", k.deviceId()).put("publicKeyPem", k.publicKeyPem()).put("region", region);
  }

  @Test
  void device_is_registered_once_then_listed() {
    HttpResponse<Buffer> created = postDevice(registration(kiosk, "cn-110105"));
    HttpResponse<Buffer> again = postDevice(registration(kiosk, "cn-110105"));
    HttpResponse<Buffer> clash = postDevice(registration(TestKiosk.create("kiosk-1"), "cn-110105"));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("algorithm")).isEqualTo("Ed25519");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(clash.statusCode()).isEqualTo(409);

    await(store.devices().saveState("kiosk-1", true, "{\"online\":true}", T0));
    JsonArray devices = get("/api/devices").bodyAsJsonObject().getJsonArray("items");
    assertThat(devices).hasSize(1);
    JsonObject d = devices.getJsonObject(0);
    assertThat(d.getString("deviceId")).isEqualTo("kiosk-1");
    assertThat(d.getString("region")).isEqualTo("cn-110105");
    assertThat(d.getString("keyId")).hasSize(16);
    assertThat(d.getBoolean("online")).isTrue();
    assertThat(d.getJsonObject("lastState").getBoolean("online")).isTrue();
    assertThat(d.getString("lastSeen")).isEqualTo(T0.toString());
  }

  @Test
  void device_list_pages_filters_and_refuses_bad_parameters() {
    postDevice(registration(kiosk, "110105"));
    postDevice(registration(TestKiosk.create("kiosk-2"), "110106"));
    postDevice(registration(TestKiosk.create("other-3"), "440106"));
    await(store.devices().saveState("kiosk-2", true, "{\"online\":true}", T0));

    JsonObject page = get("/api/devices?limit=2&offset=1").bodyAsJsonObject();
    assertThat(page.getLong("total")).isEqualTo(3);
    assertThat(page.getInteger("limit")).isEqualTo(2);
    assertThat(page.getInteger("offset")).isEqualTo(1);
    assertThat(page.getBoolean("hasMore")).isFalse();
    assertThat(page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("deviceId")))
        .containsExactly("kiosk-2", "other-3");
    JsonObject online = get("/api/devices?region=11&status=online&q=KIOSK").bodyAsJsonObject();
    assertThat(online.getLong("total")).isEqualTo(1);
    assertThat(online.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("online");
    assertThat(get("/api/devices/kiosk-2").bodyAsJsonObject().getBoolean("online")).isTrue();
    JsonObject counts = get("/api/devices/counts").bodyAsJsonObject();
    assertThat(counts.getLong("total")).isEqualTo(3);
    assertThat(counts.getJsonObject("byStatus").getLong("never-seen")).isEqualTo(2);

    assertThat(get("/api/devices/no-such").statusCode()).isEqualTo(404);
    assertThat(get("/api/devices/no-such").bodyAsJsonObject().getString("reason")).isEqualTo("NOT_FOUND");
    for (String bad : List.of("limit=0", "limit=501", "limit=ten", "offset=-1", "status=asleep", "region=4a",
        "q=%25", "device=kiosk-1", "limit=5&limit=6")) {
      HttpResponse<Buffer> r = get("/api/devices?" + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("error")).as(bad).isNotBlank();
    }
    assertThat(get("/api/devices?status=asleep").bodyAsJsonObject().getString("error"))
        .isEqualTo("status: must be one of online, offline, never-seen, revoked, was 'asleep'");
  }

  @Test
  void device_whose_enrolment_is_refused_is_listed_as_enrolment_failing_until_it_enrols() {
    postDevice(registration(kiosk, "cn-110105"));
    assertThat(get("/api/devices").bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getJsonObject("enrolment").getString("state"))
        .isEqualTo("OK");

    registry.enrolmentFailures().refused("kiosk-1", "TOKEN_EXPIRED", "token: expired at 2026-01-01T00:00:00Z");
    registry.enrolmentFailures().refused("kiosk-1", "TOKEN_EXPIRED", "token: expired at 2026-01-01T00:00:00Z");
    JsonObject failing = get("/api/devices").bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getJsonObject("enrolment");

    assertThat(failing.getString("state")).isEqualTo("FAILING");
    assertThat(failing.getString("reason")).isEqualTo("TOKEN_EXPIRED");
    assertThat(failing.getString("detail")).contains("expired");
    assertThat(failing.getInteger("attempts")).isEqualTo(2);
    assertThat(failing.getString("at")).isNotBlank();

    registry.enrolmentFailures().succeeded("kiosk-1");
    assertThat(get("/api/devices").bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getJsonObject("enrolment").getString("state"))
        .isEqualTo("OK");
  }

  @Test
  void revoked_device_is_listed_as_revoked_and_unknown_ids_are_404() {
    postDevice(registration(kiosk, "cn-110105"));

    int revoked = await(client.post(server.actualPort(), "127.0.0.1", "/api/devices/kiosk-1/revoke")
        .bearerTokenAuthentication(admin).send()).statusCode();
    int unknown = await(client.post(server.actualPort(), "127.0.0.1", "/api/devices/kiosk-9/revoke")
        .bearerTokenAuthentication(admin).send()).statusCode();

    assertThat(revoked).isEqualTo(204);
    assertThat(unknown).isEqualTo(404);
    assertThat(get("/api/devices").bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getBoolean("revoked")).isTrue();
    assertThat(registry.cached("kiosk-1")).hasValueSatisfying(k -> assertThat(k.revoked()).isTrue());
  }

  @Test
  void revoked_device_is_offline_whatever_it_last_reported() {
    postDevice(registration(kiosk, "cn-110105"));
    await(store.devices().saveState("kiosk-1", true, "{\"online\":true}", T0));
    assertThat(get("/api/devices").bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getBoolean("online")).isTrue();

    await(client.post(server.actualPort(), "127.0.0.1", "/api/devices/kiosk-1/revoke")
        .bearerTokenAuthentication(admin).send());

    JsonObject d = get("/api/devices").bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(d.getBoolean("revoked")).isTrue();
    assertThat(d.getBoolean("online")).isFalse();
  }

  @Test
  void invalid_registrations_are_400_naming_the_field() {
    HttpResponse<Buffer> badPem = postDevice(new JsonObject().put("deviceId", "k").put("publicKeyPem", "x").put("region", "r"));
    HttpResponse<Buffer> badId = postDevice(registration(TestKiosk.create("has space"), "r"));
    HttpResponse<Buffer> notJson = await(client.post(server.actualPort(), "127.0.0.1", "/api/devices")
        .bearerTokenAuthentication(admin).sendBuffer(Buffer.buffer("nope")));

    assertThat(badPem.statusCode()).isEqualTo(400);
    assertThat(badPem.bodyAsJsonObject().getString("error")).startsWith("publicKeyPem:");
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.bodyAsJsonObject().getString("error")).startsWith("deviceId:");
    assertThat(notJson.statusCode()).isEqualTo(400);
    // One error body for every API (web/ApiAnswers): the message and the reason code.
    assertThat(badPem.bodyAsJsonObject().getString("reason")).isEqualTo("INVALID");
    assertThat(notJson.bodyAsJsonObject().fieldNames()).containsExactlyInAnyOrder("error", "reason");
  }

  @Test
  void records_are_paged_newest_first_with_masked_id_numbers() {
    List<StoredRecord> rows = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      rows.add(Rows.row(kiosk.record(i, i == 5 ? "registration" : "certification", T0.plusSeconds(i)), T0));
    }
    await(store.records().storeBatch(rows));

    JsonObject page1 = get("/api/records?deviceId=kiosk-1&limit=2").bodyAsJsonObject();
    JsonObject page3 = get("/api/records?deviceId=kiosk-1&limit=2&offset=4").bodyAsJsonObject();
    JsonObject certs = get("/api/records?service=certification&from=" + T0.plusSeconds(2) + "&to=" + T0.plusSeconds(4))
        .bodyAsJsonObject();

    assertThat(page1.getJsonArray("items")).extracting(o -> ((JsonObject) o).getLong("seq")).containsExactly(5L, 4L);
    assertThat(page1.getBoolean("hasMore")).isTrue();
    assertThat(page3.getJsonArray("items")).extracting(o -> ((JsonObject) o).getLong("seq")).containsExactly(1L);
    assertThat(page3.getBoolean("hasMore")).isFalse();
    assertThat(certs.getJsonArray("items")).extracting(o -> ((JsonObject) o).getLong("seq")).containsExactly(3L, 2L);
    assertThat(page1.encode()).contains("110***********002X").doesNotContain(TestKiosk.RESIDENT_ID.unmasked());
  }

  @Test
  void bad_query_parameters_are_400() {
    assertThat(get("/api/records?limit=0").statusCode()).isEqualTo(400);
    assertThat(get("/api/records?limit=abc").statusCode()).isEqualTo(400);
    assertThat(get("/api/records?from=yesterday").bodyAsJsonObject().getString("error")).startsWith("from:");
  }

  @Test
  void unknown_or_repeated_query_parameters_are_400_naming_them() {
    HttpResponse<Buffer> old = get("/api/records?device=kiosk-1");
    HttpResponse<Buffer> typo = get("/api/records?deviceId=kiosk-1&limt=5");
    HttpResponse<Buffer> twice = get("/api/records?deviceId=kiosk-1&deviceId=kiosk-2");

    assertThat(old.statusCode()).isEqualTo(400);
    assertThat(old.bodyAsJsonObject().getString("error"))
        .isEqualTo("device: unknown query parameter; known: deviceId, from, limit, offset, service, to");
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(typo.bodyAsJsonObject().getString("error")).startsWith("limt: unknown query parameter");
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(twice.bodyAsJsonObject().getString("error")).isEqualTo("deviceId: given more than once");
  }

  @Test
  void records_filter_by_device_id() {
    TestKiosk second = TestKiosk.create("kiosk-2");
    await(store.records().storeBatch(List.of(Rows.row(kiosk.record(1, "certification", T0), T0),
        Rows.row(second.record(1, "certification", T0.plusSeconds(1)), T0))));

    JsonObject page = get("/api/records?deviceId=kiosk-2").bodyAsJsonObject();

    assertThat(page.getJsonArray("items")).extracting(o -> ((JsonObject) o).getString("deviceId"))
        .containsExactly("kiosk-2");
  }

  @Test
  void one_record_comes_with_its_body_masked_and_unknown_ids_are_404() {
    StoredRecord row = Rows.row(kiosk.record(1, "certification", T0), T0);
    await(store.records().storeBatch(List.of(row)));

    HttpResponse<Buffer> found = get("/api/records/" + row.recordId());
    HttpResponse<Buffer> missing = get("/api/records/nope");

    assertThat(found.statusCode()).isEqualTo(200);
    JsonObject r = found.bodyAsJsonObject();
    assertThat(r.getString("recordId")).isEqualTo(row.recordId());
    assertThat(r.getJsonObject("body").getJsonObject("subject").getString("idNumber")).isEqualTo("110***********002X");
    assertThat(r.getJsonObject("body").getJsonObject("subject").getString("name")).isEqualTo("张*");
    assertThat(r.getJsonObject("signature").getString("alg")).isEqualTo("Ed25519");
    assertThat(found.bodyAsString()).doesNotContain(TestKiosk.RESIDENT_ID.unmasked()).doesNotContain("张三");
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void a_record_past_retention_shows_its_statistics_but_no_body() {
    StoredRecord row = Rows.row(kiosk.record(1, "certification", T0), T0);
    await(store.records().storeBatch(List.of(row)));
    assertThat(await(store.records().purgePersonalData(T0.plusSeconds(1), T0.plusSeconds(2)))).isEqualTo(1);

    HttpResponse<Buffer> found = get("/api/records/" + row.recordId());

    assertThat(found.statusCode()).isEqualTo(200);
    JsonObject r = found.bodyAsJsonObject();
    assertThat(r.getValue("body")).isNull();
    assertThat(r.getBoolean("personalDataPurged")).isTrue();
    assertThat(r.getString("service")).isEqualTo("certification");
    assertThat(found.bodyAsString()).doesNotContain("110***").doesNotContain("张");
  }

  @Test
  void health_reports_broker_store_and_counters() {
    JsonObject h = get("/health").bodyAsJsonObject();

    assertThat(h.getString("status")).isEqualTo("UP");
    assertThat(h.getJsonObject("broker")).isEqualTo(new JsonObject().put("kind", "embedded").put("port", 41883));
    assertThat(h.getJsonObject("store").getString("kind")).isEqualTo("sqlite");
    JsonObject ingest = h.getJsonObject("ingest");
    assertThat(ingest.getLong("received")).isEqualTo(3);
    assertThat(ingest.getLong("stored")).isEqualTo(2);
    assertThat(ingest.getLong("duplicates")).isEqualTo(1);
    assertThat(ingest.getJsonObject("rejected").getLong("BAD_SIGNATURE")).isEqualTo(1);
    assertThat(ingest.getLong("dropped")).isZero();
  }
}
