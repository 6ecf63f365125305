package org.doorstep.agent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import org.doorstep.agent.identity.DeviceIdentityService;
import org.doorstep.agent.kiosk.Admission;
import org.doorstep.agent.readiness.DiskSpaceWatch;
import org.doorstep.agent.readiness.Readiness;
import org.doorstep.agent.records.StorageException;

/**
 * Start-up hook: wires what raises and clears the terminal's {@link Readiness} blockers. The disk-space
 * watch on the data folder (and every store failure that is a full disk), and the enrolment outcome
 * ({@code ENROLMENT_REFUSED} when the fleet refused for good, cleared once enrolled). The runner gets
 * them as its {@link Admission}. One per run of the services: {@link #stop()} with them.
 */
final class TerminalGuards {
  private final DiskSpaceWatch disk;
  private final Readiness readiness;

  TerminalGuards(Vertx vertx, Path dataDir, long reserveBytes, Duration interval, Readiness readiness) {
    this.readiness = readiness;
    this.disk = new DiskSpaceWatch(vertx, dataDir, reserveBytes, readiness, interval);
  }

  /** Checks the free space now and every interval; never fails. */
  Future<Void> start() {
    return disk.start();
  }

  /** Follows the enrolment: refused for good raises {@code ENROLMENT_REFUSED}; enrolled clears it. */
  void watch(DeviceIdentityService identity) {
    if (!identity.enrols()) {
      return;
    }
    identity.enrolled()
        .onSuccess(c -> readiness.clear(Readiness.Problem.ENROLMENT_REFUSED))
        .onFailure(err -> readiness.raise(Readiness.Problem.ENROLMENT_REFUSED,
            "the fleet refused this kiosk's enrolment, its records cannot be delivered: " + err.getMessage()
                + "; issue a new token and run 'agent enrol'"));
  }

  /** What the certification runner consults before each resident. */
  Admission admission() {
    return new Admission(readiness, disk::checkNow, this::storeFailed);
  }

  /** Any store failure of the services: a full disk raises the blocker at once. */
  void storeFailed(Throwable err) {
    if (StorageException.isDiskFull(err)) {
      disk.writeFailed(String.valueOf(err.getMessage()));
    }
  }

  void stop() {
    disk.stop();
  }
}
