package org.doorstep.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.fleet.config.FleetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fleet-manager config …} and {@code commands …} against a running fleet manager's REST API. */
class ConfigAndCommandsCliIT {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir
  Path dir;
  private Vertx vertx;
  private FleetVerticle fleet;
  private StringWriter out;
  private StringWriter err;
  private Path caFile;
  private String token;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0).withEmbeddedBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db")));
    await(vertx.deployVerticle(fleet), START);
    caFile = dir.resolve("tls-ca.pem");
    Files.writeString(caFile, Certificates.toPem(fleet.serverIdentity().trusted().get(0)));
    token = await(fleet.operators().create("cli-admin", "ADMIN", "86")).token();
  }

  @AfterEach
  void tearDown() {
    await(vertx.close(), START);
  }

  private int run(String... args) {
    return runAs(token, args);
  }

  private int runAs(String operatorToken, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = new CommandLine(new FleetMain());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 6];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = "https://127.0.0.1:" + fleet.httpPort();
    all[args.length + 2] = "--cacert";
    all[args.length + 3] = caFile.toString();
    all[args.length + 4] = "--token";
    all[args.length + 5] = operatorToken;
    return cli.execute(all);
  }

  @Test
  void config_key_is_created_on_first_start_owner_only_and_served() throws Exception {
    Path priv = fleet.configKeyDir().resolve("fleet-config-key.pem");
    assertThat(Files.getPosixFilePermissions(priv)).extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    assertThat(run("config", "key")).isZero();
    assertThat(out.toString()).contains("BEGIN PUBLIC KEY");
    assertThat(Keys.algorithmOf(Keys.readPublicKey(fleet.configKeyFile()))).isEqualTo(SignatureAlgorithm.ED25519);
  }

  @Test
  void broken_config_is_refused_with_every_violation_and_nothing_stored() throws Exception {
    Path doc = dir.resolve("bad.yaml");
    Files.writeString(doc, "policy:\n  matchRetries: 99\n  uploadBatchSize: 0\ndevice:\n  id: kiosk-x\n");
    assertThat(run("config", "push", "--file", doc.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("policy.matchRetries").contains("policy.uploadBatchSize")
        .contains("device.id: is local to each terminal");
    assertThat(await(fleet.rollouts().versions())).isEmpty();
  }

  @Test
  void push_without_matching_devices_is_refused_but_the_version_is_kept() throws Exception {
    Path doc = dir.resolve("ok.json");
    Files.writeString(doc, "{\"policy\": {\"matchRetries\": 2}}");
    assertThat(run("config", "push", "--file", doc.toString(), "--groups", "50%,100%")).isEqualTo(1);
    assertThat(err.toString()).contains("no registered device matches the plan");
    assertThat(await(fleet.rollouts().versions())).singleElement().satisfies(v -> assertThat(v.version()).isEqualTo(1));
  }

  @Test
  void invalid_plan_and_unknown_device_are_refused() throws Exception {
    Path doc = dir.resolve("ok.json");
    Files.writeString(doc, "{}");
    assertThat(run("config", "push", "--file", doc.toString(), "--groups", "50%,20%")).isEqualTo(1);
    assertThat(err.toString()).contains("groups: percentages are cumulative and must ascend");
    assertThat(run("config", "push", "--file", doc.toString(), "--error-threshold", "lots")).isEqualTo(2);
    assertThat(err.toString()).contains("--error-threshold: 'lots' is neither a count");
    assertThat(run("commands", "send", "--device", "kiosk-nobody", "--name", "ping")).isEqualTo(1);
    assertThat(err.toString()).contains("404").contains("not registered");
    assertThat(run("commands", "send", "--device", "kiosk-nobody", "--name", "Bad Name")).isEqualTo(1);
    assertThat(err.toString()).contains("400").contains("name:");
  }

  @Test
  void operators_need_the_role_and_the_region_for_config_and_commands() throws Exception {
    fleet.devices().register("kiosk-gz", Keys.toPem(Keys.generate(SignatureAlgorithm.ED25519).getPublic()), "440106")
        .toCompletionStage().toCompletableFuture().get();
    Path doc = dir.resolve("ok.json");
    Files.writeString(doc, "{\"policy\": {\"matchRetries\": 2}}");
    String auditor = await(fleet.operators().create("auditor", "AUDITOR", "86")).token();
    assertThat(runAs(auditor, "config", "push", "--file", doc.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("403").contains("may not MANAGE_CONFIG");
    String beijing = await(fleet.operators().create("bj-ops", "FLEET_OPERATOR", "11")).token();
    assertThat(runAs(beijing, "commands", "send", "--device", "kiosk-gz", "--name", "ping")).isEqualTo(1);
    assertThat(err.toString()).contains("403").contains("outside operator region");
    assertThat(runAs(beijing, "config", "push", "--file", doc.toString(), "--region", "44")).isEqualTo(1);
    assertThat(err.toString()).contains("403").contains("outside operator region");
    assertThat(runAs(beijing, "config", "push", "--file", doc.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("403").contains("outside operator region");
    assertThat(runAs("not-a-token", "config", "status")).isEqualTo(1);
    assertThat(err.toString()).contains("401");
    assertThat(await(fleet.rollouts().versions())).isEmpty();
    String guangdong = await(fleet.operators().create("gd-ops", "FLEET_OPERATOR", "44")).token();
    assertThat(runAs(guangdong, "commands", "send", "--device", "kiosk-gz", "--name", "ping")).isZero();
  }

  @Test
  void a_rollout_is_approved_by_a_second_operator_paused_resumed_and_rolled_back_through_the_cli() throws Exception {
    fleet.devices().register("kiosk-cli", Keys.toPem(Keys.generate(SignatureAlgorithm.ED25519).getPublic()), "440106")
        .toCompletionStage().toCompletableFuture().get();
    Path doc = dir.resolve("ok.json");
    Files.writeString(doc, "{\"policy\": {\"matchRetries\": 2}}");
    assertThat(run("config", "push", "--file", doc.toString(), "--region", "44", "--approval", "--groups", "1,100%",
        "--error-threshold", "10%")).as(err.toString()).isZero();
    io.vertx.core.json.JsonObject created = new io.vertx.core.json.JsonObject(out.toString());
    String id = created.getString("rolloutId");
    assertThat(created.getString("phase")).isEqualTo("WAITING_APPROVAL");
    assertThat(created.getJsonObject("plan").getJsonObject("errorThreshold").getInteger("percent")).isEqualTo(10);

    assertThat(run("config", "approve", "--rollout", id)).isEqualTo(1);
    assertThat(err.toString()).contains("403").contains("a second operator must approve it");
    String approver = await(fleet.operators().create("gd-approver", "ROLLOUT_APPROVER", "44")).token();
    assertThat(runAs(approver, "config", "approve", "--rollout", id)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("\"approvedBy\" : \"gd-approver\"");
    assertThat(runAs(approver, "config", "pause", "--rollout", id)).as("approvers only approve").isEqualTo(1);
    assertThat(err.toString()).contains("403").contains("may not MANAGE_CONFIG");

    assertThat(run("config", "pause", "--rollout", id, "--reason", "checking")).isZero();
    assertThat(out.toString()).contains("\"phase\" : \"PAUSED\"").contains("paused by operator: checking");
    assertThat(run("config", "resume", "--rollout", id)).isZero();
    assertThat(run("config", "next-group", "--rollout", id)).isEqualTo(1);
    assertThat(err.toString()).contains("409").contains("no next group");
    assertThat(run("config", "rollback", "--rollout", id)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("\"rollbackOf\" : \"" + id + "\"");
    assertThat(run("config", "status", "--rollout", id)).isZero();
    assertThat(out.toString()).contains("\"phase\" : \"HALTED\"");
  }
}
