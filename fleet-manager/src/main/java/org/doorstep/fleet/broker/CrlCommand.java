package org.doorstep.fleet.broker;

import java.nio.file.Path;
import java.time.Clock;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.fleet.cli.StoreCommand;
import org.doorstep.fleet.enrol.FleetCa;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crl --out FILE}: writes the TLS CA's current certificate revocation list ({@link BrokerCrl})
 * for an external broker's {@code crlfile}, atomically. For set-ups where no running fleet instance
 * has {@code broker.external.crlFile} on the broker's host: run it from cron well within
 * {@link BrokerCrl#VALIDITY}, then reload the broker ({@code kill -HUP}).
 */
@Command(name = "crl", mixinStandardHelpOptions = true,
    description = "Write the TLS CA's current certificate revocation list (PEM) for an external MQTT broker.")
public final class CrlCommand extends StoreCommand {

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the CRL (PEM)")
  Path out;

  @Override
  public Integer call() {
    return withStores((vertx, cfg, store) -> {
      Clock clock = Clock.systemUTC();
      DeviceCa deviceCa = FleetCa.loadOrCreate(cfg.caDir(), cfg.security().suite(), clock);
      DeviceCa tlsCa = FleetCa.tlsCa(cfg.caDir(), deviceCa, clock);
      return BrokerCrl.current(vertx, store.enrolment(), tlsCa, clock)
          .compose(crl -> vertx.executeBlocking(() -> BrokerCrl.write(out, crl).toString(), false));
    });
  }
}
