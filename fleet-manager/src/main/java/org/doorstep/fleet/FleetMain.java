package org.doorstep.fleet;

import org.doorstep.fleet.enrol.EnrolCommand;
import org.doorstep.fleet.operators.OperatorsCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.doorstep.fleet.config.ConfigException;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.config.FleetConfigLoader;
import java.util.List;
import org.doorstep.fleet.cli.StoreCommand;
import org.doorstep.fleet.devices.DeviceException;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.store.DeviceOverview;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code fleet-manager} program.
 *
 * <pre>
 * fleet-manager [run] [--config fleet.yaml]          start the fleet manager (default)
 * fleet-manager devices add --id ID --public-key FILE|PEM --region R [--config f]
 * fleet-manager devices list [--config f]
 * fleet-manager devices revoke --id ID [--config f]
 * fleet-manager enrol token --device ID --region R [--ttl 24h] [--config f]
 * fleet-manager operators add --name N --role ADMIN --region 86 [--config f]   (token printed once)
 * fleet-manager operators list|revoke …
 * fleet-manager demo                                  (slot: the lead's end-to-end demo)
 * fleet-manager config push --file f.yaml [--canary ids] [--groups 5,50%,100%] [--region R] [--approval] [--url …]
 * fleet-manager config status|halt --rollout ID       config key
 * fleet-manager crl --out FILE                        TLS CA revocation list for an external broker
 * fleet-manager commands send --device ID --name ping [--arg k=v] [--wait PT30S] | show --id ID | list
 * </pre>
 * {@code devices} commands write straight to the configured store (the fleet may be running:
 * SQLite WAL and PostgreSQL both allow it; a running instance picks new devices up on first contact).
 *
 * <p>Exit codes: 0 done, 1 refused or failed (message on stderr), 2 usage error.
 */
@Command(name = "fleet-manager", mixinStandardHelpOptions = true,
    description = "Doorstep fleet manager: broker, ingest, device registry, REST.",
    subcommands = {FleetMain.Run.class, FleetMain.Devices.class, EnrolCommand.class, OperatorsCommand.class,
        DemoCommand.class, org.doorstep.fleet.rollout.ConfigCommand.class,
        org.doorstep.fleet.commands.CommandsCommand.class,
        org.doorstep.fleet.broker.BrokerCertsCommand.class, org.doorstep.fleet.broker.CrlCommand.class})
public final class FleetMain implements Callable<Integer> {

  /** Entry point. */
  public static void main(String[] args) {
    int code = new CommandLine(new FleetMain()).execute(args);
    System.exit(code);
  }

  /** No subcommand: {@code run} with the default config. */
  @Override
  public Integer call() throws Exception {
    return new Run().call();
  }

  /** Loads the config named by {@code --config} (or defaults), with environment overrides. */
  static FleetConfig loadConfig(Path file) {
    return FleetConfigLoader.load(Optional.ofNullable(file), System.getenv());
  }

  /** {@code run}: starts one instance and keeps it running until the process is stopped. */
  @Command(name = "run", mixinStandardHelpOptions = true, description = "Start the fleet manager (default).")
  static final class Run implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML config; DOORSTEP_FLEET_* variables override it")
    Path config;

    @Override
    public Integer call() throws Exception {
      FleetConfig cfg;
      try {
        cfg = loadConfig(config);
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      Vertx vertx = Vertx.vertx();
      String deployment;
      try {
        deployment = vertx.deployVerticle(new FleetVerticle(cfg)).await();
      } catch (Exception e) {
        System.err.println("fleet-manager: cannot start: " + e.getMessage());
        vertx.close().await();
        return 1;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        // Two awaits, not undeploy().eventually(close): a future chained on a verticle's context
        // is delivered on its event loop, which close() shuts down, so it would never complete.
        try {
          vertx.undeploy(deployment).await();
        } catch (Exception e) {
          System.err.println("fleet-manager: unclean stop: " + e.getMessage());
        }
        vertx.close().await();
      }, "fleet-shutdown"));
      // Runs until the process is signalled; the hook stops everything in order.
      new CountDownLatch(1).await();
      return 0;
    }
  }

  /** {@code devices}: registry maintenance straight on the store. */
  @Command(name = "devices", mixinStandardHelpOptions = true, description = "Register, list and revoke devices.",
      subcommands = {Devices.Add.class, Devices.ListDevices.class, Devices.Revoke.class})
  static final class Devices implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 2;
    }

    /** What every devices subcommand shares. */
    abstract static class DevicesStoreCommand extends StoreCommand {
      /** An unknown or malformed device id, a bad key: a message and exit code 1. */
      @Override
      protected List<Class<? extends RuntimeException>> refusals() {
        return List.of(DeviceException.class);
      }

      /** Opens the store, runs {@code work} with a registry over it, closes everything. */
      int withRegistry(Function<DeviceRegistry, Future<String>> work) {
        return withStores((vertx, cfg, stores) -> work.apply(new DeviceRegistry(stores.devices(), Clock.systemUTC())));
      }
    }

    /** {@code devices add}. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register a device and its public key.")
    static final class Add extends DevicesStoreCommand {
      @Option(names = "--id", required = true, description = "device id, [A-Za-z0-9._-]{1,64}")
      String id;

      @Option(names = "--public-key", required = true, paramLabel = "FILE|PEM",
          description = "PEM public key (Ed25519 or SM2): a file, or the PEM text itself")
      String publicKey;

      @Option(names = "--region", required = true, description = "administrative region")
      String region;

      @Override
      public Integer call() {
        String pem;
        try {
          pem = publicKey.strip().startsWith("-----BEGIN")
              ? publicKey
              : Files.readString(Path.of(publicKey), StandardCharsets.US_ASCII);
        } catch (IOException e) {
          spec.commandLine().getErr().println("fleet-manager: cannot read " + publicKey + ": " + e.getMessage());
          return 1;
        }
        return withRegistry(registry -> registry.register(id, pem, region).map(r ->
            (r.created() ? "registered " : "already registered ") + r.device().deviceId() + " ("
                + r.device().algorithm() + " key " + r.device().keyId() + ", region " + r.device().region() + ")"));
      }
    }

    /** {@code devices list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered devices.")
    static final class ListDevices extends DevicesStoreCommand {
      @Override
      public Integer call() {
        return withRegistry(registry -> registry.list().map(all -> {
          StringBuilder sb = new StringBuilder(String.format("%-24s %-12s %-8s %-16s %-8s %s%n",
              "DEVICE", "REGION", "ALG", "KEY", "ONLINE", "LAST SEEN"));
          for (DeviceOverview o : all) {
            sb.append(String.format("%-24s %-12s %-8s %-16s %-8s %s%n", o.device().deviceId(), o.device().region(),
                o.device().algorithm(), o.device().keyId(),
                o.device().revoked() ? "revoked" : o.online().map(b -> b ? "yes" : "no").orElse("?"),
                o.lastSeen().map(Object::toString).orElse("-")));
          }
          return sb.toString().stripTrailing();
        }));
      }
    }

    /** {@code devices revoke}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a device: its records are refused.")
    static final class Revoke extends DevicesStoreCommand {
      @Option(names = "--id", required = true, description = "device id")
      String id;

      @Override
      public Integer call() {
        return withRegistry(registry -> registry.revoke(id).map(v -> "revoked " + id
            + " (running fleet managers refuse it within " + FleetVerticle.REGISTRY_REFRESH.toSeconds() + " s)"));
      }
    }
  }
}
