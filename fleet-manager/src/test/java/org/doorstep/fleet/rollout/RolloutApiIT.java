package org.doorstep.fleet.rollout;

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
import java.util.stream.Collectors;
import org.doorstep.config.contract.CanonicalJson;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.testing.RunningFleet;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout routes on a real fleet (HTTPS, SQLite, embedded broker): create with approval, approve by a second
 * operator (403 for the creator and without the permission), pause, resume, next group, halt, rollback, the list
 * and one rollout with progress per group, the target filter, and every route region-scoped by the rollout's
 * target region. Device reports enter through {@link RolloutService#onState}, the port ingest calls for every state.
 */
class RolloutApiIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private RunningFleet running;
  private FleetVerticle fleet;
  private String national;
  private String guangdong;
  private String gdApprover;
  private String bjApprover;
  private String auditor;
  private String admin;

  @BeforeEach
  void setUp() {
    running = RunningFleet.start(dir);
    fleet = running.fleet();
    national = running.token(Role.FLEET_OPERATOR, "86");
    guangdong = running.token(Role.FLEET_OPERATOR, "44");
    gdApprover = running.token(Role.ROLLOUT_APPROVER, "44");
    bjApprover = running.token(Role.ROLLOUT_APPROVER, "11");
    auditor = running.token(Role.AUDITOR, "44");
    admin = running.token(Role.ADMIN, "86");
    for (String id : List.of("gz-1", "gz-2", "gz-3")) {
      await(fleet.devices().register(id, TestKiosk.create(id).publicKeyPem(), "440106"));
    }
    await(fleet.devices().register("bj-1", TestKiosk.create("bj-1").publicKeyPem(), "110105"));
  }

  @AfterEach
  void tearDown() {
    running.close();
  }

  private String name(String token) {
    return running.get(token, "/api/me").bodyAsJsonObject().getString("name");
  }

  private long version(JsonObject document) {
    HttpResponse<Buffer> r = running.post(national, "/api/config/versions", new JsonObject().put("document", document));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getLong("version");
  }

  private static JsonObject retries(int n) {
    return new JsonObject().put("policy", new JsonObject().put("matchRetries", n));
  }

  private JsonObject create(String token, JsonObject body) {
    HttpResponse<Buffer> r = running.post(token, "/api/rollouts", body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> action(String token, String id, String action) {
    return running.post(token, "/api/rollouts/" + id + "/" + action, new JsonObject());
  }

  private static void refused(HttpResponse<Buffer> r, int status, String reason) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.bodyAsJsonObject().getString("reason")).as(r.bodyAsString()).isEqualTo(reason);
  }

  private static JsonObject ok(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private JsonObject get(String token, String id) {
    return ok(running.get(token, "/api/rollouts/" + id));
  }

  private static Map<String, String> statuses(JsonObject rollout) {
    return rollout.getJsonArray("devices").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(d -> d.getString("deviceId"), d -> d.getString("status")));
  }

  private static List<String> groupStatuses(JsonObject rollout) {
    return rollout.getJsonArray("groups").stream().map(g -> ((JsonObject) g).getString("status")).toList();
  }

  /** What a device's state says to the fleet: this version is in force. */
  private void applied(String deviceId, long version) {
    fleet.rollouts().onState(deviceId, version);
  }

  @Test
  void a_rollout_that_needs_approval_waits_for_a_second_operator_with_the_approver_permission() {
    long v = version(retries(2));
    JsonObject created = create(guangdong, new JsonObject().put("version", v)
        .put("filter", new JsonObject().put("region", "44")).put("canary", new JsonArray().add("gz-2"))
        .put("approval", true));
    String id = created.getString("rolloutId");
    assertThat(created.getString("phase")).isEqualTo("WAITING_APPROVAL");
    assertThat(created.getString("createdBy")).isEqualTo(name(guangdong));
    assertThat(created.getString("region")).isEqualTo("44");
    assertThat(created.getJsonObject("plan").getBoolean("approval")).isTrue();
    assertThat(groupStatuses(created)).containsExactly("DUE", "SCHEDULED");
    assertThat(statuses(created).values()).containsOnly("WAITING");

    refused(action(guangdong, id, "approve"), 403, "FORBIDDEN_ROLE");      // creator, and no approver permission
    refused(action(auditor, id, "approve"), 403, "FORBIDDEN_ROLE");
    refused(action(bjApprover, id, "approve"), 403, "FORBIDDEN_REGION");
    refused(action(guangdong, id, "pause"), 409, "CONFLICT");
    assertThat(get(national, id).getString("phase")).as("nothing changed").isEqualTo("WAITING_APPROVAL");

    JsonObject approved = ok(action(gdApprover, id, "approve"));
    assertThat(approved.getString("phase")).isEqualTo("RUNNING");
    assertThat(approved.getString("approvedBy")).isEqualTo(name(gdApprover));
    assertThat(approved.getString("approvedAt")).isNotNull();
    assertThat(statuses(approved)).containsEntry("gz-2", "PENDING").containsEntry("gz-1", "WAITING");
    assertThat(groupStatuses(approved)).containsExactly("RUNNING", "SCHEDULED");
    refused(action(gdApprover, id, "approve"), 409, "CONFLICT");

    applied("gz-2", v);
    await().atMost(WAIT).until(() -> "PENDING".equals(statuses(get(guangdong, id)).get("gz-1")));
    JsonObject second = get(guangdong, id);
    assertThat(second.getInteger("currentGroup")).isEqualTo(1);
    JsonObject canaryGroup = second.getJsonArray("groups").getJsonObject(0);
    assertThat(canaryGroup.getString("status")).isEqualTo("FINISHED");
    assertThat(canaryGroup.getInteger("appliedPercent")).isEqualTo(100);
    assertThat(canaryGroup.getJsonObject("counts").getInteger("APPLIED")).isEqualTo(1);
    assertThat(second.getJsonArray("groups").getJsonObject(1).getJsonObject("counts").getInteger("PENDING")).isEqualTo(2);
    applied("gz-1", v);
    applied("gz-3", v);
    await().atMost(WAIT).until(() -> "COMPLETED".equals(get(guangdong, id).getString("phase")));
  }

  @Test
  void the_creator_may_not_approve_its_own_rollout_even_with_the_permission() {
    long v = version(retries(2));
    String id = create(admin, new JsonObject().put("version", v).put("approval", true)).getString("rolloutId");
    HttpResponse<Buffer> self = action(admin, id, "approve");
    refused(self, 403, "SELF_APPROVAL");
    assertThat(self.bodyAsJsonObject().getString("error")).contains("a second operator must approve it");
    refused(action(gdApprover, id, "approve"), 403, "FORBIDDEN_REGION"); // a national rollout
    String secondAdmin = running.token(Role.ADMIN, "86");
    assertThat(ok(action(secondAdmin, id, "approve")).getString("approvedBy")).isEqualTo(name(secondAdmin));
  }

  @Test
  void pause_resume_next_group_and_halt_and_their_conflicts() {
    long v = version(retries(2));
    JsonObject r = create(guangdong, new JsonObject().put("version", v).put("filter", new JsonObject().put("region", "4401"))
        .put("groups", new JsonArray().add(new JsonObject().put("count", 1))));
    String id = r.getString("rolloutId");
    assertThat(r.getString("phase")).isEqualTo("RUNNING");
    assertThat(r.getJsonArray("groups").stream().map(g -> ((JsonObject) g).getInteger("size")).toList())
        .as("one, then the rest").containsExactly(1, 2);

    refused(action(guangdong, id, "resume"), 409, "CONFLICT");
    JsonObject paused = ok(running.post(guangdong, "/api/rollouts/" + id + "/pause",
        new JsonObject().put("reason", "hall opens early today")));
    assertThat(paused.getString("phase")).isEqualTo("PAUSED");
    assertThat(paused.getString("phaseReason")).isEqualTo("paused by operator: hall opens early today");
    refused(action(guangdong, id, "pause"), 409, "CONFLICT");
    refused(action(guangdong, id, "next-group"), 409, "CONFLICT");
    applied("gz-1", v);
    await().atMost(WAIT).until(() -> "APPLIED".equals(statuses(get(guangdong, id)).get("gz-1")));
    assertThat(statuses(get(guangdong, id))).as("recorded while paused, nothing published")
        .containsEntry("gz-2", "WAITING");

    JsonObject resumed = ok(action(guangdong, id, "resume"));
    assertThat(resumed.getString("phase")).isEqualTo("RUNNING");
    assertThat(resumed.getValue("phaseReason")).isNull();
    assertThat(statuses(resumed)).as("the group that became due while paused goes out")
        .containsEntry("gz-2", "PENDING").containsEntry("gz-3", "PENDING");
    refused(action(guangdong, id, "next-group"), 409, "CONFLICT");

    refused(running.post(guangdong, "/api/rollouts/" + id + "/halt", new JsonObject().put("reason", 7)), 400, "INVALID");
    JsonObject halted = ok(running.post(guangdong, "/api/rollouts/" + id + "/halt", new JsonObject().put("reason", "enough")));
    assertThat(halted.getString("phase")).isEqualTo("HALTED");
    assertThat(halted.getString("phaseReason")).isEqualTo("halted by operator: enough");
    refused(action(guangdong, id, "halt"), 409, "CONFLICT");
    refused(action(guangdong, id, "resume"), 409, "CONFLICT");
  }

  @Test
  void the_next_group_by_hand_does_not_wait_for_the_success_threshold() {
    long v = version(retries(2));
    String id = create(guangdong, new JsonObject().put("version", v).put("filter", new JsonObject().put("region", "44"))
        .put("groups", new JsonArray().add(new JsonObject().put("count", 1)))).getString("rolloutId");
    JsonObject next = ok(action(guangdong, id, "next-group"));
    assertThat(statuses(next)).containsEntry("gz-1", "PENDING").containsEntry("gz-2", "PENDING")
        .containsEntry("gz-3", "PENDING");
    assertThat(groupStatuses(next)).containsExactly("RUNNING", "RUNNING");
    refused(action(guangdong, id, "next-group"), 409, "CONFLICT");
  }

  @Test
  void every_rollout_route_is_region_scoped_by_the_target_region() {
    long v = version(retries(2));
    String beijing = create(national, new JsonObject().put("version", v).put("approval", true)
        .put("filter", new JsonObject().put("region", "11"))).getString("rolloutId");
    String everywhere = create(national, new JsonObject().put("version", v).put("approval", true)).getString("rolloutId");
    String canton = create(guangdong, new JsonObject().put("version", v).put("approval", true)
        .put("filter", new JsonObject().put("region", "440106"))).getString("rolloutId");

    List<String> seen = running.get(guangdong, "/api/rollouts").bodyAsJsonArray().stream()
        .map(o -> ((JsonObject) o).getString("rolloutId")).toList();
    assertThat(seen).containsExactly(canton);
    JsonArray all = running.get(national, "/api/rollouts").bodyAsJsonArray();
    assertThat(all.stream().map(o -> ((JsonObject) o).getString("rolloutId")).toList())
        .containsExactlyInAnyOrder(beijing, everywhere, canton);
    assertThat(all.getJsonObject(0).containsKey("devices")).as("the list has no devices").isFalse();
    assertThat(all.getJsonObject(0).getJsonArray("groups")).as("but the progress per group").isNotEmpty();

    for (String other : List.of(beijing, everywhere)) {
      refused(running.get(guangdong, "/api/rollouts/" + other), 403, "FORBIDDEN_REGION");
      for (String a : List.of("pause", "resume", "next-group", "halt", "rollback")) {
        refused(action(guangdong, other, a), 403, "FORBIDDEN_REGION");
      }
      refused(action(gdApprover, other, "approve"), 403, "FORBIDDEN_REGION");
    }
    refused(running.post(guangdong, "/api/rollouts", new JsonObject().put("version", v)
        .put("filter", new JsonObject().put("region", "11"))), 403, "FORBIDDEN_REGION");
    refused(running.post(guangdong, "/api/rollouts", new JsonObject().put("version", v)), 403, "FORBIDDEN_REGION");
    refused(running.get(guangdong, "/api/rollouts/no-such-rollout"), 404, "NOT_FOUND");
    refused(action(guangdong, "no-such-rollout", "pause"), 404, "NOT_FOUND");
    assertThat(ok(action(bjApprover, beijing, "approve")).getString("phase")).isEqualTo("RUNNING");

    assertThat(running.get(national, "/api/rollouts?phase=RUNNING").bodyAsJsonArray().stream()
        .map(o -> ((JsonObject) o).getString("rolloutId")).toList()).containsExactly(beijing);
    refused(running.get(national, "/api/rollouts?phase=SLEEPING"), 400, "INVALID");
  }

  @Test
  void rollback_sends_the_last_known_good_config_to_the_devices_touched_as_a_new_version() {
    JsonObject good = retries(2);
    long v1 = version(good);
    String first = create(guangdong, new JsonObject().put("version", v1).put("filter", new JsonObject().put("region", "44")))
        .getString("rolloutId");
    List.of("gz-1", "gz-2", "gz-3").forEach(d -> applied(d, v1));
    await().atMost(WAIT).until(() -> "COMPLETED".equals(get(guangdong, first).getString("phase")));

    long v2 = version(retries(5));
    String bad = create(guangdong, new JsonObject().put("version", v2).put("filter", new JsonObject().put("region", "44"))
        .put("canary", new JsonArray().add("gz-1")).put("groups", new JsonArray().add(new JsonObject().put("count", 1))))
        .getString("rolloutId");
    applied("gz-1", v2);
    await().atMost(WAIT).until(() -> "PENDING".equals(statuses(get(guangdong, bad)).get("gz-2")));

    HttpResponse<Buffer> r = action(guangdong, bad, "rollback");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject back = r.bodyAsJsonObject();
    long v3 = back.getLong("version");
    assertThat(v3).as("a new version: agents refuse a lower one").isGreaterThan(v2);
    assertThat(back.getString("rollbackOf")).isEqualTo(bad);
    assertThat(back.getString("createdBy")).isEqualTo(name(guangdong));
    assertThat(back.getString("phase")).isEqualTo("RUNNING");
    assertThat(statuses(back)).as("the devices the bad rollout touched, at once")
        .containsOnlyKeys("gz-1", "gz-2").containsValues("PENDING");
    assertThat(back.getJsonObject("plan").getJsonObject("filter").getString("region")).isEqualTo("44");

    JsonObject halted = get(guangdong, bad);
    assertThat(halted.getString("phase")).isEqualTo("HALTED");
    assertThat(halted.getString("phaseReason")).contains("rolled back by " + name(guangdong))
        .contains(back.getString("rolloutId"));
    JsonObject stored = running.get(guangdong, "/api/config/versions").bodyAsJsonArray().getJsonObject(0);
    assertThat(stored.getLong("version")).isEqualTo(v3);
    assertThat(stored.getJsonObject("document")).isEqualTo(good);
    assertThat(stored.getString("note")).isEqualTo("rollback of rollout " + bad + " (version " + v2 + ") to version " + v1);

    HttpResponse<Buffer> toDefaults = action(guangdong, first, "rollback");
    assertThat(toDefaults.statusCode()).as(toDefaults.bodyAsString()).isEqualTo(201);
    JsonObject defaults = running.get(guangdong, "/api/config/versions").bodyAsJsonArray().getJsonObject(0);
    assertThat(defaults.getJsonObject("document")).as("nothing applied before: the built-in defaults")
        .isEqualTo(new JsonObject());
    assertThat(defaults.getString("note")).endsWith("to the built-in defaults");

    String waiting = create(guangdong, new JsonObject().put("version", v1).put("approval", true)
        .put("filter", new JsonObject().put("region", "44"))).getString("rolloutId");
    refused(action(guangdong, waiting, "rollback"), 409, "CONFLICT");
  }

  @Test
  void the_target_filter_reads_kind_and_agent_version_from_the_last_state_and_bad_plans_are_refused() {
    state("gz-1", "0.1.0", "KIOSK");
    state("gz-2", "0.2.1", "BANK_TERMINAL");
    state("gz-3", "0.2.0", "KIOSK");
    long v = version(retries(2));
    JsonObject r = create(guangdong, new JsonObject().put("version", v).put("filter", new JsonObject()
        .put("region", "44").put("kinds", new JsonArray().add("KIOSK")).put("agentVersion", ">=0.2")));
    assertThat(statuses(r)).containsOnlyKeys("gz-3");
    assertThat(r.getJsonObject("plan").getJsonObject("filter").getString("agentVersion")).isEqualTo(">=0.2");

    HttpResponse<Buffer> none = running.post(guangdong, "/api/rollouts", new JsonObject().put("version", v)
        .put("filter", new JsonObject().put("region", "44").put("kinds", new JsonArray().add("BANK_TERMINAL"))
            .put("agentVersion", "<0.2")));
    refused(none, 400, "INVALID");
    assertThat(none.bodyAsJsonObject().getString("error")).contains("no registered device matches the plan");

    HttpResponse<Buffer> old = running.post(guangdong, "/api/rollouts", new JsonObject().put("version", v)
        .put("filter", new JsonObject().put("region", "44")).put("waves", new JsonArray().add(100)));
    refused(old, 400, "INVALID");
    assertThat(old.bodyAsJsonObject().getString("error")).startsWith("waves: no longer part of a rollout plan");
    HttpResponse<Buffer> badKind = running.post(guangdong, "/api/rollouts", new JsonObject().put("version", v)
        .put("filter", new JsonObject().put("region", "44").put("kinds", new JsonArray().add("ATM"))));
    refused(badKind, 400, "INVALID");
    assertThat(badKind.bodyAsJsonObject().getString("error")).startsWith("filter.kinds:");
    refused(running.post(guangdong, "/api/rollouts", new JsonObject().put("version", 999)
        .put("filter", new JsonObject().put("region", "44"))), 404, "NOT_FOUND");
  }

  @Test
  void a_window_holds_the_first_group_and_the_view_says_until_when() {
    long v = version(retries(2));
    // A window that opens in six hours, Beijing time.
    java.time.LocalTime now = Instant.now().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalTime();
    JsonObject window = new JsonObject().put("from", now.plusHours(6).withSecond(0).withNano(0).toString())
        .put("to", now.plusHours(7).withSecond(0).withNano(0).toString());
    JsonObject r = create(guangdong, new JsonObject().put("version", v).put("filter", new JsonObject().put("region", "44"))
        .put("window", window));
    assertThat(r.getBoolean("waitingForWindow")).isTrue();
    assertThat(Instant.parse(r.getString("nextWindowAt"))).isAfter(Instant.now().plus(Duration.ofHours(5)));
    assertThat(r.getJsonObject("plan").getJsonObject("window").getString("zone")).as("the fleet's zone")
        .isEqualTo("Asia/Shanghai");
    assertThat(statuses(r).values()).containsOnly("WAITING");
    assertThat(groupStatuses(r)).containsExactly("DUE");
    JsonObject next = ok(action(guangdong, r.getString("rolloutId"), "next-group"));
    assertThat(statuses(next).values()).as("by hand too, the window holds").containsOnly("WAITING");
  }

  private void state(String deviceId, String agentVersion, String kind) {
    DeviceState s = new DeviceState(deviceId, true, agentVersion, 0, Map.of(), 0, Instant.now(), Map.of(),
        Optional.empty(), Optional.of(kind));
    await(fleet.stores().devices().saveState(deviceId, true, CanonicalJson.text(WireCodec.mapper().valueToTree(s)),
        s.reportedAt()));
  }
}
