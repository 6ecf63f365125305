package org.doorstep.fleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.testing.PrometheusText;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.ingest.IngestStats;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.rollout.RolloutPlan;
import org.doorstep.fleet.testing.FleetHttps;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestOperators;
import org.doorstep.config.contract.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on the fleet (HTTPS, operator token) and on the agent's local API, scraped after
 * real traffic: two real kiosk agents certify residents over MQTT to a real fleet (embedded HiveMQ, SQLite),
 * one of them unregistered so that its record is refused; a rollout waits on a registered kiosk that never
 * connects. The scrapes are parsed ({@link PrometheusText}) and their values compared with what happened
 * and with {@code /health}.
 */
class MetricsEndToEndIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private Vertx vertx;
  private FleetVerticle fleet;
  private WebClient https;
  private final List<String> deployments = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    fleet = new FleetVerticle(FleetConfig.defaults()
        .withHttpPort(0)
        .withEmbeddedBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db")));
    await(vertx.deployVerticle(fleet), START);
    https = FleetHttps.client(vertx, fleet.serverIdentity().trusted().get(0));
  }

  @AfterEach
  void tearDown() {
    https.close();
    for (String id : deployments) {
      await(vertx.undeploy(id).recover(e -> io.vertx.core.Future.succeededFuture()), START);
    }
    await(vertx.close(), START);
  }

  /** A kiosk agent with its local HTTP API on a free loopback port; registered with the fleet if asked. */
  private AgentVerticle kiosk(String id, boolean register) throws IOException {
    Path data = dir.resolve(id);
    AgentVerticle agent = new AgentVerticle(TestAgents.with(
        TestAgents.config(id, data, "tcp://127.0.0.1:" + fleet.brokerPort(), Duration.ofSeconds(1), 50),
        ConfigLoader.withoutEnvironment().loadDefaults().devices(), TestAgents.localOnFreePorts(false)),
        TestAgents.fastOptions());
    deployments.add(await(vertx.deployVerticle(agent), START));
    if (register) {
      await(fleet.devices().register(id, Files.readString(DeviceKeys.publicKeyFile(data)), "440103"), START);
    }
    return agent;
  }

  private HttpResponse<Buffer> scrapeFleet(Optional<String> token, Optional<String> accept) {
    var req = https.get(fleet.httpPort(), "127.0.0.1", "/metrics");
    token.ifPresent(req::bearerTokenAuthentication);
    accept.ifPresent(a -> req.putHeader("Accept", a));
    return await(req.send());
  }

  private PrometheusText fleetMetrics(String token) {
    HttpResponse<Buffer> resp = scrapeFleet(Optional.of(token), Optional.empty());
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
    assertThat(resp.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
    return PrometheusText.parse(resp.bodyAsString());
  }

  private PrometheusText agentMetrics(AgentVerticle agent) {
    Buffer body = await(vertx.createHttpClient()
        .request(HttpMethod.GET, agent.localHttpPort(), "127.0.0.1", "/metrics")
        .compose(req -> req.send().compose(resp -> {
          assertThat(resp.statusCode()).isEqualTo(200);
          assertThat(resp.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
          return resp.body();
        })));
    return PrometheusText.parse(body.toString());
  }

  private static double records(PrometheusText m, String outcome, String reason) {
    return m.value("doorstep_ingest_records_total", Map.of("outcome", outcome, "reason", reason));
  }

  @Test
  void fleet_and_agent_metrics_count_what_the_traffic_did() throws Exception {
    String auditor = TestOperators.token(fleet.stores().operators(), Role.AUDITOR, "86");
    // A registered kiosk that never connects, targeted by a rollout that therefore stays running.
    TestKiosk absent = TestKiosk.create("kiosk-absent");
    await(fleet.devices().register(absent.deviceId(), absent.publicKeyPem(), "110105"), START);
    var doc = WireCodec.mapper().createObjectNode();
    doc.putObject("policy").put("matchRetries", 3);
    String rolloutId = await(fleet.rollouts().push(doc, "metrics",
        new RolloutPlan(RolloutPlan.TargetFilter.region("110105"), List.of(), List.of(), 100,
            new RolloutPlan.ErrorThreshold.Count(0), false, Optional.empty()), "ops"), START).rollout().rolloutId();

    AgentVerticle kiosk = kiosk("kiosk-metrics", true);
    AgentVerticle stranger = kiosk("kiosk-stranger", false);
    for (int i = 0; i < 2; i++) {
      SessionSummary s = await(kiosk.certify(SampleResidents.cycle(i)), START);
      assertThat(s.certified()).as("session %s", s).isTrue();
    }
    assertThat(await(stranger.certify(SampleResidents.cycle(2)), START).recordId()).isPresent();
    await().atMost(WAIT).until(() -> await(kiosk.outboxPending()) == 0 && await(stranger.outboxPending()) == 0);
    // Both agents' state messages say online; only the registered one's is saved.
    await().atMost(WAIT).until(() -> fleetMetrics(auditor).value("doorstep_devices_online") == 1.0);

    PrometheusText m = fleetMetrics(auditor);
    assertThat(m.type("doorstep_ingest_records_total")).contains("counter");
    assertThat(records(m, "stored", "none")).isEqualTo(2.0);
    assertThat(records(m, "refused", "UNKNOWN_DEVICE")).isEqualTo(1.0);
    assertThat(records(m, "refused", "BAD_SIGNATURE")).isZero();
    double answered = m.matching("doorstep_ingest_records_total", Map.of()).stream()
        .mapToDouble(PrometheusText.Sample::value).sum();
    // Every answered record was timed from arrival to its ack (the +Inf bucket holds them all).
    assertThat(m.type("doorstep_ingest_latency_seconds")).contains("histogram");
    assertThat(m.value("doorstep_ingest_latency_seconds_count")).isEqualTo(answered);
    assertThat(m.value("doorstep_ingest_latency_seconds_bucket", Map.of("le", "+Inf"))).isEqualTo(answered);
    assertThat(m.value("doorstep_ingest_latency_seconds_sum")).isPositive();
    assertThat(m.value("doorstep_store_batch_duration_seconds_count", Map.of("outcome", "ok"))).isGreaterThanOrEqualTo(1.0);
    assertThat(m.value("doorstep_store_batch_duration_seconds_count", Map.of("outcome", "failed"))).isZero();
    assertThat(m.value("doorstep_store_batch_size_records_sum"))
        .isEqualTo(records(m, "stored", "none") + records(m, "duplicate", "none"));
    assertThat(m.value("doorstep_devices_registered")).isEqualTo(2.0);
    assertThat(m.value("doorstep_devices_revoked")).isZero();
    assertThat(m.value("doorstep_devices_connected")).isEqualTo(2.0);
    Map<String, String> rollout = Map.of("rollout", rolloutId);
    assertThat(m.value("doorstep_rollout_targets", rollout)).isEqualTo(1.0);
    assertThat(m.value("doorstep_rollout_devices", Map.of("rollout", rolloutId, "status", "PENDING"))).isEqualTo(1.0);
    assertThat(m.value("doorstep_rollout_devices", Map.of("rollout", rolloutId, "status", "APPLIED"))).isZero();
    assertThat(m.has("jvm_memory_used_bytes")).isTrue();
    // One source of truth: /health reads the counters the scrape shows.
    IngestStats stats = fleet.pipeline().stats();
    assertThat(m.value("doorstep_ingest_received_total")).isEqualTo((double) stats.received());
    assertThat(await(https.get(fleet.httpPort(), "127.0.0.1", "/health").send()).bodyAsJsonObject()
        .getJsonObject("ingest").getLong("stored")).isEqualTo(2L);

    PrometheusText a = agentMetrics(kiosk);
    assertThat(a.value("doorstep_agent_records_committed_total")).isEqualTo(2.0);
    assertThat(a.value("doorstep_agent_sessions_total", Map.of("outcome", "CERTIFIED"))).isEqualTo(2.0);
    assertThat(a.value("doorstep_agent_outbox_pending")).isZero();
    assertThat(a.value("doorstep_agent_outbox_delivered_total")).isEqualTo(2.0);
    assertThat(a.matching("doorstep_agent_outbox_rejected", Map.of())).isEmpty();
    assertThat(a.value("doorstep_agent_acks_received_total")).isGreaterThanOrEqualTo(1.0);
    assertThat(a.value("doorstep_agent_uplink_connected")).isEqualTo(1.0);
    assertThat(a.value("doorstep_agent_peripheral_status", Map.of("peripheral", "printer", "status", "ONLINE")))
        .isEqualTo(1.0);
    assertThat(a.value("doorstep_agent_peripheral_status", Map.of("peripheral", "printer", "status", "HWERROR")))
        .isZero();
    assertThat(a.matching("jvm_memory_used_bytes", Map.of("area", "heap")).stream()
        .mapToDouble(PrometheusText.Sample::value).sum()).isPositive();
    PrometheusText s = agentMetrics(stranger);
    assertThat(s.value("doorstep_agent_outbox_rejected", Map.of("reason", "UNKNOWN_DEVICE"))).isEqualTo(1.0);
    assertThat(s.value("doorstep_agent_outbox_delivered_total")).isZero();
  }

  @Test
  void fleet_metrics_need_a_national_token_that_may_read_them_and_speak_openmetrics_when_asked() {
    String handler = TestOperators.token(fleet.stores().operators(), Role.HANDLER, "86");
    String regional = TestOperators.token(fleet.stores().operators(), Role.AUDITOR, "440103");
    String operator = TestOperators.token(fleet.stores().operators(), Role.FLEET_OPERATOR, "86");

    HttpResponse<Buffer> none = scrapeFleet(Optional.empty(), Optional.empty());
    HttpResponse<Buffer> wrongRole = scrapeFleet(Optional.of(handler), Optional.empty());
    HttpResponse<Buffer> wrongScope = scrapeFleet(Optional.of(regional), Optional.empty());
    HttpResponse<Buffer> open = scrapeFleet(Optional.of(operator), Optional.of("application/openmetrics-text; version=1.0.0"));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.bodyAsJsonObject().getString("reason")).isEqualTo("NO_TOKEN");
    assertThat(wrongRole.statusCode()).isEqualTo(403);
    assertThat(wrongRole.bodyAsJsonObject().getString("reason")).isEqualTo("FORBIDDEN_ROLE");
    assertThat(wrongScope.statusCode()).isEqualTo(403);
    assertThat(wrongScope.bodyAsJsonObject().getString("reason")).isEqualTo("FORBIDDEN_REGION");
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.getHeader("Content-Type")).startsWith("application/openmetrics-text");
    assertThat(open.bodyAsString().strip()).endsWith("# EOF");
    PrometheusText m = PrometheusText.parse(open.bodyAsString());
    assertThat(m.value("doorstep_ingest_records_total", Map.of("outcome", "stored", "reason", "none"))).isZero();
    assertThat(m.value("doorstep_devices_connected")).isZero();
  }
}
