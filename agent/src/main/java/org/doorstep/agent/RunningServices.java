package org.doorstep.agent;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.doorstep.agent.device.gpio.TamperGuard;
import org.doorstep.agent.device.wiring.KioskDevices;
import org.doorstep.agent.identity.DeviceIdentityService;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.local.HealthOpcUaServer;
import org.doorstep.agent.local.LocalHttpServer;
import org.doorstep.agent.local.xfs.XfsServer;
import org.doorstep.agent.privacy.PurgeJob;
import org.doorstep.agent.privacy.SqliteEvidenceStore;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.screen.BrowserScreen;
import org.doorstep.agent.uplink.PahoUplink;
import org.doorstep.agent.uplink.StateReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of a running agent for one configuration, as one immutable value: built by {@link ServiceStartup}
 * (one flat chain of steps), closed by {@link #close()} in the reverse order of their start. Reconfiguring is a
 * swap of this value: the verticle closes the old one and starts a new one with the new configuration.
 *
 * @param identity enrolment and renewal of the kiosk's certificates
 * @param outbox   the record outbox
 * @param evidence the sealed evidence store
 * @param purgeJob the retention purge
 * @param devices  the peripherals as the device profile chose them
 * @param uplink   the MQTT uplink (started at once, or once the kiosk is enrolled)
 * @param reporter the retained state reporter
 * @param runner   the certification runner
 * @param tamper   the tamper guard when GPIO is enabled
 * @param http     the local HTTP API (health); its port is -1 when off
 * @param opcUa    the OPC UA health server (no port when off)
 * @param xfs      the XFS4IoT local API for bank host software, when on and started
 * @param screen   the browser screen, when {@code local.screen.kind} is BROWSER
 * @param closers  what to close, in the order it was started (closed from the last)
 */
record RunningServices(
    DeviceIdentityService identity,
    SqliteOutbox outbox,
    SqliteEvidenceStore evidence,
    PurgeJob purgeJob,
    KioskDevices devices,
    PahoUplink uplink,
    StateReporter reporter,
    CertificationRunner runner,
    Optional<TamperGuard> tamper,
    LocalHttpServer http,
    HealthOpcUaServer opcUa,
    Optional<XfsServer> xfs,
    Optional<BrowserScreen> screen,
    List<Closer> closers) {
  private static final Logger LOG = LoggerFactory.getLogger(RunningServices.class);

  RunningServices {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(outbox, "outbox");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(purgeJob, "purgeJob");
    Objects.requireNonNull(devices, "devices");
    Objects.requireNonNull(uplink, "uplink");
    Objects.requireNonNull(reporter, "reporter");
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(tamper, "tamper");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(opcUa, "opcUa");
    Objects.requireNonNull(xfs, "xfs");
    Objects.requireNonNull(screen, "screen");
    closers = List.copyOf(closers);
  }

  /** Closes every service, the last started first; a failing close is logged and the rest still close. */
  Future<Void> close() {
    return closeAll(closers);
  }

  /**
   * One thing to undo when the services stop: stop a timer, publish {@code online=false}, close a database.
   *
   * @param name  what it closes (for the log)
   * @param close the closing action; runs on the agent's context
   */
  record Closer(String name, Supplier<Future<?>> close) {
    Closer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(close, "close");
    }

    /** A closer whose action cannot fail and needs no waiting (cancel a timer, stop a job). */
    static Closer now(String name, Runnable action) {
      return new Closer(name, () -> {
        action.run();
        return Future.succeededFuture();
      });
    }
  }

  /** Runs {@code closers} from the last to the first, each after the previous one completed (failed or not). */
  static Future<Void> closeAll(List<Closer> closers) {
    Future<?> chain = Future.succeededFuture();
    for (int i = closers.size() - 1; i >= 0; i--) {
      Closer c = closers.get(i);
      chain = chain.transform(ignored -> run(c));
    }
    return chain.<Void>mapEmpty().otherwiseEmpty();
  }

  private static Future<?> run(Closer c) {
    Future<?> f;
    try {
      f = c.close().get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.onFailure(err -> LOG.debug("closing {} failed: {}", c.name(), err.toString()))
        .otherwiseEmpty();
  }
}
