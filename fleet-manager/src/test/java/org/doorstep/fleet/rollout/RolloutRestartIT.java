package org.doorstep.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.profile.FleetLink;
import org.doorstep.fleet.rollout.RolloutPlan.DeviceStatus;
import org.doorstep.fleet.rollout.RolloutPlan.Phase;
import org.doorstep.fleet.testing.MutableClock;
import org.doorstep.fleet.testing.RunningFleet;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout continues correctly across fleet restarts (store version 9): waiting for approval, approved, paused
 * and resumed, with real kiosk agents that reconnect to the restarted broker, one of them offline until after
 * the last restart (its bundle, retained in the embedded broker's memory only, is published again); and a group
 * held by the maintenance window goes out after a restart once the window opens.
 */
class RolloutRestartIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir
  Path dir;

  private RunningFleet running;
  private final Vertx agents = Vertx.vertx();
  private final List<String> deployments = new ArrayList<>();

  @AfterEach
  void tearDown() {
    for (int i = deployments.size() - 1; i >= 0; i--) {
      await(agents.undeploy(deployments.get(i)).recover(e -> Future.succeededFuture()), START);
    }
    await(agents.close(), START);
    if (running != null) {
      running.close();
    }
  }

  private RolloutService rollouts() {
    return running.fleet().rollouts();
  }

  private RolloutService.View view(String id) {
    return await(rollouts().view(id));
  }

  private static Map<String, DeviceStatus> statuses(RolloutService.View v) {
    return v.devices().stream().collect(Collectors.toMap(RolloutStore.Device::deviceId, RolloutStore.Device::status));
  }

  /** A kiosk's data dir with its keys and the fleet's config key, registered in 440106; not started. */
  private Path provision(String id) throws IOException {
    Path data = dir.resolve(id);
    Files.createDirectories(data);
    Files.copy(running.fleet().configKeyFile(), data.resolve(FleetLink.DEFAULT_CONFIG_KEY_FILE));
    DeviceKeys.loadOrCreate(data, SignatureAlgorithm.ED25519);
    await(running.fleet().devices().register(id, Files.readString(DeviceKeys.publicKeyFile(data)), "440106"), START);
    return data;
  }

  private AgentVerticle startAgent(String id, Path data, int brokerPort) {
    AgentVerticle agent = new AgentVerticle(TestAgents.config(id, data, "tcp://127.0.0.1:" + brokerPort,
        Duration.ofSeconds(2), 50), TestAgents.fastOptions());
    deployments.add(await(agents.deployVerticle(agent), START));
    await().atMost(WAIT).until(() -> await(running.fleet().devices().list()).stream()
        .anyMatch(o -> o.device().deviceId().equals(id) && o.online().orElse(false)));
    return agent;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static ObjectNode policy(int matchRetries) {
    ObjectNode doc = WireCodec.mapper().createObjectNode();
    doc.putObject("policy").put("matchRetries", matchRetries);
    return doc;
  }

  @Test
  void a_rollout_waits_for_approval_is_approved_paused_and_resumed_across_restarts_and_completes() throws Exception {
    int brokerPort = freePort();
    running = RunningFleet.start(dir, brokerPort, Clock.systemUTC());
    AgentVerticle k1 = startAgent("kiosk-r1", provision("kiosk-r1"), brokerPort);
    AgentVerticle k2 = startAgent("kiosk-r2", provision("kiosk-r2"), brokerPort);
    Path k3Data = provision("kiosk-r3"); // offline until the end

    RolloutPlan plan = new RolloutPlan(RolloutPlan.TargetFilter.region("4401"), List.of("kiosk-r1"), List.of(), 100,
        new RolloutPlan.ErrorThreshold.Count(0), true, Optional.empty());
    String id = await(rollouts().push(policy(3), "restarts", plan, "alice"), START).rollout().rolloutId();
    assertThat(view(id).rollout().phase()).isEqualTo(Phase.WAITING_APPROVAL);

    running = running.restart();
    RolloutService.View waiting = view(id);
    assertThat(waiting.rollout().phase()).as("still waiting after a restart").isEqualTo(Phase.WAITING_APPROVAL);
    assertThat(waiting.rollout().createdBy()).isEqualTo("alice");
    assertThat(waiting.plan()).isEqualTo(plan);
    assertThat(statuses(waiting).values()).containsOnly(DeviceStatus.WAITING);
    assertThat(await(rollouts().approve(id, "alice", true).map(v -> "approved").otherwise(Throwable::getMessage)))
        .as("the creator does not approve after a restart either").contains("a second operator must approve it");

    await(rollouts().approve(id, "bob", true), START);
    await().atMost(WAIT).until(() -> statuses(view(id)).get("kiosk-r2") == DeviceStatus.APPLIED);
    RolloutService.View second = view(id);
    assertThat(statuses(second)).containsEntry("kiosk-r1", DeviceStatus.APPLIED)
        .containsEntry("kiosk-r3", DeviceStatus.PENDING);
    assertThat(second.rollout().currentGroup()).isEqualTo(1);
    await(rollouts().pause(id, "before the restart"), START);

    running = running.restart();
    RolloutService.View paused = view(id);
    assertThat(paused.rollout().phase()).isEqualTo(Phase.PAUSED);
    assertThat(paused.rollout().reason()).isEqualTo("paused by operator: before the restart");
    assertThat(paused.rollout().approvedBy()).contains("bob");
    assertThat(paused.rollout().approvedAt()).isPresent();
    assertThat(paused.rollout().currentGroup()).isEqualTo(1);
    assertThat(statuses(paused)).containsEntry("kiosk-r1", DeviceStatus.APPLIED)
        .containsEntry("kiosk-r2", DeviceStatus.APPLIED).containsEntry("kiosk-r3", DeviceStatus.PENDING);
    await(rollouts().resume(id), START);

    // The offline kiosk comes up after the restart: the broker lost the retained bundle with the restart, the
    // fleet published it again when it started.
    AgentVerticle k3 = startAgent("kiosk-r3", k3Data, brokerPort);
    await().atMost(WAIT).until(() -> view(id).rollout().phase() == Phase.COMPLETED);
    assertThat(statuses(view(id)).values()).containsOnly(DeviceStatus.APPLIED);
    for (AgentVerticle k : List.of(k1, k2, k3)) {
      await().atMost(WAIT).until(() -> await(k.configVersion()) == 1L);
    }
  }

  @Test
  void a_group_held_by_the_window_stays_held_across_a_restart_and_goes_out_when_the_window_opens() {
    MutableClock clock = new MutableClock();
    running = RunningFleet.start(dir, 0, clock);
    for (String id : List.of("kiosk-w1", "kiosk-w2")) {
      await(running.fleet().devices().register(id, TestKiosk.create(id).publicKeyPem(), "440106"));
    }
    ZoneId beijing = ZoneId.of("Asia/Shanghai");
    LocalTime local = clock.instant().atZone(beijing).toLocalTime().withSecond(0).withNano(0);
    RolloutPlan.MaintenanceWindow window = new RolloutPlan.MaintenanceWindow(local.plusHours(2), local.plusHours(3),
        Set.of(), beijing);
    RolloutPlan plan = new RolloutPlan(RolloutPlan.TargetFilter.all(), List.of(),
        List.of(new RolloutPlan.GroupSize.Count(1)), 100, new RolloutPlan.ErrorThreshold.Count(0), false,
        Optional.of(window));
    RolloutService.View held = await(rollouts().push(policy(2), "tonight", plan, "alice"), START);
    String id = held.rollout().rolloutId();
    assertThat(held.rollout().phase()).isEqualTo(Phase.RUNNING);
    assertThat(held.rollout().groupDue()).isTrue();
    assertThat(held.toJson(false, clock.instant()).getBoolean("waitingForWindow")).isTrue();
    assertThat(statuses(held).values()).containsOnly(DeviceStatus.WAITING);

    running = running.restart();
    await(rollouts().tick());
    RolloutService.View after = view(id);
    assertThat(after.rollout().groupDue()).as("held across the restart").isTrue();
    assertThat(statuses(after).values()).containsOnly(DeviceStatus.WAITING);
    assertThat(after.toJson(false, clock.instant()).getString("nextWindowAt"))
        .isEqualTo(window.nextOpening(clock.instant()).toString());

    clock.advance(Duration.ofMinutes(150));
    await(rollouts().tick());
    Function<String, DeviceStatus> status = d -> statuses(view(id)).get(d);
    assertThat(status.apply("kiosk-w1")).isEqualTo(DeviceStatus.PENDING);
    assertThat(status.apply("kiosk-w2")).isEqualTo(DeviceStatus.WAITING);
    long version = view(id).rollout().version();
    rollouts().onState("kiosk-w1", version);
    await().atMost(WAIT).until(() -> status.apply("kiosk-w2") == DeviceStatus.PENDING);
    assertThat(status.apply("kiosk-w1")).isEqualTo(DeviceStatus.APPLIED);
  }
}
