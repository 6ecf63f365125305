package org.doorstep.fleet.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.alarms.rules.Alarm;
import org.doorstep.fleet.alarms.rules.AlarmType;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.RunningFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm routes on a real fleet (HTTPS, SQLite): alarms raised through the service's ingest port
 * ({@link AlarmService#state}, what the pipeline calls for every state message), read, filtered,
 * counted, acknowledged and cleared by operators of different roles and regions.
 */
class AlarmApiIT {
  @TempDir
  Path dir;

  private RunningFleet running;
  private FleetVerticle fleet;
  private String national;
  private String guangdong;
  private String auditor;

  @BeforeEach
  void setUp() {
    running = RunningFleet.start(dir);
    fleet = running.fleet();
    national = running.token(Role.FLEET_OPERATOR, "86");
    guangdong = running.token(Role.FLEET_OPERATOR, "44");
    auditor = running.token(Role.AUDITOR, "44");
    // A village point in Tianhe (Guangzhou) out of paper, a Beijing kiosk whose tamper switch opened.
    raise("kiosk-gz", "440106001001", Map.of("printer", "HWERROR"), Map.of("printer", "PAPER_OUT"));
    raise("kiosk-bj", "110105", Map.of("gpio", "FRAUDATTEMPT"), Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> fleet.alarms().active().size() == 2);
  }

  @AfterEach
  void tearDown() {
    running.close();
  }

  private void raise(String id, String region, Map<String, String> peripherals, Map<String, String> faults) {
    TestKiosk k = TestKiosk.create(id);
    await(fleet.devices().register(id, k.publicKeyPem(), region));
    fleet.alarms().state(id, new DeviceState(id, true, "0.1.0", 1, peripherals, 0, Instant.now(), faults,
        Optional.empty()));
  }

  private HttpResponse<Buffer> get(String token, String path) {
    return running.get(token, path);
  }

  private HttpResponse<Buffer> post(String token, String path) {
    return running.post(token, path);
  }

  private static List<String> types(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonArray items = r.bodyAsJsonObject().getJsonArray("items");
    return items.stream().map(o -> ((JsonObject) o).getString("type")).toList();
  }

  private String idOf(AlarmType type) {
    return fleet.alarms().active().stream().filter(a -> a.type() == type).findFirst().map(Alarm::id).orElseThrow();
  }

  @Test
  void a_regional_operator_sees_only_its_region_and_a_national_one_everything() {
    assertThat(types(get(national, "/api/alarms"))).containsExactlyInAnyOrder("PAPER_OUT", "TAMPER");
    assertThat(types(get(guangdong, "/api/alarms"))).containsExactly("PAPER_OUT");
    assertThat(types(get(national, "/api/alarms?region=11&severity=critical"))).containsExactly("TAMPER");
    assertThat(types(get(national, "/api/alarms?type=PAPER_OUT&state=ACTIVE_UNACK"))).containsExactly("PAPER_OUT");
    assertThat(types(get(guangdong, "/api/alarms?region=440106001"))).containsExactly("PAPER_OUT");
    assertThat(types(get(national, "/api/alarms?state=CLEARED_ACK"))).isEmpty();

    JsonObject one = get(national, "/api/alarms/" + idOf(AlarmType.TAMPER)).bodyAsJsonObject();
    assertThat(one.getString("severity")).isEqualTo("CRITICAL");
    assertThat(one.getString("state")).isEqualTo("ACTIVE_UNACK");
    assertThat(one.getString("source")).isEqualTo("kiosk-bj");
    assertThat(one.getString("detail")).isEqualTo("gpio: FRAUDATTEMPT");
  }

  @Test
  void refusals_name_their_reason() {
    String bj = idOf(AlarmType.TAMPER);
    HttpResponse<Buffer> other = get(guangdong, "/api/alarms/" + bj);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.bodyAsJsonObject().getString("reason")).isEqualTo("FORBIDDEN_REGION");
    assertThat(post(guangdong, "/api/alarms/" + bj + "/ack").statusCode()).isEqualTo(403);
    assertThat(get(guangdong, "/api/alarms?region=11").bodyAsJsonObject().getString("reason")).isEqualTo("FORBIDDEN_REGION");
    HttpResponse<Buffer> role = post(auditor, "/api/alarms/" + idOf(AlarmType.PAPER_OUT) + "/ack");
    assertThat(role.statusCode()).isEqualTo(403);
    assertThat(role.bodyAsJsonObject().getString("reason")).isEqualTo("FORBIDDEN_ROLE");
    assertThat(post(national, "/api/alarms/no-such-alarm/clear").statusCode()).isEqualTo(404);
    assertThat(get(national, "/api/alarms/no-such-alarm").statusCode()).isEqualTo(404);
    HttpResponse<Buffer> bad = get(national, "/api/alarms?state=OPEN");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("error")).startsWith("state: must be one of [ACTIVE_UNACK");
    assertThat(get(national, "/api/alarms?colour=red").statusCode()).isEqualTo(400);
    assertThat(get(national, "/api/alarms?region=Tianhe").statusCode()).isEqualTo(400);
    assertThat(get(national, "/api/alarms?limit=0").statusCode()).isEqualTo(400);
    assertThat(get(guangdong, "/api/alarms/dead-letters").statusCode()).isEqualTo(403);
    assertThat(get(national, "/api/alarms/dead-letters").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    HttpResponse<Buffer> none = running.get(null, "/api/alarms");
    assertThat(none.statusCode()).isEqualTo(401);
  }

  @Test
  void acknowledge_and_clear_are_independent_and_say_who() {
    String gz = idOf(AlarmType.PAPER_OUT);
    JsonObject acked = post(guangdong, "/api/alarms/" + gz + "/ack").bodyAsJsonObject();
    assertThat(acked.getString("state")).isEqualTo("ACTIVE_ACK");
    assertThat(acked.getString("acknowledgedBy")).startsWith("fleet_operator-44-");
    assertThat(post(guangdong, "/api/alarms/" + gz + "/ack").bodyAsJsonObject().getString("acknowledgedAt"))
        .isEqualTo(acked.getString("acknowledgedAt"));
    JsonObject cleared = post(national, "/api/alarms/" + gz + "/clear").bodyAsJsonObject();
    assertThat(cleared.getString("state")).isEqualTo("CLEARED_ACK");
    assertThat(cleared.getString("clearedBy")).startsWith("fleet_operator-86-");
    assertThat(types(get(national, "/api/alarms"))).containsExactly("TAMPER");
    assertThat(types(get(national, "/api/alarms?state=CLEARED_ACK"))).containsExactly("PAPER_OUT");

    String bj = idOf(AlarmType.TAMPER);
    JsonObject clearedFirst = post(national, "/api/alarms/" + bj + "/clear").bodyAsJsonObject();
    assertThat(clearedFirst.getString("state")).isEqualTo("CLEARED_UNACK");
    assertThat(post(national, "/api/alarms/" + bj + "/ack").bodyAsJsonObject().getString("state")).isEqualTo("CLEARED_ACK");
  }

  @Test
  void counts_roll_up_the_region_tree_within_the_operators_scope() {
    JsonObject all = get(national, "/api/alarms/counts").bodyAsJsonObject();
    assertThat(all.getJsonObject("total").getLong("CRITICAL")).isEqualTo(1);
    assertThat(all.getJsonObject("total").getLong("MAJOR")).isEqualTo(1);
    Map<String, JsonObject> byRegion = new java.util.TreeMap<>();
    all.getJsonArray("regions").forEach(o -> byRegion.put(((JsonObject) o).getString("region"), (JsonObject) o));
    assertThat(byRegion).containsOnlyKeys("11", "1101", "110105", "44", "4401", "440106", "440106001", "440106001001");
    assertThat(byRegion.get("440106001").getString("level")).isEqualTo("TOWNSHIP");
    assertThat(byRegion.get("44").getJsonObject("bySeverity").getLong("MAJOR")).isEqualTo(1);

    var meters = fleet.metrics().registry();
    assertThat(meters.get("doorstep.alarms.active").tags("severity", "CRITICAL", "state", "ACTIVE_UNACK").gauge().value())
        .isEqualTo(1.0);
    assertThat(meters.get("doorstep.alarms.active").tags("severity", "MAJOR", "state", "ACTIVE_UNACK").gauge().value())
        .isEqualTo(1.0);
    assertThat(meters.get("doorstep.alarms.active").tags("severity", "MINOR", "state", "ACTIVE_ACK").gauge().value())
        .isZero();

    JsonObject gd = get(guangdong, "/api/alarms/counts").bodyAsJsonObject();
    assertThat(gd.getJsonObject("total").getLong("CRITICAL")).isZero();
    assertThat(gd.getJsonArray("regions").stream().map(o -> ((JsonObject) o).getString("region")).toList())
        .containsExactly("44", "4401", "440106", "440106001", "440106001001");
  }
}
