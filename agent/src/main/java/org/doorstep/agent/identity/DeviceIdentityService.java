package org.doorstep.agent.identity;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.records.RetryBackoff;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.profile.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's identity at run time: loads the installed credentials at start, enrols on first boot
 * when {@code uplink.enrolment} is set (retrying with backoff while the fleet is unreachable), and
 * renews before expiry per {@link RenewalPlan}. {@link #tlsIdentity()} always holds the current
 * certificate.
 *
 * <p>Logging: each failure once, with its {@link IdentityException.Reason}: WARN when it will be
 * retried (first failure of a run only), ERROR when a human must act (wrong, used or expired token,
 * fingerprint mismatch, revoked device, expired certificate).
 *
 * <p>Threads: create and call on the agent's context (timers fire there).
 */
public final class DeviceIdentityService {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceIdentityService.class);
  /** Waits between enrolment attempts while the fleet is unreachable: 5 s doubling to 5 minutes. */
  public static final RetryBackoff ENROL_RETRY = new RetryBackoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
  /** Longest single timer: the plan is re-evaluated at least hourly, so wall-clock jumps (NTP, suspend) are caught. */
  public static final Duration MAX_TIMER = Duration.ofHours(1);

  private final Vertx vertx;
  private final IdentityStore store;
  private final EnrolmentClient client;
  private final String deviceId;
  private final CryptoSuite suite;
  private final Uplink.Enrolment settings;
  private final RenewalPlan plan;
  private final RetryBackoff enrolRetry;
  private final Clock clock;
  private final CurrentTlsIdentity current = new CurrentTlsIdentity();
  private final Promise<DeviceCredentials> enrolled = Promise.promise();

  private long timer = -1;
  private boolean stopped;
  private boolean busy;
  private int failures;
  private Optional<IdentityException.Reason> lastFailure = Optional.empty();
  private Instant nextAttempt;

  /**
   * @param vertx      the agent's Vert.x
   * @param store      keys and certificates
   * @param deviceId   this kiosk
   * @param suite      the deployment's suite
   * @param settings   {@code uplink.enrolment}; {@link Uplink.Enrolment#NONE} when the kiosk does not enrol
   * @param enrolRetry waits between enrolment attempts ({@link #ENROL_RETRY})
   * @param plan       renewal threshold and retries
   * @param clock      validity checks
   */
  public DeviceIdentityService(Vertx vertx, IdentityStore store, String deviceId, CryptoSuite suite,
      Uplink.Enrolment settings, RetryBackoff enrolRetry, RenewalPlan plan, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.client = new EnrolmentClient(vertx, store);
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.suite = Objects.requireNonNull(suite, "suite");
    this.settings = settings == null ? Uplink.Enrolment.NONE : settings;
    this.enrolRetry = Objects.requireNonNull(enrolRetry, "enrolRetry");
    this.plan = Objects.requireNonNull(plan, "plan");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The device signing key (generated on first boot). */
  public Future<Signer> signingKey() {
    return store.signingKey(suite.signatureAlgorithm());
  }

  /** The TLS identity of the uplink: the current certificate, whatever renewals happened. */
  public CurrentTlsIdentity tlsIdentity() {
    return current;
  }

  /** Whether enrolment settings are present (so the uplink should wait for {@link #enrolled()}). */
  public boolean enrols() {
    return settings.configured();
  }

  /** Completes once the kiosk holds certificates (at once when they were installed before). */
  public Future<DeviceCredentials> enrolled() {
    return enrolled.future();
  }

  /**
   * Loads the installed credentials, then schedules renewal, or starts enrolling in the background
   * when there are none and enrolment is configured. Succeeds without waiting for the fleet.
   */
  public Future<Void> start() {
    return store.credentials().map(found -> {
      if (found.isPresent()) {
        DeviceCredentials c = found.get();
        current.set(c);
        enrolled.tryComplete(c);
        LOG.info("device identity: {}", c);
        if (!clock.instant().isBefore(c.notAfter())) {
          LOG.error("device certificate expired at {}: renewal is impossible, enrol again with a new token "
              + "('agent enrol')", c.notAfter());
        } else if (settings.configured()) {
          schedule(plan.next(c.notBefore(), c.notAfter(), clock.instant(), Optional.empty(), 0));
        } else {
          LOG.warn("uplink.enrolment.url is not set: the device certificate (valid until {}) will not be renewed "
              + "automatically", c.notAfter());
        }
      } else if (settings.configured()) {
        LOG.info("device {} is not enrolled yet: enrolling at {}", deviceId, settings.url());
        enrolAttempt();
      }
      return null;
    });
  }

  /** Re-evaluates the plan now (after a clock change; tests move a clock and call this). */
  public void checkNow() {
    if (stopped || busy) {
      return;
    }
    cancelTimer();
    Optional<DeviceCredentials> c = current.credentials();
    if (c.isEmpty()) {
      if (settings.configured()) {
        enrolAttempt();
      }
      return;
    }
    if (nextAttempt != null && !clock.instant().isBefore(nextAttempt)) {
      renewAttempt();
    } else if (nextAttempt != null) {
      arm(nextAttempt);
    }
  }

  /** Renews now, whatever the plan says (CLI, tests). */
  public Future<DeviceCredentials> renewNow() {
    DeviceCredentials c = current.credentials().orElse(null);
    if (c == null) {
      return Future.failedFuture(new IdentityException(IdentityException.Reason.NOT_ENROLLED, "nothing to renew"));
    }
    return client.renew(deviceId, suite, settings.url(), c).onSuccess(this::installed);
  }

  /**
   * Asks the fleet for the highest sequence number it stored of this kiosk ({@code GET /api/device/sequence}
   * at {@code uplink.enrolment.url}, mutual TLS with the current certificate; docs/wire-protocol.md section 9.4).
   *
   * @return the fleet's mark (0: none); fails with {@link IdentityException}: {@code NOT_CONFIGURED} (no
   *     enrolment URL), {@code NOT_ENROLLED}, {@code FLEET_UNREACHABLE} (retryable) or the fleet's refusal
   */
  public Future<Long> lastStoredSequence() {
    if (!settings.configured()) {
      return Future.failedFuture(new IdentityException(IdentityException.Reason.NOT_CONFIGURED,
          "uplink.enrolment.url is empty: the fleet's sequence mark cannot be asked"));
    }
    DeviceCredentials c = current.credentials().orElse(null);
    if (c == null) {
      return Future.failedFuture(new IdentityException(IdentityException.Reason.NOT_ENROLLED, "not enrolled yet"));
    }
    return client.lastStoredSequence(settings.url(), c);
  }

  /** Cancels the timers; an attempt in flight completes but schedules nothing. */
  public void stop() {
    stopped = true;
    cancelTimer();
  }

  // ---- enrolment ------------------------------------------------------------------------------

  private void enrolAttempt() {
    if (stopped) {
      return;
    }
    busy = true;
    client.enrol(deviceId, suite, settings).onComplete(ar -> {
      busy = false;
      if (ar.succeeded()) {
        failures = 0;
        lastFailure = Optional.empty();
        LOG.info("device {} enrolled: {}", deviceId, ar.result());
        installed(ar.result());
        enrolled.tryComplete(ar.result());
        return;
      }
      IdentityException e = asIdentity(ar.cause());
      failures++;
      if (e.reason().retryable()) {
        Duration wait = enrolRetry.delayAfter(failures);
        if (failures == 1 || lastFailure.map(r -> r != e.reason()).orElse(true)) {
          LOG.warn("enrolment of {} failed, retrying every {} or more: {}", deviceId, wait, e.getMessage());
        } else {
          LOG.debug("enrolment attempt {} failed: {}", failures, e.getMessage());
        }
        lastFailure = Optional.of(e.reason());
        if (!stopped) {
          timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
            timer = -1;
            enrolAttempt();
          });
        }
      } else {
        lastFailure = Optional.of(e.reason());
        LOG.error("enrolment of {} refused, not retrying: {}", deviceId, e.getMessage());
        enrolled.tryFail(e);
      }
    });
  }

  // ---- renewal --------------------------------------------------------------------------------

  private void installed(DeviceCredentials c) {
    current.set(c);
    failures = 0;
    lastFailure = Optional.empty();
    if (!stopped && settings.configured()) {
      schedule(plan.afterInstall(c.notBefore(), c.notAfter(), clock.instant()));
    }
  }

  private void schedule(RenewalPlan.Decision d) {
    if (stopped) {
      return;
    }
    if (d instanceof RenewalPlan.Decision.Stop stop) {
      nextAttempt = null;
      LOG.error("certificate renewal of {} stopped ({}): {}", deviceId, stop.reason(), stop.why());
      return;
    }
    nextAttempt = ((RenewalPlan.Decision.RenewAt) d).at();
    LOG.debug("certificate renewal of {} due at {}", deviceId, nextAttempt);
    arm(nextAttempt);
  }

  private void arm(Instant at) {
    cancelTimer();
    Duration wait = Duration.between(clock.instant(), at);
    if (wait.compareTo(MAX_TIMER) > 0) {
      wait = MAX_TIMER;
    }
    timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
      timer = -1;
      checkNow();
    });
  }

  private void renewAttempt() {
    DeviceCredentials c = current.credentials().orElseThrow();
    busy = true;
    client.renew(deviceId, suite, settings.url(), c).onComplete(ar -> {
      busy = false;
      if (ar.succeeded()) {
        LOG.info("device {} renewed its certificates: {}", deviceId, ar.result());
        installed(ar.result());
        return;
      }
      IdentityException e = asIdentity(ar.cause());
      failures++;
      if (e.reason().retryable() && (failures == 1 || lastFailure.map(r -> r != e.reason()).orElse(true))) {
        LOG.warn("certificate renewal of {} failed, will retry: {}", deviceId, e.getMessage());
      }
      lastFailure = Optional.of(e.reason());
      schedule(plan.next(c.notBefore(), c.notAfter(), clock.instant(), lastFailure, failures));
    });
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private static IdentityException asIdentity(Throwable t) {
    return t instanceof IdentityException e ? e
        : new IdentityException(IdentityException.Reason.KEY_STORE, String.valueOf(t.getMessage()), t);
  }
}
