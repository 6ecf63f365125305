package org.doorstep.fleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.profile.FleetLink;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.commands.CommandStore;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.rollout.RolloutPlan;
import org.doorstep.fleet.rollout.RolloutService;
import org.doorstep.fleet.rollout.RolloutStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed config push with staged rollout and signed commands, end to end with real parts: a fleet
 * manager (embedded HiveMQ, SQLite) and real kiosk agents (Paho, SQLite, their config slots), on loopback.
 */
class ConfigAndCommandsIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir
  Path dir;

  private Vertx vertx;
  private FleetVerticle fleet;
  private final List<String> deployments = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    fleet = new FleetVerticle(FleetConfig.defaults()
        .withHttpPort(0)
        .withEmbeddedBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet/fleet.db")));
    deployments.add(await(vertx.deployVerticle(fleet), START));
  }

  @AfterEach
  void tearDown() {
    for (int i = deployments.size() - 1; i >= 0; i--) {
      await(vertx.undeploy(deployments.get(i)).recover(e -> io.vertx.core.Future.succeededFuture()), START);
    }
    await(vertx.close(), START);
  }

  /** A kiosk provisioned with the fleet's config key (what enrolment will do) and registered. */
  private AgentVerticle kiosk(String id, Path fleetKeyFile) throws IOException {
    Path data = dir.resolve(id);
    Files.createDirectories(data);
    Files.copy(fleetKeyFile, data.resolve(FleetLink.DEFAULT_CONFIG_KEY_FILE));
    DeviceKeys.loadOrCreate(data, SignatureAlgorithm.ED25519);
    await(fleet.devices().register(id, Files.readString(DeviceKeys.publicKeyFile(data)), "440103"), START);
    AgentVerticle agent = new AgentVerticle(TestAgents.config(id, data,
        "tcp://127.0.0.1:" + fleet.brokerPort(), Duration.ofSeconds(2), 50), TestAgents.fastOptions());
    deployments.add(await(vertx.deployVerticle(agent), START));
    // Its first state reached the fleet: it is connected and its subscriptions (sent before) are in place.
    await().atMost(WAIT).until(() -> await(fleet.devices().list()).stream()
        .anyMatch(o -> o.device().deviceId().equals(id) && o.online().orElse(false)));
    return agent;
  }

  private static ObjectNode policy(int matchRetries) {
    ObjectNode doc = WireCodec.mapper().createObjectNode();
    doc.putObject("policy").put("matchRetries", matchRetries);
    return doc;
  }

  /** {@code canary} first, then every other device; the first refusal pauses. */
  private static RolloutPlan canaryFirst(String canary) {
    return new RolloutPlan(RolloutPlan.TargetFilter.all(), List.of(canary), List.of(), 100,
        new RolloutPlan.ErrorThreshold.Count(0), false, Optional.empty());
  }

  private RolloutService.View rollout(String id) {
    return await(fleet.rollouts().view(id));
  }

  @Test
  void staged_rollout_reaches_the_canary_first_then_the_rest_and_every_agent_runs_the_version() throws Exception {
    AgentVerticle k1 = kiosk("kiosk-ro-1", fleet.configKeyFile());
    AgentVerticle k2 = kiosk("kiosk-ro-2", fleet.configKeyFile());
    AgentVerticle k3 = kiosk("kiosk-ro-3", fleet.configKeyFile());

    RolloutService.View started = await(fleet.rollouts().push(policy(3), "more retries",
        canaryFirst("kiosk-ro-2"), "ops"), START);
    assertThat(started.devices()).extracting(RolloutStore.Device::deviceId, RolloutStore.Device::group)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("kiosk-ro-2", 0),
            org.assertj.core.groups.Tuple.tuple("kiosk-ro-1", 1), org.assertj.core.groups.Tuple.tuple("kiosk-ro-3", 1));
    String id = started.rollout().rolloutId();

    await().atMost(WAIT).until(() -> rollout(id).rollout().phase() == RolloutPlan.Phase.COMPLETED);

    RolloutService.View done = rollout(id);
    assertThat(done.devices()).allSatisfy(d -> assertThat(d.status()).isEqualTo(RolloutPlan.DeviceStatus.APPLIED));
    RolloutStore.Device canary = done.devices().get(0);
    Instant canaryApplied = canary.reportedAt().orElseThrow();
    for (RolloutStore.Device d : done.devices().subList(1, 3)) {
      assertThat(d.publishedAt().orElseThrow()).as("%s published after the canary applied", d.deviceId())
          .isAfterOrEqualTo(canaryApplied);
    }
    for (AgentVerticle k : List.of(k1, k2, k3)) {
      await().atMost(WAIT).until(() -> await(k.configVersion()) == 1L);
      assertThat(await(k.effectiveConfig()).policy().matchRetries()).isEqualTo(3);
      assertThat(Files.exists(k.dataDir().resolve("config/current.json"))).isTrue();
    }
  }

  @Test
  void the_target_filter_sees_the_terminal_kind_and_agent_version_real_agents_report() throws Exception {
    kiosk("kiosk-kind-1", fleet.configKeyFile());
    kiosk("kiosk-kind-2", fleet.configKeyFile());
    RolloutPlan banks = new RolloutPlan(new RolloutPlan.TargetFilter(Optional.empty(), java.util.Set.of("BANK_TERMINAL"),
        Optional.empty(), java.util.Set.of()), List.of(), List.of(), 100, new RolloutPlan.ErrorThreshold.Count(0), false,
        Optional.empty());
    assertThat(await(fleet.rollouts().push(policy(2), "", banks, "ops").map(v -> "created")
        .otherwise(Throwable::getMessage), START)).as("the agents are kiosks").contains("no registered device matches");
    RolloutPlan kiosks = new RolloutPlan(new RolloutPlan.TargetFilter(Optional.of("440103"), java.util.Set.of("KIOSK"),
        Optional.of(RolloutPlan.VersionConstraint.parse(">=0.0.1")), java.util.Set.of()), List.of(), List.of(), 100,
        new RolloutPlan.ErrorThreshold.Count(0), false, Optional.empty());
    RolloutService.View v = await(fleet.rollouts().push(policy(2), "", kiosks, "ops"), START);
    assertThat(v.devices()).extracting(RolloutStore.Device::deviceId).containsExactly("kiosk-kind-1", "kiosk-kind-2");
    await().atMost(WAIT).until(() -> rollout(v.rollout().rolloutId()).rollout().phase() == RolloutPlan.Phase.COMPLETED);
  }

  @Test
  void canary_that_refuses_pauses_the_rollout_and_the_rest_never_get_the_bundle() throws Exception {
    Path strangerKey = dir.resolve("stranger.pub.pem");
    Keys.writePublicKey(strangerKey, Keys.generate(SignatureAlgorithm.ED25519).getPublic());
    AgentVerticle canary = kiosk("kiosk-ha-1", strangerKey);     // trusts another fleet: refuses our signature
    AgentVerticle other = kiosk("kiosk-ha-2", fleet.configKeyFile());

    String id = await(fleet.rollouts().push(policy(2), "", canaryFirst("kiosk-ha-1"), "ops"), START).rollout()
        .rolloutId();

    await().atMost(WAIT).until(() -> rollout(id).rollout().phase() == RolloutPlan.Phase.PAUSED);
    RolloutService.View halted = rollout(id);
    assertThat(halted.rollout().reason()).contains("kiosk-ha-1").contains("BAD_SIGNATURE");
    assertThat(halted.devices().get(0)).satisfies(d -> {
      assertThat(d.status()).isEqualTo(RolloutPlan.DeviceStatus.REFUSED);
      assertThat(d.reason()).isEqualTo("BAD_SIGNATURE");
    });
    assertThat(halted.devices().get(1).status()).isEqualTo(RolloutPlan.DeviceStatus.WAITING);
    assertThat(await(canary.configVersion())).isZero();
    assertThat(await(other.configVersion())).isZero();
  }

  @Test
  void command_round_trip_then_a_replay_is_refused_and_reported() throws Exception {
    kiosk("kiosk-cmd-1", fleet.configKeyFile());

    CommandStore.SentCommand sent = await(fleet.commands().send("kiosk-cmd-1", "ping", Map.of(), Optional.empty()), START);
    await().atMost(WAIT).until(() -> !"SENT".equals(await(fleet.commands().view(sent.commandId())).getString("status")));
    JsonObject view = await(fleet.commands().view(sent.commandId()));
    assertThat(view.getString("status")).isEqualTo("DONE");
    assertThat(view.getString("detail")).startsWith("pong");

    // Someone re-publishes the captured signed command on the device's topic.
    await(fleet.commands().publish("kiosk-cmd-1", sent.payload().getBytes(StandardCharsets.UTF_8)), START);

    await().atMost(WAIT).until(() -> await(fleet.commands().results(sent.commandId())).size() == 2);
    List<CommandStore.ReceivedResult> results = await(fleet.commands().results(sent.commandId()));
    assertThat(results.get(1).status()).isEqualTo("REFUSED_REPLAY");
    assertThat(results.get(1).detail()).startsWith("REPLAYED: ");
    assertThat(await(fleet.commands().view(sent.commandId())).getString("status"))
        .as("the first answer stays the outcome").isEqualTo("DONE");
  }

  @Test
  void maintenance_commands_self_test_test_page_masked_logs_and_restart_round_trip() throws Exception {
    kiosk("kiosk-mnt-1", fleet.configKeyFile());
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger)
        org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    org.doorstep.agent.logging.RecentLogs recent = new org.doorstep.agent.logging.RecentLogs();
    recent.setContext(root.getLoggerContext());
    recent.start();
    root.addAppender(recent);
    try {
      org.slf4j.LoggerFactory.getLogger("org.doorstep.agent.kiosk.Probe")
          .warn("careless line: resident 110101194001011234, phone 13812345678");

      JsonObject selfTest = commandOutcome("kiosk-mnt-1", "self-test", Map.of());
      assertThat(selfTest.getString("status")).as(selfTest.encode()).isEqualTo("DONE");
      assertThat(selfTest.getString("detail")).startsWith("self-test passed: ")
          .contains("idCardReader ONLINE").contains("printer ONLINE (paper FULL)");

      JsonObject page = commandOutcome("kiosk-mnt-1", "print-test-page", Map.of());
      assertThat(page.getString("status")).as(page.encode()).isEqualTo("DONE");
      assertThat(page.getString("detail")).isEqualTo("test page printed (80 mm)");

      JsonObject logs = commandOutcome("kiosk-mnt-1", "fetch-logs", Map.of("lines", "500"));
      assertThat(logs.getString("status")).isEqualTo("DONE");
      String text = logs.getJsonArray("results").getJsonObject(0).getString("detail");
      assertThat(text).startsWith("# ").contains("careless line: resident 110***********1234, phone 138****5678")
          .doesNotContain("110101194001011234").doesNotContain("13812345678");
      assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(16 * 1024);

      JsonObject bad = commandOutcome("kiosk-mnt-1", "fetch-logs", Map.of("maxBytes", "10"));
      assertThat(bad.getString("status")).isEqualTo("FAILED");
      assertThat(bad.getString("detail")).isEqualTo("args.maxBytes: must be a whole number from 1024 to 65536, was '10'");
    } finally {
      root.detachAppender(recent);
      recent.stop();
    }

    JsonObject restart = commandOutcome("kiosk-mnt-1", "restart", Map.of());
    assertThat(restart.getString("status")).as(restart.encode()).isEqualTo("DONE");
    assertThat(restart.getString("detail")).startsWith("services restarted");
    JsonObject ping = commandOutcome("kiosk-mnt-1", "ping", Map.of());
    assertThat(ping.getString("status")).as("the restarted services answer").isEqualTo("DONE");
  }

  /** Sends a command and waits for its outcome (the command's view with its results). */
  private JsonObject commandOutcome(String deviceId, String name, Map<String, String> args) {
    CommandStore.SentCommand sent = await(fleet.commands().send(deviceId, name, args, Optional.empty()), START);
    await().atMost(WAIT).until(() -> !"SENT".equals(await(fleet.commands().view(sent.commandId())).getString("status")));
    return await(fleet.commands().view(sent.commandId()));
  }
}
