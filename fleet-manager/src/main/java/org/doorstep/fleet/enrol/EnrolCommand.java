package org.doorstep.fleet.enrol;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.fleet.cli.StoreCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fleet-manager enrol …}: device enrolment straight on the store (a subcommand of {@code FleetMain}). */
@Command(name = "enrol", mixinStandardHelpOptions = true, description = "Device enrolment: one-time tokens.",
    subcommands = {EnrolCommand.Token.class})
public final class EnrolCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Prints the usage: a subcommand is required. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /**
   * {@code enrol token --device X --region R [--ttl 24h]}: prints a one-time token (shown once: the
   * store keeps only its SHA-256) on the first line and the SHA-256 fingerprint of the fleet TLS CA on
   * the second (the installer puts both into the kiosk's {@code uplink.enrolment}). Creates the fleet
   * CA in the data dir if there is none yet. Straight on the store: no operator check (whoever runs it
   * has the fleet's files); over HTTPS the same needs an operator with ISSUE_ENROLMENT_TOKENS.
   */
  @Command(name = "token", mixinStandardHelpOptions = true, description = "Issue a one-time enrolment token.")
  public static final class Token extends StoreCommand {
    @Option(names = "--device", required = true, description = "device id the token may enrol")
    String device;

    @Option(names = "--region", required = true, description = "the device's region, [A-Za-z0-9._-]{1,64}")
    String region;

    @Option(names = "--ttl", defaultValue = "24h", description = "lifetime: 30m, 24h, 7d or ISO-8601 (PT24H); default ${DEFAULT-VALUE}")
    String ttl;

    /** A revoked device id, a bad region or lifetime: a message and exit code 1. */
    @Override
    protected java.util.List<Class<? extends RuntimeException>> refusals() {
      return java.util.List.of(EnrolmentException.class, org.doorstep.fleet.devices.DeviceException.class);
    }

    /** Issues the token; exit code 0, 1 (refused or store failure) or 2 (usage). */
    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      Duration lifetime;
      try {
        lifetime = duration(ttl);
      } catch (IllegalArgumentException e) {
        err.println("fleet-manager: --ttl: " + e.getMessage());
        return 2;
      }
      return withStores((vertx, cfg, store) -> {
        DeviceCa ca = FleetCa.loadOrCreate(cfg.caDir(), cfg.security().suite(), Clock.systemUTC());
        DeviceCa tlsCa = FleetCa.tlsCa(cfg.caDir(), ca, Clock.systemUTC());
        EnrolmentService service = new EnrolmentService(vertx, store.enrolment(), ca, tlsCa, Clock.systemUTC(),
            DeviceCa.DEFAULT_DEVICE_VALIDITY);
        return service.issueToken(device, region, lifetime).map(t -> {
          err.println("line 1: one-time token for " + t.deviceId() + " (region " + t.region() + "), valid until "
              + t.expiresAt() + "; shown once");
          err.println("line 2: SHA-256 fingerprint of the fleet TLS CA (uplink.enrolment.caFingerprint)");
          return t.token() + System.lineSeparator() + t.tlsCaFingerprint();
        });
      });
    }

    /** {@code 30m}, {@code 24h}, {@code 7d}, or an ISO-8601 duration. */
    static Duration duration(String text) {
      String t = text.strip().toLowerCase(Locale.ROOT);
      try {
        if (t.startsWith("p")) {
          return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          case 'd' -> Duration.ofDays(n);
          default -> throw new IllegalArgumentException("unit must be m, h or d");
        };
      } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
        throw new IllegalArgumentException("must look like 30m, 24h, 7d or PT24H, was '" + text + "'");
      }
    }
  }
}
