package org.doorstep.fleet;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.doorstep.config.crypto.CertificateException;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.fleet.config.ConfigException;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.config.FleetConfigLoader;
import org.doorstep.fleet.devices.DeviceException;
import org.doorstep.fleet.enrol.EnrolmentException;
import org.doorstep.fleet.operators.OperatorException;
import org.doorstep.fleet.privacy.FleetDataKey;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.store.StoreException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The shape every CLI command that works straight on the fleet's store shares ({@code devices …},
 * {@code operators …}, {@code enrol token}): load the config, open (and migrate) the store with the
 * fleet data key, run the work, print its result, close everything, and map failures to exit codes.
 */
public final class StoreCli {
  private StoreCli() {}

  /** The work: given the config and the open store, the text to print on stdout. */
  @FunctionalInterface
  public interface Work {
    Future<String> run(Vertx vertx, FleetConfig config, FleetStores stores);
  }

  /**
   * Runs {@code work} against the store {@code configFile} names (defaults and {@code DOORSTEP_FLEET_*}
   * environment without one).
   *
   * @return 0 done, 1 refused or store/crypto failure (message on stderr), 2 config error
   */
  public static int withStore(Path configFile, CommandSpec spec, Work work) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FleetConfig cfg;
    try {
      cfg = FleetConfigLoader.load(Optional.ofNullable(configFile), System.getenv());
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      FleetStores store = FleetStores.open(vertx, cfg.store().location(), FleetDataKey.loadOrCreate(cfg)).await();
      try {
        out.println(work.run(vertx, cfg, store).await());
        return 0;
      } finally {
        store.close().await();
      }
    } catch (DeviceException | OperatorException | EnrolmentException | StoreException | CryptoException
        | CertificateException e) {
      err.println("fleet-manager: " + e.getMessage());
      return 1;
    } finally {
      vertx.close().await();
      out.flush();
      err.flush();
    }
  }
}
