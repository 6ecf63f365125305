package org.doorstep.agent.identity;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.profile.ConfigException;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.Uplink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code agent enrol}: enrols this kiosk with the fleet over HTTPS, explicitly (the agent also does it
 * by itself on first boot when {@code uplink.enrolment} is set). Makes the keys if missing, sends the
 * CSR(s) with the one-time token, installs the certificates and CA files in the data dir.
 *
 * <pre>
 * agent enrol --config kiosk.yaml                                   # settings from uplink.enrolment
 * agent enrol --config kiosk.yaml --url https://fleet:8443 --token T --ca-fingerprint F
 * agent enrol --config kiosk.yaml --renew                           # renew now (mutual TLS)
 * </pre>
 * Exit codes: 0 enrolled (or already enrolled and valid), 1 fleet unreachable or TLS failure (try
 * again), 2 usage or config error, 3 refused by the fleet (wrong, used or expired token, revoked
 * device…), 4 trust problem (fingerprint mismatch, no trust anchor), 5 key store problem.
 */
@Command(name = "enrol", mixinStandardHelpOptions = true,
    description = "Enrol this kiosk with the fleet over HTTPS (one-time token), or renew its certificate.")
public final class EnrolCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The kiosk's YAML or JSON config.")
  Path config;

  @Option(names = "--data-dir", description = "Overrides device.dataDir.")
  Path dataDir;

  @Option(names = "--url", description = "Overrides uplink.enrolment.url (https://host:port).")
  String url;

  @Option(names = "--token", description = "Overrides uplink.enrolment.token (the one-time token).")
  String token;

  @Option(names = "--ca-fingerprint", description = "Overrides uplink.enrolment.caFingerprint (SHA-256 of the fleet TLS CA).")
  String caFingerprint;

  @Option(names = "--force", description = "Enrol again even when a valid certificate is installed (new token needed).")
  boolean force;

  @Option(names = "--renew", description = "Renew the installed certificate now instead of enrolling.")
  boolean renew;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DoorstepConfig cfg;
    try {
      cfg = new ConfigLoader().load(config);
    } catch (ConfigException e) {
      err.println("invalid config " + config + ":");
      e.messages().forEach(m -> err.println("  " + m));
      return 2;
    }
    Uplink.Enrolment base = Optional.ofNullable(cfg.uplink().enrolment()).orElse(Uplink.Enrolment.NONE);
    Uplink.Enrolment settings = new Uplink.Enrolment(url != null ? url : base.url(),
        token != null ? token : base.token(), caFingerprint != null ? caFingerprint : base.caFingerprint(),
        base.renewWhenLeftPercent());
    Path dir = dataDir != null ? dataDir : Path.of(cfg.device().dataDir());
    String deviceId = cfg.device().id();
    CryptoSuite suite = cfg.suite();
    Vertx vertx = Vertx.vertx();
    try {
      FileIdentityStore store = new FileIdentityStore(vertx, dir, Clock.systemUTC());
      EnrolmentClient client = new EnrolmentClient(vertx, store);
      Optional<DeviceCredentials> installed = store.credentials().await();
      DeviceCredentials result;
      if (renew) {
        if (installed.isEmpty()) {
          err.println("agent enrol --renew: " + deviceId + " has no certificate yet; enrol first");
          return 2;
        }
        if (!settings.configured()) {
          err.println("agent enrol --renew: set uplink.enrolment.url or --url");
          return 2;
        }
        result = client.renew(deviceId, suite, settings.url(), installed.get()).await();
        out.println("renewed " + deviceId + ": " + result);
        return 0;
      }
      if (installed.isPresent() && !force && Clock.systemUTC().instant().isBefore(installed.get().notAfter())) {
        out.println(deviceId + " is already enrolled: " + installed.get() + " (--force to enrol again)");
        return 0;
      }
      result = client.enrol(deviceId, suite, settings).await();
      out.println("enrolled " + deviceId + ": " + result + "; identity files in " + dir.toAbsolutePath());
      return 0;
    } catch (IdentityException e) {
      err.println("agent enrol: " + e.getMessage());
      return switch (e.reason()) {
        case FLEET_UNREACHABLE, TLS_FAILED -> 1;
        case NOT_CONFIGURED -> 2;
        case FINGERPRINT_MISMATCH, NO_TRUST_ANCHOR -> 4;
        case KEY_STORE -> 5;
        default -> 3;
      };
    } finally {
      vertx.close().await();
      out.flush();
      err.flush();
    }
  }
}
