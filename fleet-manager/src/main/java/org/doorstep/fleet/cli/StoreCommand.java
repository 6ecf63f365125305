package org.doorstep.fleet.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doorstep.config.crypto.CertificateException;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.fleet.config.ConfigException;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.config.FleetConfigLoader;
import org.doorstep.fleet.privacy.FleetDataKey;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.store.StoreException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The base of every CLI command that works straight on the fleet's store ({@code devices …},
 * {@code operators …}, {@code enrol token}, {@code crl}, {@code broker-certs}): the {@code --config}
 * option, and {@link #withStores}: load the config, open (and migrate) the database with the fleet data
 * key, run the work, print its result, close everything, and map failures to exit codes.
 *
 * <p>Exit codes: 0 done; 1 refused (one of {@link #refusals()}) or a store, crypto or certificate
 * failure, with {@code fleet-manager: <message>} on stderr; 2 config error (every violation on stderr).
 * Anything else is a bug and reaches picocli with its stack trace.
 */
public abstract class StoreCommand implements Callable<Integer> {
  /** Failures every store command reports as a message and exit code 1. */
  private static final List<Class<? extends RuntimeException>> STORE_FAILURES =
      List.of(StoreException.class, CryptoException.class, CertificateException.class);

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML config naming the store and the fleet's data folder; DOORSTEP_FLEET_* variables override it")
  protected Path config;

  @Spec
  protected CommandSpec spec;

  /** The work: given the config and the open stores, the text to print on stdout. */
  @FunctionalInterface
  public interface Work {
    Future<String> run(Vertx vertx, FleetConfig config, FleetStores stores);
  }

  /**
   * The domain's "no"s this command reports as a message and exit code 1 (e.g. {@code DeviceException}
   * for an unknown device id), besides the store, crypto and certificate failures. Default: none.
   */
  protected List<Class<? extends RuntimeException>> refusals() {
    return List.of();
  }

  /** Where results go ({@code spec.commandLine().getOut()}). */
  protected final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Where messages go ({@code spec.commandLine().getErr()}). */
  protected final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /**
   * Runs {@code work} against the store {@link #config} names (defaults and {@code DOORSTEP_FLEET_*}
   * environment without one) and prints its result on stdout.
   *
   * @return the exit code (see the class comment)
   */
  protected final int withStores(Work work) {
    PrintWriter out = out();
    PrintWriter err = err();
    FleetConfig cfg;
    try {
      cfg = FleetConfigLoader.load(Optional.ofNullable(config), System.getenv());
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      FleetStores stores = FleetStores.open(vertx, cfg.store().location(), FleetDataKey.loadOrCreate(cfg)).await();
      try {
        out.println(work.run(vertx, cfg, stores).await());
        return 0;
      } finally {
        stores.close().await();
      }
    } catch (RuntimeException e) {
      if (!isReported(e)) {
        throw e;
      }
      err.println("fleet-manager: " + e.getMessage());
      return 1;
    } finally {
      vertx.close().await();
      out.flush();
      err.flush();
    }
  }

  private boolean isReported(RuntimeException e) {
    return STORE_FAILURES.stream().anyMatch(t -> t.isInstance(e)) || refusals().stream().anyMatch(t -> t.isInstance(e));
  }
}
