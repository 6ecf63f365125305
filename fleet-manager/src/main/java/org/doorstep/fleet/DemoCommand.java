package org.doorstep.fleet;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.config.FleetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fleet-manager demo}: the whole system on embedded defaults.
 *
 * <ol>
 *   <li>Starts a fleet manager in this process: embedded MQTT 5 broker (HiveMQ CE), SQLite store,
 *       HTTPS API (TLS 1.3), and a national ADMIN operator whose token is printed for curl and the
 *       dashboard.</li>
 *   <li>For each kiosk, issues a one-time enrolment token, writes the kiosk's config with the token
 *       and the fleet TLS CA fingerprint ({@code uplink.enrolment}) and starts the agent as its own
 *       process with simulated residents. On first boot the agent makes its key (which never leaves
 *       it), enrols over HTTPS and writes its identity files, then certifies through the broker. The
 *       kiosks run the real ID-card reader and receipt printer drivers against protocol simulators
 *       on pseudo-terminals.</li>
 *   <li>Prints what every kiosk does (ID numbers masked) until Ctrl-C, then stops the kiosks and
 *       the fleet in order.</li>
 * </ol>
 * The kiosks are separate JVMs on purpose: records really cross MQTT, and stopping one kiosk leaves
 * its unacked records in its own outbox, as on a real terminal.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the fleet manager with its embedded broker plus simulated kiosks (Ctrl-C stops all).")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--kiosks", defaultValue = "3", description = "Number of simulated kiosks (default ${DEFAULT-VALUE}).")
  int kiosks;

  @Option(names = "--residents", defaultValue = "6",
      description = "Residents each kiosk certifies before it idles (default ${DEFAULT-VALUE}).")
  int residents;

  @Option(names = "--interval", defaultValue = "3s", description = "Pause between residents at a kiosk (default ${DEFAULT-VALUE}).")
  String interval;

  @Option(names = "--http-port", defaultValue = "8443", description = "HTTPS API port; a free one is used if it is taken.")
  int httpPort;

  @Option(names = "--broker-port", defaultValue = "8883", description = "Embedded MQTT broker port (mutual TLS); a free one is used if it is taken.")
  int brokerPort;

  @Option(names = "--data-dir", defaultValue = "demo-data", description = "Working folder, wiped at start (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--agent-jar", description = "The agent's jar (default: agent/target/agent.jar next to this build).")
  Path agentJar;

  @Option(names = "--exit-after-residents",
      description = "Stop everything once every kiosk's outbox is drained (for scripted runs).")
  boolean exitAfterResidents;

  @Spec
  CommandSpec spec;

  private final List<Process> agents = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path jar = agentJar != null ? agentJar : defaultAgentJar();
    if (!Files.isRegularFile(jar)) {
      err.println("demo: agent jar not found at " + jar.toAbsolutePath()
          + " - build first: ./mvnw -B -q -DskipTests package");
      return 2;
    }
    wipe(dataDir);
    Files.createDirectories(dataDir);
    int http = freeOr(httpPort, out, "HTTP");
    int mqtt = freeOr(brokerPort, out, "MQTT");
    FleetConfig cfg = FleetConfig.defaults()
        .withHttpPort(http)
        .withEmbeddedTlsBroker(mqtt, dataDir.resolve("broker").toAbsolutePath())
        .withSqlite(dataDir.resolve("fleet.db").toAbsolutePath());
    // The demo fleet's config, so that it can be restarted on its data: fleet-manager run --config demo-data/fleet.yaml
    Path fleetYaml = writeFleetConfig(dataDir, cfg);

    Vertx vertx = Vertx.vertx();
    FleetVerticle fleet = new FleetVerticle(cfg);
    String deployment;
    try {
      deployment = vertx.deployVerticle(fleet).await();
    } catch (Exception e) {
      err.println("demo: fleet manager did not start: " + e.getMessage());
      vertx.close().await();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stopAgents(out);
      try {
        vertx.undeploy(deployment).await();
      } catch (Exception e) {
        err.println("demo: unclean fleet stop: " + e.getMessage());
      }
      vertx.close().await();
      out.println("demo: stopped");
      stopped.countDown();
    }, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    // The demo's operator: a national ADMIN. Its token is printed (a real fleet prints it once, to
    // whoever ran 'operators add').
    String admin = fleet.operators().create("demo-admin", "ADMIN", "86").await().token();
    // And a password for the console's sign-in (user name and password is its default way).
    String password = demoPassword();
    fleet.signIn().setPassword("demo-admin", password).await();
    Path tlsCa = dataDir.resolve("tls-ca.pem").toAbsolutePath();
    X509Certificate tlsCaCert = fleet.serverIdentity().trusted().get(0);
    Files.writeString(tlsCa, Certificates.toPem(tlsCaCert), StandardCharsets.US_ASCII);
    String api = "https://localhost:" + fleet.httpPort();
    String curl = "curl --cacert " + tlsCa + " -H 'Authorization: Bearer " + admin + "' ";
    out.println();
    out.println("Doorstep demo");
    out.println("  fleet MQTT broker (embedded HiveMQ CE): ssl://127.0.0.1:" + fleet.brokerTlsPort()
        + " (TLS 1.3, device certificates required, per-device topic ACL)");
    out.println("  fleet HTTPS API (TLS 1.3; CA " + tlsCa.getFileName() + ", SHA-256 "
        + Certificates.sha256Fingerprint(tlsCaCert) + "):");
    out.println("                   " + curl + api + "/api/records");
    out.println("                   " + curl + api + "/api/devices");
    out.println("  alarms:          " + curl + api + "/api/alarms   (and /api/alarms/counts; docs/alarms.md)");
    out.println("                   curl --cacert " + tlsCa + " " + api + "/health");
    out.println("  signed command:  " + curl + "-XPOST " + api
        + "/api/commands -d '{\"deviceId\":\"kiosk-001\",\"name\":\"ping\"}'");
    out.println("  config rollout:  " + curl + "-XPOST " + api + "/api/config/push -d "
        + "'{\"document\":{\"policy\":{\"matchRetries\":2}},\"canary\":[\"kiosk-001\"]}'");
    out.println("  console:         " + api + "/  (user demo-admin, password " + password + "; or the operator token: "
        + admin + ")");
    out.println("  data:            " + dataDir.toAbsolutePath());
    out.println("  restart fleet:   java -jar fleet-manager/target/fleet-manager.jar run --config " + fleetYaml);
    out.println("  Ctrl-C stops the kiosks and the fleet.");
    out.println();

    for (int i = 1; i <= kiosks; i++) {
      String id = String.format("kiosk-%03d", i);
      Path kioskDir = dataDir.resolve(id).toAbsolutePath();
      Files.createDirectories(kioskDir);
      String region = "4401" + String.format("%02d", i);
      EnrolmentService.IssuedToken token = fleet.enrolment().issueToken(id, region, Duration.ofHours(1)).await();
      out.println("demo: issued a one-time enrolment token for " + id + " (region " + region
          + "); the kiosk enrols over HTTPS on first boot");
      Path config = kioskDir.resolve("kiosk.yaml");
      Files.writeString(config, String.join("\n",
          "device:",
          "  id: " + id,
          "  region: \"" + region + "\"",
          "  dataDir: " + kioskDir,
          "uplink:",
          "  brokerUrl: ssl://127.0.0.1:" + fleet.brokerTlsPort(),
          "  enrolment:",
          "    url: https://127.0.0.1:" + fleet.httpPort(),
          "    token: " + token.token(),
          "    caFingerprint: " + token.tlsCaFingerprint(),
          // The real GA/T 467 and ESC/POS drivers, each talking to its device simulator over a
          // pseudo-terminal (the agent falls back to in-process simulators, and says so, where
          // no pty can be made).
          "devices:",
          "  idCardReader:",
          "    driver: PTY_SIMULATOR",
          "    baud: 115200",
          "  printer:",
          "    driver: PTY_SIMULATOR",
          "    baud: 9600",
          "    paperWidthMm: " + (i % 2 == 0 ? 80 : 58),
          // A terminal's config names its drivers (the agent refuses to guess): the demo's camera is simulated.
          "  camera:",
          "    driver: SIMULATED",
          "local:",
          "  httpPort: 0",
          // XFS4IoT local API for bank host software: the first free of 5846-5856, so each kiosk
          // gets its own; the agent prints "local API: ws://127.0.0.1:PORT/xfs4iot/v1.0 token file: PATH".
          "  xfs4iot:",
          "    port: 5846",
          ""), StandardCharsets.UTF_8);
      agents.add(startAgent(jar, id, config, out));
    }

    if (exitAfterResidents) {
      for (Process p : agents) {
        p.waitFor();
      }
      int failed = (int) agents.stream().filter(p -> p.exitValue() != 0).count();
      out.println("demo: all kiosks finished; " + fleet.pipeline().stats().stored() + " records stored"
          + (failed > 0 ? ", " + failed + " kiosk(s) did not drain" : ""));
      Runtime.getRuntime().removeShutdownHook(hook);
      hook.run();
      return failed == 0 ? 0 : 3;
    }
    stopped.await();
    return 0;
  }

  private Process startAgent(Path jar, String id, Path config, PrintWriter out) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaCommand(),
        // A kiosk is low-spec hardware: keep each agent small.
        "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Ddoorstep.log.level=WARN",
        "-jar", jar.toString(), "run", "--config", config.toString(),
        "--auto-residents", Integer.toString(residents), "--interval", interval));
    if (exitAfterResidents) {
      cmd.addAll(List.of("--exit-when-drained", "--drain-timeout", "120s"));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Thread pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (out) {
            out.println("[" + id + "] " + line);
          }
        }
      } catch (IOException ignored) {
        // process ended
      }
    }, "demo-" + id);
    pump.setDaemon(true);
    pump.start();
    return p;
  }

  private void stopAgents(PrintWriter out) {
    for (Process p : agents) {
      p.destroy(); // SIGTERM: the agent's own shutdown hook closes its outbox and MQTT session
    }
    for (Process p : agents) {
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          out.println("demo: kiosk process " + p.pid() + " did not stop in 15 s; killing it");
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  private static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** agent/target/agent.jar: beside the working folder's build, or relative to this jar's own folder. */
  static Path defaultAgentJar() {
    Path fromCwd = Path.of("agent", "target", "agent.jar");
    if (Files.isRegularFile(fromCwd)) {
      return fromCwd;
    }
    try {
      // .../fleet-manager/target/fleet-manager.jar -> .../agent/target/agent.jar
      Path self = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path moduleDir = self.toAbsolutePath().getParent() == null ? null : self.toAbsolutePath().getParent().getParent();
      Path root = moduleDir == null ? null : moduleDir.getParent();
      return root == null ? fromCwd : root.resolve("agent").resolve("target").resolve("agent.jar");
    } catch (URISyntaxException e) {
      return fromCwd;
    }
  }

  private static int freeOr(int wanted, PrintWriter out, String what) {
    try (ServerSocket s = new ServerSocket(wanted, 1, InetAddress.getLoopbackAddress())) {
      return wanted;
    } catch (IOException taken) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        out.println("demo: " + what + " port " + wanted + " is taken; using " + s.getLocalPort());
        return s.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("no free " + what + " port", e);
      }
    }
  }

  /** File name of the demo fleet's config in the data folder. */
  public static final String FLEET_CONFIG_FILE = "fleet.yaml";

  /**
   * Writes {@code cfg}'s HTTP port, embedded broker (mutual-TLS port, bind, data folder) and SQLite file
   * as {@value #FLEET_CONFIG_FILE} in {@code dataDir}: what {@code fleet-manager run --config} needs to
   * start the demo fleet again on the same data (same CA, database, ports). Everything else stays at the
   * defaults, as in the demo.
   */
  static Path writeFleetConfig(Path dataDir, FleetConfig cfg) throws IOException {
    Path file = dataDir.resolve(FLEET_CONFIG_FILE).toAbsolutePath();
    FleetConfig.Embedded e = cfg.broker().embedded();
    Files.writeString(file, String.join("\n",
        "# Written by 'fleet-manager demo': restart this demo fleet on its data with",
        "#   java -jar fleet-manager/target/fleet-manager.jar run --config " + file,
        "http:",
        "  port: " + cfg.http().port(),
        "broker:",
        "  mode: embedded",
        "  embedded:",
        "    port: " + e.port(),
        "    bind: " + e.bind(),
        "    dataDir: " + quoted(e.dataDir()),
        "    plaintextPort: " + e.plaintextPort(),
        "store:",
        "  kind: sqlite",
        "  sqlite:",
        "    path: " + quoted(cfg.store().sqlite().path()),
        ""), StandardCharsets.UTF_8);
    return file;
  }

  private static String quoted(String path) {
    return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A fresh password for the demo's operator: 16 characters from an alphabet without look-alikes. */
  private static String demoPassword() {
    String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    java.security.SecureRandom random = new java.security.SecureRandom();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
