package org.doorstep.fleet.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.doorstep.fleet.testing.TestCiphers;
import org.doorstep.fleet.FleetMain;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.testing.Futures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fleet-manager operators add|list|revoke} on a real SQLite store named by a config file. */
class OperatorsCommandIT {
  @TempDir
  Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
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
  void first_admin_is_bootstrapped_listed_and_revoked() throws Exception {
    String cfg = config().toString();

    assertThat(run("operators", "add", "--name", "alice", "--role", "ADMIN", "--region", "86", "--config", cfg))
        .as(err.toString()).isZero();
    String token = out.toString().strip();
    assertThat(token).startsWith(OperatorService.TOKEN_PREFIX);
    assertThat(err.toString()).contains("alice (ADMIN, region 86)").doesNotContain(token);
    Vertx vertx = Vertx.vertx();
    try {
      FleetStores store = await(FleetStores.sqlite(vertx, dir.resolve("fleet.db"), TestCiphers.aes()));
      assertThat(await(new OperatorService(store.operators(), Clock.systemUTC()).authenticate(token)).role()).isEqualTo(Role.ADMIN);
      await(store.close());

      assertThat(run("operators", "list", "--config", cfg)).isZero();
      assertThat(out.toString()).contains("alice").contains("ADMIN").doesNotContain(token);
      assertThat(run("operators", "revoke", "--name", "alice", "--config", cfg)).isZero();
      assertThat(run("operators", "revoke", "--name", "nobody", "--config", cfg)).isEqualTo(1);
      assertThat(err.toString()).contains("no operator nobody");

      store = await(FleetStores.sqlite(vertx, dir.resolve("fleet.db"), TestCiphers.aes()));
      Throwable refused = Futures.failure(new OperatorService(store.operators(), Clock.systemUTC()).authenticate(token));
      assertThat(((OperatorException) refused).reason()).isEqualTo(OperatorException.Reason.TOKEN_REVOKED);
      await(store.close());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void bad_role_or_region_is_refused_with_the_field_and_taken_names_too() throws Exception {
    String cfg = config().toString();

    assertThat(run("operators", "add", "--name", "bob", "--role", "ROOT", "--region", "86", "--config", cfg))
        .isEqualTo(1);
    assertThat(err.toString()).contains("role:");
    assertThat(run("operators", "add", "--name", "bob", "--role", "AUDITOR", "--region", "cn", "--config", cfg))
        .isEqualTo(1);
    assertThat(err.toString()).contains("region:");
    assertThat(run("operators", "add", "--name", "bob", "--role", "AUDITOR", "--region", "44", "--config", cfg))
        .isZero();
    assertThat(run("operators", "add", "--name", "bob", "--role", "AUDITOR", "--region", "44", "--config", cfg))
        .isEqualTo(1);
    assertThat(err.toString()).contains("already exists");
  }
}
