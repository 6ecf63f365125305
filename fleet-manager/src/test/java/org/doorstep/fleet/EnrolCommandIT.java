package org.doorstep.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.doorstep.fleet.testing.TestCiphers;
import org.doorstep.fleet.enrol.EnrolmentTokens;
import org.doorstep.fleet.enrol.FleetCa;
import org.doorstep.fleet.store.FleetStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fleet-manager enrol token}, writing to a real SQLite store named by a config file. */
class EnrolCommandIT {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new FleetMain());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path config() throws Exception {
    Path cfg = dir.resolve("fleet.yaml");
    Files.writeString(cfg, "store:\n  sqlite:\n    path: " + dir.resolve("fleet.db") + "\n");
    return cfg;
  }

  @Test
  void enrol_token_prints_a_token_whose_hash_is_stored_bound_to_device_and_region() throws Exception {
    int code = run("enrol", "token", "--device", "kiosk-cli", "--region", "cn-110105", "--ttl", "2h",
        "--config", config().toString());

    assertThat(code).as(err.toString()).isZero();
    String[] lines = out.toString().strip().split("\\R");
    String token = lines[0];
    assertThat(token).hasSize(43);
    assertThat(err.toString()).contains("token for kiosk-cli (region cn-110105)").doesNotContain(token);
    assertThat(dir.resolve("ca").resolve(FleetCa.KEY_FILE)).exists();
    // Line 2: the TLS CA fingerprint the installer pins (STANDARD suite: the fleet CA itself).
    assertThat(lines[1]).isEqualTo(org.doorstep.config.crypto.Certificates.sha256Fingerprint(
        org.doorstep.config.crypto.Certificates.fromPem(Files.readString(dir.resolve("ca").resolve(FleetCa.CERT_FILE)))));
    Vertx vertx = Vertx.vertx();
    try {
      FleetStores store = await(FleetStores.sqlite(vertx, dir.resolve("fleet.db"), TestCiphers.aes()));
      var row = await(store.enrolment().findToken(EnrolmentTokens.hash(token))).orElseThrow();
      assertThat(row.deviceId()).isEqualTo("kiosk-cli");
      assertThat(row.region()).isEqualTo("cn-110105");
      assertThat(Duration.between(row.createdAt(), row.expiresAt())).isEqualTo(Duration.ofHours(2));
      await(store.close());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void enrol_token_with_a_bad_ttl_is_a_usage_error() throws Exception {
    assertThat(run("enrol", "token", "--device", "kiosk-cli", "--region", "r1", "--ttl", "soon",
        "--config", config().toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--ttl");
  }

  @Test
  void enrol_token_for_an_invalid_device_id_fails_with_the_reason() throws Exception {
    assertThat(run("enrol", "token", "--device", "kiosk/1", "--region", "r1", "--config", config().toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("deviceId:");
  }
}
