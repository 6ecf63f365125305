package org.doorstep.agent;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.diag.DiagDocCamCommand;
import org.doorstep.agent.diag.DiagGpioCommand;
import org.doorstep.agent.diag.DiagFormCommand;
import org.doorstep.agent.diag.DiagPrinterCommand;
import org.doorstep.agent.diag.DiagReaderCommand;
import org.doorstep.agent.diag.DiagSsCardCommand;
import org.doorstep.agent.diag.DurationConverter;
import org.doorstep.agent.identity.EnrolCommand;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.profile.ConfigException;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DeviceIdentity;
import org.doorstep.config.profile.DoorstepConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The agent's command line.
 *
 * <pre>
 * agent run --config kiosk.yaml                                     # run a kiosk until Ctrl-C
 * agent run --config kiosk.yaml --auto-residents 5 --interval 2s    # demo: 5 simulated certifications
 * agent run --config kiosk.yaml --auto-residents 5 --exit-when-drained --drain-timeout 30s
 * agent keygen --data-dir data/kiosk-1                               # device key; prints the public key path
 * agent enrol --config kiosk.yaml                                    # enrol over HTTPS with the one-time token
 * agent enrol --config kiosk.yaml --renew                            # renew the certificate now
 * agent diag reader --port /dev/ttyUSB0 [--baud 115200]              # technician: SAM, then a card (masked)
 * agent diag printer --port /dev/ttyUSB1 [--baud 9600]               # technician: status in words, test page
 * agent diag gpio --config kiosk.yaml                                # technician: sensors, light, relays
 * </pre>
 *
 * Exit codes of run/keygen: 0 ok, 1 runtime failure, 2 usage or config error, 3 outbox not drained in time
 * (or records refused by the fleet: never delivered).
 * The {@code diag} commands list their own (each has actionable codes from 3 up; see {@code --help}).
 */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = AgentMain.Version.class,
    description = "Doorstep kiosk agent.",
    subcommands = {AgentMain.Run.class, AgentMain.Keygen.class, EnrolCommand.class, AgentMain.Diag.class})
public final class AgentMain implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** Runs the command line with its output and errors going to {@code out} and {@code err} (tests). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(args);
  }

  private static CommandLine commandLine() {
    return new CommandLine(new AgentMain())
        .registerConverter(Duration.class, DurationConverter::parse)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** {@code diag}: checks for field technicians, one subcommand per peripheral. */
  @Command(name = "diag", mixinStandardHelpOptions = true,
      description = "Check a peripheral on this kiosk (stop the agent first: serial ports are exclusive).",
      subcommands = {DiagReaderCommand.class, DiagSsCardCommand.class, DiagPrinterCommand.class, DiagGpioCommand.class,
          DiagFormCommand.class, DiagDocCamCommand.class})
  static final class Diag implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 2;
    }
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 2;
  }

  /** {@code run}: loads the config and runs the agent until stopped (or until the demo is done). */
  @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the agent.")
  static final class Run implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "YAML or JSON config, merged over the defaults;"
        + " must set device.id and the device drivers (devices.idCardReader/printer/camera.driver) unless --demo.")
    Path config;

    @Option(names = "--demo", description = "Demo kiosk: the config may leave device id and drivers at the"
        + " defaults (kiosk-demo-1, simulated devices).")
    boolean demo;

    @Option(names = "--data-dir", description = "Overrides device.dataDir.")
    Path dataDir;

    @Option(names = "--auto-residents", defaultValue = "0",
        description = "Drive N simulated certifications through the real flow (demo).")
    int autoResidents;

    @Option(names = "--interval", defaultValue = "2s", description = "Pause between simulated residents (2s, 500ms, PT2S).")
    Duration interval;

    @Option(names = "--sim-face", defaultValue = "PASS",
        description = "Simulated face outcome: ${COMPLETION-CANDIDATES}.")
    SimulatedFaceCheck.Outcome simFace;

    @Option(names = "--durability", defaultValue = "FULL",
        description = "Outbox synchronous mode: ${COMPLETION-CANDIDATES} (FULL survives power loss).")
    SqliteOutbox.Durability durability;

    @Option(names = "--gpio-mock",
        description = "With devices.gpio.enabled: run the GPIO lines on Pi4J's mock platform (demo without a board).")
    boolean gpioMock;

    @Option(names = "--accept-outbox-loss",
        description = "Start although the outbox lost records (emptied, deleted, an older copy); numbering"
            + " continues above the last committed seq. Only after staff accounted for the lost residents.")
    boolean acceptOutboxLoss;

    @Option(names = "--exit-when-drained",
        description = "After the simulated residents, exit once the fleet acked every record.")
    boolean exitWhenDrained;

    @Option(names = "--drain-timeout", defaultValue = "60s", description = "How long --exit-when-drained waits.")
    Duration drainTimeout;

    @Override
    public Integer call() throws Exception {
      DoorstepConfig cfg;
      try {
        cfg = demo ? new ConfigLoader().load(config) : new ConfigLoader().loadTerminal(config);
      } catch (ConfigException e) {
        System.err.println("invalid config " + config + ":");
        e.messages().forEach(m -> System.err.println("  " + m));
        return 2;
      }
      if (dataDir != null) {
        DeviceIdentity d = cfg.device();
        cfg = new DoorstepConfig(new DeviceIdentity(d.id(), d.region(), d.kind(), dataDir.toString()),
            cfg.devices(), cfg.services(), cfg.policy(), cfg.uplink(), cfg.local(), cfg.fleet(), cfg.security());
      }
      PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
      AgentOptions options = AgentOptions.builder().durability(durability).simulatedFace(simFace)
          .gpioMock(gpioMock).acceptOutboxLoss(acceptOutboxLoss).build();
      Vertx vertx = Vertx.vertx();
      AgentVerticle agent = new AgentVerticle(cfg, options);
      try {
        vertx.deployVerticle(agent).await();
      } catch (Exception e) {
        System.err.println("agent failed to start: " + e.getMessage());
        vertx.close().await();
        return 1;
      }
      out.println(agent.deviceId() + " running; device public key: " + DeviceKeys.publicKeyFile(agent.dataDir()));
      agent.screenUrl().ifPresent(url -> out.println("screen: " + url));
      agent.localApiUri().ifPresent(uri -> out.println("local API: " + uri + " token file: "
          + agent.localApiTokenFile().map(p -> p.toAbsolutePath().toString()).orElse("-")));
      out.println(agent.deviceId() + " devices: reader " + agent.kioskDevices().readerDriver() + ", printer "
          + agent.kioskDevices().printerDriver()
          + (agent.localHttpPort() > 0 ? "; local API http://127.0.0.1:" + agent.localHttpPort() + "/api/health" : "")
          + agent.opcUaEndpoint().map(u -> "; OPC UA " + u).orElse(""));
      if (agent.identity().enrols()) {
        String id = agent.deviceId();
        agent.identity().enrolled().onComplete(ar -> out.println(ar.succeeded()
            ? id + " enrolled: " + ar.result()
            : id + " NOT enrolled: " + ar.cause().getMessage()));
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        vertx.close().await();
        stopped.countDown();
      }, "agent-shutdown"));

      for (int i = 0; i < autoResidents; i++) {
        if (i > 0) {
          pause(vertx, interval).await();
        }
        SessionSummary s = agent.certify(SampleResidents.cycle(i)).await();
        out.println(s.line(agent.outboxPending().await()));
      }
      if (exitWhenDrained) {
        boolean drained = waitDrained(vertx, agent, drainTimeout).await();
        // A record the fleet refused (SEQUENCE_CONFLICT, BAD_SIGNATURE …) left the pending set but was never
        // delivered: the outbox is not drained.
        long refused = agent.outboxRefused().await();
        out.println(agent.deviceId() + (!drained ? " outbox NOT drained after " + drainTimeout
            : refused > 0 ? " outbox NOT drained: " + refused + " record(s) refused by the fleet, kept for staff"
            : " outbox drained") + " (pending " + agent.outboxPending().await() + ")");
        vertx.close().await();
        return drained && refused == 0 ? 0 : 3;
      }
      stopped.await();
      return 0;
    }

    private static Future<Void> pause(Vertx vertx, Duration d) {
      Promise<Void> p = Promise.promise();
      vertx.setTimer(Math.max(1, d.toMillis()), id -> p.complete());
      return p.future();
    }

    private static Future<Boolean> waitDrained(Vertx vertx, AgentVerticle agent, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      return agent.outboxPending().compose(n -> {
        if (n == 0) {
          return Future.succeededFuture(true);
        }
        if (System.nanoTime() > deadline) {
          return Future.succeededFuture(false);
        }
        return pause(vertx, Duration.ofMillis(200)).compose(v -> waitDrained(vertx, agent,
            Duration.ofNanos(deadline - System.nanoTime())));
      });
    }
  }

  /** {@code keygen}: creates the device key if missing and prints where the public key is. */
  @Command(name = "keygen", mixinStandardHelpOptions = true,
      description = "Create the device key (if missing) and print the public key PEM path.")
  static final class Keygen implements Callable<Integer> {
    @Option(names = "--data-dir", required = true, description = "The agent's data directory.")
    Path dataDir;

    @Option(names = "--algorithm", defaultValue = "Ed25519", description = "Ed25519 or SM2-SM3 (for a new key).")
    String algorithm;

    @Override
    public Integer call() {
      SignatureAlgorithm alg;
      try {
        alg = SignatureAlgorithm.fromWireName(algorithm);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      DeviceKeys.loadOrCreate(dataDir, alg);
      System.out.println(DeviceKeys.publicKeyFile(dataDir).toAbsolutePath());
      return 0;
    }
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"doorstep agent " + AgentVersion.current()};
    }
  }
}
