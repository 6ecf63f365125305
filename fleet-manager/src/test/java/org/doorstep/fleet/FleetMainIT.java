package org.doorstep.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.doorstep.fleet.testing.TestCiphers;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's device commands, writing to a real SQLite store named by a config file. */
class FleetMainIT {
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
    Path db = dir.resolve("fleet.db");
    Path cfg = dir.resolve("fleet.yaml");
    Files.writeString(cfg, "store:\n  sqlite:\n    path: " + db + "\n");
    return cfg;
  }

  @Test
  void devices_add_registers_into_the_configured_store_and_list_shows_it() throws Exception {
    TestKiosk kiosk = TestKiosk.create("kiosk-cli");
    Path pem = dir.resolve("kiosk.pub.pem");
    Files.writeString(pem, kiosk.publicKeyPem());
    Path cfg = config();

    int added = run("devices", "add", "--id", "kiosk-cli", "--public-key", pem.toString(), "--region", "cn-110105",
        "--config", cfg.toString());
    int again = run("devices", "add", "--id", "kiosk-cli", "--public-key", kiosk.publicKeyPem(), "--region", "cn-110105",
        "--config", cfg.toString());
    int listed = run("devices", "list", "--config", cfg.toString());

    assertThat(added).as(err.toString()).isZero();
    assertThat(again).isZero();
    assertThat(listed).isZero();
    assertThat(out.toString()).contains("registered kiosk-cli (Ed25519 key").contains("already registered kiosk-cli")
        .contains("cn-110105");
    Vertx vertx = Vertx.vertx();
    try {
      FleetStores store = await(FleetStores.sqlite(vertx, dir.resolve("fleet.db"), TestCiphers.aes()));
      assertThat(await(store.devices().findDevice("kiosk-cli"))).isPresent();
      await(store.close());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void devices_add_with_a_bad_key_fails_with_a_message() throws Exception {
    int code = run("devices", "add", "--id", "kiosk-cli", "--public-key", "-----BEGIN PUBLIC KEY-----\nxx\n", "--region",
        "r", "--config", config().toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("publicKeyPem:");
  }

  @Test
  void missing_options_are_a_usage_error() {
    assertThat(run("devices", "add", "--id", "x")).isEqualTo(2);
  }
}
