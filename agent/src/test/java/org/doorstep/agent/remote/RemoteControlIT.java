package org.doorstep.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.doorstep.agent.testing.FakeUplink;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.bundle.ConfigReport;
import org.doorstep.config.contract.Command;
import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.ConfigBundle;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.FleetLink;
import org.doorstep.config.profile.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote control against real SQLite and real files in a temp dir, with a {@link FakeUplink}: every
 * refusal the issue names (tampered, wrong key, other device, rollback, schema-invalid bundles; replayed,
 * expired and misdirected commands) is refused with its reason, reported (signed by the device), and
 * nothing is applied or executed.
 */
class RemoteControlIT {
  private static final String DEVICE = "kiosk-rc-1";
  private static final Instant NOW = Instant.parse("2026-03-02T01:00:00Z");
  private static final String CONFIG_TOPIC = Topics.topic(DEVICE, Topics.Channel.CONFIG);
  private static final String COMMANDS_TOPIC = Topics.topic(DEVICE, Topics.Channel.COMMANDS);

  @TempDir Path dir;
  private Vertx vertx;
  private Context ctx;
  private final Signer fleet = new Signer(Keys.generate(SignatureAlgorithm.ED25519));
  private final KeyPair device = Keys.generate(SignatureAlgorithm.ED25519);
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private DoorstepConfig local;
  private RemoteControl remote;
  private FakeUplink uplink;
  private final List<InForce> applied = new ArrayList<>();
  /** Versions whose apply fails (the agent could not start with them). */
  private final List<Long> failing = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    ctx = vertx.getOrCreateContext();
    local = TestAgents.config(DEVICE, dir, "tcp://127.0.0.1:1", Duration.ofSeconds(5), 10);
    Keys.writePublicKey(dir.resolve(FleetLink.DEFAULT_CONFIG_KEY_FILE), fleet.publicKey());
    remote = open();
  }

  @AfterEach
  void tearDown() {
    if (remote != null) {
      remote.close().await();
    }
    vertx.close().await();
  }

  private RemoteControl open() {
    RemoteControl r = on(() -> RemoteControl.open(vertx, local, new Signer(device), clock));
    r.applier(next -> {
      if (failing.contains(next.version())) {
        return Future.failedFuture(new IllegalStateException("devices: printer port /dev/ttyUSB9 does not exist"));
      }
      applied.add(next);
      return Future.succeededFuture();
    });
    uplink = new FakeUplink(true);
    on(() -> {
      r.attach(uplink);
      return Future.succeededFuture();
    });
    return r;
  }

  private RemoteControl restart() {
    remote.close().await();
    remote = open();
    return remote;
  }

  private <T> T on(Supplier<Future<T>> action) {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> action.get().onComplete(p));
    return p.future().await();
  }

  // ---- fixtures ---------------------------------------------------------------------------------

  private static ObjectNode policyDoc(int matchRetries) {
    ObjectNode doc = WireCodec.mapper().createObjectNode();
    doc.putObject("policy").put("matchRetries", matchRetries);
    return doc;
  }

  private byte[] bundle(long version, JsonNode doc, String forDevice, Signer by) {
    return WireCodec.encodeSigned(MessageType.CONFIG, new ConfigBundle(version, doc, Optional.of(forDevice)), by);
  }

  private byte[] bundle(long version, int matchRetries) {
    return bundle(version, policyDoc(matchRetries), DEVICE, fleet);
  }

  private Optional<ConfigReport> sendConfig(byte[] payload) {
    return on(() -> remote.handleConfig(payload));
  }

  private byte[] command(String id, String name, Map<String, String> args, String nonce, Instant expiresAt,
      String forDevice) {
    return WireCodec.encodeSigned(MessageType.COMMAND,
        new Command(id, name, args, nonce, expiresAt, Optional.of(forDevice)), fleet);
  }

  private Optional<CommandResult> sendCommand(byte[] payload) {
    return on(() -> remote.handleCommand(payload));
  }

  /** The results published on the command-results topic, each verified with the device key. */
  private List<CommandResult> publishedResults() {
    List<CommandResult> out = new ArrayList<>();
    for (FakeUplink.Published p : uplink.published()) {
      assertThat(p.topic()).isEqualTo(Topics.topic(DEVICE, Topics.Channel.COMMAND_RESULTS));
      WireMessage m = WireCodec.decode(p.payload());
      assertThat(m.verifiedBy(device.getPublic())).as("result signed by the device").isTrue();
      out.add(m.bodyAs(CommandResult.class));
    }
    return out;
  }

  private long storedVersion() {
    return remote.inForce().version();
  }

  // ---- config bundles ---------------------------------------------------------------------------

  @Test
  void subscribes_to_its_own_config_and_commands_topics() {
    assertThat(uplink.subscribed()).containsExactly(CONFIG_TOPIC, COMMANDS_TOPIC);
  }

  @Test
  void signed_bundle_is_applied_over_the_local_config_and_reported_applied() throws Exception {
    uplink.deliver(CONFIG_TOPIC, bundle(3, 4));
    await(() -> !applied.isEmpty());

    assertThat(applied).singleElement().satisfies(f -> {
      assertThat(f.version()).isEqualTo(3);
      assertThat(f.config().policy().matchRetries()).isEqualTo(4);
      assertThat(f.config().device().id()).isEqualTo(DEVICE);
      assertThat(f.config().policy().ackTimeout()).as("local value kept").isEqualTo(Duration.ofSeconds(5));
    });
    assertThat(storedVersion()).isEqualTo(3);
    assertThat(Files.readAllBytes(dir.resolve("config/current.json"))).isEqualTo(bundle(3, 4));
    assertThat(publishedResults()).singleElement().satisfies(r -> {
      assertThat(r.commandId()).isEqualTo("config-3");
      assertThat(r.status()).isEqualTo(CommandResult.Status.DONE);
      assertThat(r.detail()).isEqualTo("APPLIED");
    });
  }

  @Test
  void second_bundle_keeps_the_first_as_last_known_good() throws Exception {
    sendConfig(bundle(1, 2));
    sendConfig(bundle(2, 3));
    assertThat(Files.readAllBytes(dir.resolve("config/current.json"))).isEqualTo(bundle(2, 3));
    assertThat(Files.readAllBytes(dir.resolve("config/last-known-good.json"))).isEqualTo(bundle(1, 2));
  }

  @Test
  void tampered_bundle_is_refused_bad_signature_and_nothing_applied() {
    String text = new String(bundle(5, 4), StandardCharsets.UTF_8);
    byte[] tampered = text.replace("\"matchRetries\":4", "\"matchRetries\":9").getBytes(StandardCharsets.UTF_8);

    assertThat(sendConfig(tampered)).hasValueSatisfying(r -> {
      assertThat(r.reason()).isEqualTo("BAD_SIGNATURE");
      assertThat(r.version()).isEqualTo(5);
    });
    assertNothingApplied();
    assertThat(publishedResults()).singleElement().satisfies(r -> {
      assertThat(r.commandId()).isEqualTo("config-5");
      assertThat(r.status()).isEqualTo(CommandResult.Status.REFUSED_SIGNATURE);
      assertThat(r.detail()).startsWith("BAD_SIGNATURE: ");
    });
  }

  @Test
  void bundle_signed_with_another_key_is_refused() {
    Signer stranger = new Signer(Keys.generate(SignatureAlgorithm.ED25519));
    assertThat(sendConfig(bundle(5, policyDoc(4), DEVICE, stranger))).hasValueSatisfying(r ->
        assertThat(r.reason()).isEqualTo("BAD_SIGNATURE"));
    assertNothingApplied();
  }

  @Test
  void bundle_for_another_device_is_refused() {
    assertThat(sendConfig(bundle(5, policyDoc(4), "kiosk-other", fleet))).hasValueSatisfying(r ->
        assertThat(r.reason()).isEqualTo("WRONG_DEVICE"));
    assertNothingApplied();
  }

  @Test
  void rolled_back_bundle_is_refused_even_after_a_restart() {
    sendConfig(bundle(7, 4));
    restart();
    assertThat(storedVersion()).as("version in force after restart").isEqualTo(7);
    assertThat(remote.inForce().config().policy().matchRetries()).isEqualTo(4);
    applied.clear();

    assertThat(sendConfig(bundle(6, 1))).hasValueSatisfying(r -> {
      assertThat(r.reason()).isEqualTo("ROLLBACK");
      assertThat(r.detail()).contains("older than 7");
    });
    assertThat(applied).isEmpty();
    assertThat(publishedResults()).singleElement().satisfies(r ->
        assertThat(r.status()).isEqualTo(CommandResult.Status.REFUSED_REPLAY));
  }

  @Test
  void retained_redelivery_of_the_version_in_force_is_silent() {
    sendConfig(bundle(2, 4));
    applied.clear();
    int before = uplink.published().size();
    assertThat(sendConfig(bundle(2, 4))).isEmpty();
    assertThat(applied).isEmpty();
    assertThat(uplink.published()).hasSize(before);
  }

  @Test
  void schema_invalid_bundle_is_refused_with_every_violation() {
    ObjectNode doc = policyDoc(99);
    doc.with("policy").put("uploadBatchSize", 0);
    assertThat(sendConfig(bundle(4, doc, DEVICE, fleet))).hasValueSatisfying(r -> {
      assertThat(r.reason()).isEqualTo("SCHEMA_INVALID");
      assertThat(r.detail()).contains("policy.matchRetries").contains("policy.uploadBatchSize");
    });
    assertNothingApplied();
  }

  @Test
  void bundle_cannot_change_local_only_keys() {
    ObjectNode doc = policyDoc(4);
    doc.putObject("device").put("id", "kiosk-hijacked").put("dataDir", "/tmp/elsewhere");
    doc.putObject("fleet").put("configKeyFile", "/tmp/attacker.pem");
    sendConfig(bundle(2, doc, DEVICE, fleet));
    assertThat(applied).singleElement().satisfies(f -> {
      assertThat(f.config().device().id()).isEqualTo(DEVICE);
      assertThat(f.config().device().dataDir()).isEqualTo(dir.toString());
      assertThat(f.config().fleet().configKeyFile()).isEmpty();
    });
  }

  @Test
  void apply_failure_goes_back_to_last_known_good_and_the_version_is_not_tried_again() throws Exception {
    sendConfig(bundle(1, 2));
    failing.add(2L);

    assertThat(sendConfig(bundle(2, 3))).hasValueSatisfying(r -> {
      assertThat(r.reason()).isEqualTo(ConfigReport.APPLY_FAILED);
      assertThat(r.detail()).contains("/dev/ttyUSB9").contains("back on version 1");
    });
    assertThat(applied).extracting(InForce::version).containsExactly(1L, 1L);
    assertThat(storedVersion()).isEqualTo(1);
    assertThat(Files.readAllBytes(dir.resolve("config/current.json"))).isEqualTo(bundle(1, 2));

    failing.clear();
    assertThat(sendConfig(bundle(2, 3))).as("re-delivery of the failed version").hasValueSatisfying(r ->
        assertThat(r.reason()).isEqualTo(ConfigReport.FAILED_BEFORE));
    assertThat(sendConfig(bundle(3, 3))).hasValueSatisfying(r -> assertThat(r.isApplied()).isTrue());
  }

  @Test
  void stored_bundle_altered_at_rest_falls_back_to_last_known_good_at_start() throws Exception {
    sendConfig(bundle(1, 2));
    sendConfig(bundle(2, 3));
    Path current = dir.resolve("config/current.json");
    Files.writeString(current, Files.readString(current).replace("\"matchRetries\":3", "\"matchRetries\":9"));

    restart();
    assertThat(storedVersion()).isEqualTo(1);
    assertThat(remote.inForce().config().policy().matchRetries()).isEqualTo(2);
    assertThat(Files.readAllBytes(current)).as("last known good made current again").isEqualTo(bundle(1, 2));
  }

  @Test
  void without_the_fleet_key_every_bundle_is_refused() throws Exception {
    Files.delete(dir.resolve(FleetLink.DEFAULT_CONFIG_KEY_FILE));
    restart();
    assertThat(sendConfig(bundle(1, 2))).hasValueSatisfying(r ->
        assertThat(r.reason()).isEqualTo(RemoteControl.NO_FLEET_KEY));
    assertNothingApplied();
  }

  @Test
  void results_wait_for_the_connection() {
    uplink.connected(false);
    sendConfig(bundle(5, policyDoc(4), "kiosk-other", fleet));
    assertThat(uplink.published()).isEmpty();
    assertThat(remote.pendingResults()).isEqualTo(1);
    on(() -> {
      uplink.connected(true);
      return Future.succeededFuture();
    });
    assertThat(publishedResults()).singleElement().satisfies(r -> assertThat(r.commandId()).isEqualTo("config-5"));
  }

  private void assertNothingApplied() {
    assertThat(applied).isEmpty();
    assertThat(storedVersion()).isZero();
    assertThat(dir.resolve("config/current.json")).doesNotExist();
  }

  // ---- commands ---------------------------------------------------------------------------------

  @Test
  void ping_is_executed_and_answered_with_a_signed_result() {
    BuiltInCommands.register(remote.handlers(), hooks("9.9.9", 4));
    uplink.deliver(COMMANDS_TOPIC, command("c-1", "ping", Map.of(), "n-1", NOW.plusSeconds(60), DEVICE));
    await(() -> !uplink.published().isEmpty());
    assertThat(publishedResults()).singleElement().satisfies(r -> {
      assertThat(r.commandId()).isEqualTo("c-1");
      assertThat(r.status()).isEqualTo(CommandResult.Status.DONE);
      assertThat(r.detail()).contains("9.9.9").contains("config version 4");
    });
  }

  @Test
  void replayed_command_is_refused_and_not_executed_again_even_after_a_restart() {
    List<String> ran = new ArrayList<>();
    CommandHandler counting = c -> {
      ran.add(c.commandId());
      return Future.succeededFuture(CommandHandler.Outcome.done("ok"));
    };
    remote.handlers().register("self-test", counting);
    byte[] cmd = command("c-2", "self-test", Map.of(), "nonce-2", NOW.plusSeconds(300), DEVICE);
    assertThat(sendCommand(cmd)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(CommandResult.Status.DONE));

    assertThat(sendCommand(cmd)).hasValueSatisfying(r -> {
      assertThat(r.status()).isEqualTo(CommandResult.Status.REFUSED_REPLAY);
      assertThat(r.detail()).startsWith("REPLAYED: ");
    });
    restart();
    remote.handlers().register("self-test", counting);
    assertThat(sendCommand(cmd)).as("replay after restart").hasValueSatisfying(r ->
        assertThat(r.status()).isEqualTo(CommandResult.Status.REFUSED_REPLAY));
    assertThat(ran).containsExactly("c-2");
  }

  @Test
  void expired_command_is_refused_and_not_executed() {
    List<String> ran = new ArrayList<>();
    remote.handlers().register("self-test", c -> {
      ran.add(c.commandId());
      return Future.succeededFuture(CommandHandler.Outcome.done("ok"));
    });
    assertThat(sendCommand(command("c-3", "self-test", Map.of(), "n-3", NOW.minusSeconds(120), DEVICE)))
        .hasValueSatisfying(r -> {
          assertThat(r.status()).isEqualTo(CommandResult.Status.REFUSED_EXPIRED);
          assertThat(r.detail()).startsWith("EXPIRED: ");
        });
    assertThat(ran).isEmpty();
    assertThat(publishedResults()).singleElement().satisfies(r -> assertThat(r.commandId()).isEqualTo("c-3"));
  }

  @Test
  void command_for_another_device_is_refused() {
    assertThat(sendCommand(command("c-4", "ping", Map.of(), "n-4", NOW.plusSeconds(60), "kiosk-other")))
        .hasValueSatisfying(r -> {
          assertThat(r.status()).isEqualTo(CommandResult.Status.REFUSED_SIGNATURE);
          assertThat(r.detail()).startsWith("WRONG_DEVICE: ");
        });
  }

  @Test
  void command_signed_with_another_key_is_refused() {
    Signer stranger = new Signer(Keys.generate(SignatureAlgorithm.ED25519));
    byte[] cmd = WireCodec.encodeSigned(MessageType.COMMAND,
        new Command("c-5", "ping", Map.of(), "n-5", NOW.plusSeconds(60), Optional.of(DEVICE)), stranger);
    assertThat(sendCommand(cmd)).hasValueSatisfying(r -> {
      assertThat(r.status()).isEqualTo(CommandResult.Status.REFUSED_SIGNATURE);
      assertThat(r.detail()).startsWith("BAD_SIGNATURE: ");
    });
  }

  @Test
  void unknown_command_is_answered_unknown() {
    assertThat(sendCommand(command("c-6", "launch-rockets", Map.of(), "n-6", NOW.plusSeconds(60), DEVICE)))
        .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(CommandResult.Status.UNKNOWN_COMMAND));
  }

  @Test
  void failing_handler_is_reported_failed() {
    remote.handlers().register("self-test", c -> Future.failedFuture(new IllegalStateException("printer cover open")));
    assertThat(sendCommand(command("c-7", "self-test", Map.of(), "n-7", NOW.plusSeconds(60), DEVICE)))
        .hasValueSatisfying(r -> {
          assertThat(r.status()).isEqualTo(CommandResult.Status.FAILED);
          assertThat(r.detail()).isEqualTo("printer cover open");
        });
  }

  @Test
  void power_cycle_without_a_relay_fails_with_the_reason() {
    BuiltInCommands.register(remote.handlers(), hooks("1", 0));
    assertThat(sendCommand(command("c-8", "power-cycle", Map.of("peripheral", "scanner"), "n-8",
        NOW.plusSeconds(60), DEVICE))).hasValueSatisfying(r -> {
          assertThat(r.status()).isEqualTo(CommandResult.Status.FAILED);
          assertThat(r.detail()).contains("must be idCardReader or printer");
        });
  }

  /** Hooks for commands that need no devices (the services are "stopped": devices null). */
  private BuiltInCommands.Hooks hooks(String agentVersion, long configVersion) {
    return new BuiltInCommands.Hooks(agentVersion, () -> configVersion, () -> remote.inForce().config(), () -> { },
        () -> null, () -> new org.doorstep.agent.device.health.HealthRegistry(clock).snapshot(),
        () -> Future.succeededFuture(remote.inForce()), () -> Future.succeededFuture(), clock);
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition);
  }

  @SuppressWarnings("unused")
  private static ConfigLoader loader() {
    return ConfigLoader.withoutEnvironment();
  }
}
