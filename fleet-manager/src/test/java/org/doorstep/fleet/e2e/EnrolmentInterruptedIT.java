package org.doorstep.fleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.doorstep.agent.identity.CertificateRequests;
import org.doorstep.agent.identity.DeviceCredentials;
import org.doorstep.agent.identity.EnrolmentClient;
import org.doorstep.agent.identity.FileIdentityStore;
import org.doorstep.agent.identity.IdentityException;
import org.doorstep.agent.identity.IdentityStore;
import org.doorstep.agent.identity.IssuedCertificates;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.profile.Uplink;
import org.doorstep.fleet.devices.EnrolmentFailures;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.testing.Futures;
import org.doorstep.fleet.testing.HttpsFleet;
import org.doorstep.fleet.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kiosk killed after the fleet enrolled it but before it saved its certificate (issue 10, part 5):
 * the kill comes from a store that dies at {@code install} (the process would have ended there: nothing
 * was written). Restarted on the same data folder with the same token, it enrols: the fleet answers a
 * repeated enrolment with the same key and token, within the token's life, with the enrolment again.
 * Another key with the spent token stays refused, and the fleet shows that device's enrolment failing.
 */
@ExtendWith(VertxExtension.class)
class EnrolmentInterruptedIT {
  @TempDir Path dir;

  private final MutableClock fleetClock = new MutableClock();
  private final MutableClock clock = new MutableClock();   // the kiosk's
  private Vertx vertx;
  private HttpsFleet fleet;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    fleet = HttpsFleet.start(vertx, dir.resolve("fleet"), CryptoSuite.STANDARD, fleetClock,
        DeviceCa.DEFAULT_DEVICE_VALIDITY);
  }

  @AfterEach
  void tearDown() {
    if (fleet != null) {
      fleet.close();
    }
  }

  /** The kiosk's real store, except that the process "dies" when the answer is to be saved. */
  private static final class KilledAtInstall implements IdentityStore {
    private final IdentityStore real;

    KilledAtInstall(IdentityStore real) {
      this.real = real;
    }

    @Override public Future<Signer> signingKey(SignatureAlgorithm algorithm) { return real.signingKey(algorithm); }
    @Override public Future<CertificateRequests> certificateRequests(String deviceId, CryptoSuite suite) {
      return real.certificateRequests(deviceId, suite);
    }
    @Override public Future<DeviceCredentials> install(IssuedCertificates issued) {
      return Future.failedFuture(new IllegalStateException("kill -9 between the fleet's answer and the install"));
    }
    @Override public Future<Optional<DeviceCredentials>> credentials() { return real.credentials(); }
    @Override public Future<Optional<X509Certificate>> provisionedTlsCa() { return real.provisionedTlsCa(); }
  }

  private Uplink.Enrolment settings(EnrolmentService.IssuedToken token) {
    return new Uplink.Enrolment(fleet.url(), token.token(), token.tlsCaFingerprint(), 33);
  }

  @Test
  void kiosk_killed_before_saving_its_certificate_enrols_on_restart_with_the_same_token() {
    EnrolmentService.IssuedToken token = fleet.token("kiosk-killed", "440106");
    Path data = dir.resolve("kiosk-killed");
    Futures.failure(new EnrolmentClient(vertx, new KilledAtInstall(new FileIdentityStore(vertx, data, clock)))
        .enrol("kiosk-killed", CryptoSuite.STANDARD, settings(token)));
    assertThat(await(fleet.store().devices().findDevice("kiosk-killed"))).isPresent();   // the fleet did enrol it
    assertThat(Files.exists(data.resolve("device-cert.pem"))).isFalse();

    // Restart: same data folder (same key), same token.
    FileIdentityStore restarted = new FileIdentityStore(vertx, data, clock);
    DeviceCredentials c = await(new EnrolmentClient(vertx, restarted).enrol("kiosk-killed", CryptoSuite.STANDARD,
        settings(token)));

    assertThat(Certificates.deviceIdOf(c.deviceCertificate())).contains("kiosk-killed");
    assertThat(await(restarted.credentials())).isPresent();
    assertThat(fleet.registry().enrolmentFailures().of("kiosk-killed")).isEmpty();
  }

  @Test
  void spent_token_with_another_key_stays_refused_and_the_fleet_shows_the_enrolment_failing() {
    EnrolmentService.IssuedToken token = fleet.token("kiosk-twice", "440106");
    await(new EnrolmentClient(vertx, new FileIdentityStore(vertx, dir.resolve("first"), clock))
        .enrol("kiosk-twice", CryptoSuite.STANDARD, settings(token)));

    Throwable refused = Futures.failure(new EnrolmentClient(vertx, new FileIdentityStore(vertx, dir.resolve("other"),
        clock)).enrol("kiosk-twice", CryptoSuite.STANDARD, settings(token)));

    assertThat(refused).isInstanceOf(IdentityException.class);
    assertThat(((IdentityException) refused).reason()).isEqualTo(IdentityException.Reason.TOKEN_USED);
    EnrolmentFailures.Failure failure = fleet.registry().enrolmentFailures().of("kiosk-twice").orElseThrow();
    assertThat(failure.reason()).isEqualTo("TOKEN_USED");
    assertThat(failure.detail()).contains("another key");
    assertThat(failure.attempts()).isEqualTo(1);
  }

  @Test
  void kiosk_whose_enrolment_is_refused_for_good_refuses_residents_and_says_why() {
    EnrolmentService.IssuedToken token = fleet.token("kiosk-spent", "440106");
    await(new EnrolmentClient(vertx, new FileIdentityStore(vertx, dir.resolve("thief"), clock))
        .enrol("kiosk-spent", CryptoSuite.STANDARD, settings(token)));   // the token is spent by another key
    org.doorstep.agent.AgentVerticle agent = new org.doorstep.agent.AgentVerticle(
        org.doorstep.agent.testing.TestAgents.withEnrolment(org.doorstep.agent.testing.TestAgents.config("kiosk-spent",
            dir.resolve("kiosk-spent"), "ssl://127.0.0.1:1", java.time.Duration.ofSeconds(1), 10), settings(token)),
        org.doorstep.agent.testing.TestAgents.fastOptions());
    await(vertx.deployVerticle(agent));

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> agent.readiness().has(org.doorstep.agent.readiness.Readiness.Problem.ENROLMENT_REFUSED));
    org.doorstep.agent.kiosk.SessionSummary refused = await(agent.certify(
        org.doorstep.agent.device.idcard.sim.SampleResidents.ZHANG_SAN));

    assertThat(refused.message()).isEqualTo(org.doorstep.agent.session.ResidentMessage.CANNOT_CERTIFY_NOW);
    assertThat(refused.recordId()).isEmpty();
    assertThat(agent.readiness().blockers()).singleElement()
        .satisfies(b -> assertThat(b.detail()).contains("TOKEN_USED").contains("agent enrol"));
    assertThat(fleet.registry().enrolmentFailures().of("kiosk-spent")).hasValueSatisfying(
        f -> assertThat(f.reason()).isEqualTo("TOKEN_USED"));
  }

  @Test
  void expired_token_is_not_answered_again_even_with_the_same_key() {
    EnrolmentService.IssuedToken token = fleet.token("kiosk-late", "440106");
    Path data = dir.resolve("kiosk-late");
    Futures.failure(new EnrolmentClient(vertx, new KilledAtInstall(new FileIdentityStore(vertx, data, clock)))
        .enrol("kiosk-late", CryptoSuite.STANDARD, settings(token)));
    fleetClock.advance(java.time.Duration.ofHours(25));   // HttpsFleet tokens live 24 h

    Throwable refused = Futures.failure(new EnrolmentClient(vertx, new FileIdentityStore(vertx, data, clock))
        .enrol("kiosk-late", CryptoSuite.STANDARD, settings(token)));

    assertThat(((IdentityException) refused).reason()).isEqualTo(IdentityException.Reason.TOKEN_USED);
    assertThat(fleet.registry().enrolmentFailures().of("kiosk-late")).isPresent();
  }
}
