package org.doorstep.fleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.doorstep.agent.identity.DeviceCredentials;
import org.doorstep.agent.identity.DeviceIdentityService;
import org.doorstep.agent.identity.EnrolmentClient;
import org.doorstep.agent.identity.FileIdentityStore;
import org.doorstep.agent.identity.IdentityException;
import org.doorstep.agent.identity.IdentityFiles;
import org.doorstep.agent.identity.RenewalPlan;
import org.doorstep.agent.records.RetryBackoff;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.profile.Uplink;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.enrol.EnrolmentTokens;
import org.doorstep.fleet.testing.Futures;
import org.doorstep.fleet.testing.HttpsFleet;
import org.doorstep.fleet.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's enrolment client against the fleet's real HTTPS API (TLS 1.3, production router, real
 * SQLite): first contact pinned by the TLS CA fingerprint, every refusal with its own reason, renewal
 * over mutual TLS before expiry, and the renewal refusals (revoked device, expired certificate).
 * Two clocks, the fleet's and the kiosk's, moved by hand (both start at the real time, which TLS uses).
 */
@ExtendWith(VertxExtension.class)
class EnrolmentOverHttpsIT {
  @TempDir
  Path dir;

  private final MutableClock fleetClock = new MutableClock();
  private final MutableClock kioskClock = new MutableClock();
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

  private FileIdentityStore kiosk(String name) {
    return new FileIdentityStore(vertx, dir.resolve(name), kioskClock);
  }

  private Uplink.Enrolment settings(EnrolmentService.IssuedToken token) {
    return new Uplink.Enrolment(fleet.url(), token.token(), token.tlsCaFingerprint(), 33);
  }

  private static IdentityException.Reason refusal(Future<?> f) {
    Throwable t = Futures.failure(f);
    assertThat(t).isInstanceOf(IdentityException.class);
    return ((IdentityException) t).reason();
  }

  private boolean registered(String deviceId) {
    return await(fleet.store().devices().findDevice(deviceId)).isPresent();
  }

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void agent_enrol_command_enrols_a_kiosk_configured_with_the_default_suite() throws Exception {
    EnrolmentService.IssuedToken token = fleet.token("kiosk-cli", "440106");
    Path data = dir.resolve("kiosk-cli");
    Path config = dir.resolve("kiosk-cli.yaml");
    // No uplink.signatureAlgorithm and no security section: the loaded defaults decide the suite.
    Files.writeString(config, String.join("\n",
        "device:", "  id: kiosk-cli", "  region: \"440106\"", "  dataDir: " + data,
        "uplink:", "  enrolment:", "    url: " + fleet.url(), "    token: " + token.token(),
        "    caFingerprint: " + token.tlsCaFingerprint(), ""));
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = new picocli.CommandLine(new org.doorstep.agent.AgentMain());
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));

    int exit = cli.execute("enrol", "--config", config.toString());

    assertThat(exit).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("enrolled kiosk-cli");
    assertThat(new IdentityFiles(data).deviceCert()).exists();
    assertThat(registered("kiosk-cli")).isTrue();
  }

  @Test
  void kiosk_enrols_over_https_with_the_pinned_fingerprint_and_holds_the_identity_files() throws Exception {
    FileIdentityStore store = kiosk("k1");
    EnrolmentService.IssuedToken token = fleet.token("kiosk-1", "440106");

    DeviceCredentials c = await(new EnrolmentClient(vertx, store).enrol("kiosk-1", CryptoSuite.STANDARD,
        settings(token)));

    assertThat(Certificates.deviceIdOf(c.deviceCertificate())).contains("kiosk-1");
    assertThat(Certificates.regionOf(c.deviceCertificate())).contains("440106");
    assertThat(c.tls().certificate()).isEqualTo(c.deviceCertificate());
    assertThat(Certificates.sha256Fingerprint(c.tlsCa())).isEqualTo(token.tlsCaFingerprint());
    IdentityFiles f = store.files();
    assertThat(perms(f.deviceKey())).isEqualTo("rw-------");
    assertThat(perms(f.deviceCert())).isEqualTo("rw-r--r--");
    assertThat(f.fleetCa()).exists();
    assertThat(f.tlsCa()).exists();
    assertThat(f.tlsKey()).doesNotExist();
    // The private key never left: the fleet registered the public half of the file's key.
    assertThat(await(fleet.store().devices().findDevice("kiosk-1")).orElseThrow().keyId())
        .isEqualTo(KeyId.of(Keys.readKeyPair(f.deviceKey()).getPublic()));
    assertThat(await(store.credentials()).orElseThrow().deviceCertificate()).isEqualTo(c.deviceCertificate());
    assertThat(c.tls().sslContext().getProtocol()).isEqualTo("TLSv1.3");
  }

  @Test
  void wrong_token_is_refused_and_nothing_is_stored_on_either_side() {
    FileIdentityStore store = kiosk("k1");
    EnrolmentService.IssuedToken real = fleet.token("kiosk-1", "440106");
    Uplink.Enrolment wrong = new Uplink.Enrolment(fleet.url(), EnrolmentTokens.newToken(), real.tlsCaFingerprint(), 33);

    assertThat(refusal(new EnrolmentClient(vertx, store).enrol("kiosk-1", CryptoSuite.STANDARD, wrong)))
        .isEqualTo(IdentityException.Reason.WRONG_TOKEN);
    assertThat(registered("kiosk-1")).isFalse();
    assertThat(store.files().deviceCert()).doesNotExist();
  }

  @Test
  void token_reused_by_a_second_kiosk_is_refused() {
    EnrolmentService.IssuedToken token = fleet.token("kiosk-1", "440106");
    DeviceCredentials first = await(new EnrolmentClient(vertx, kiosk("k1")).enrol("kiosk-1", CryptoSuite.STANDARD,
        settings(token)));

    FileIdentityStore impostor = kiosk("k1-copy");
    assertThat(refusal(new EnrolmentClient(vertx, impostor).enrol("kiosk-1", CryptoSuite.STANDARD, settings(token))))
        .isEqualTo(IdentityException.Reason.TOKEN_USED);
    assertThat(impostor.files().deviceCert()).doesNotExist();
    assertThat(await(fleet.store().devices().findDevice("kiosk-1")).orElseThrow().keyId())
        .isEqualTo(KeyId.of(first.deviceCertificate().getPublicKey()));
  }

  @Test
  void expired_token_is_refused() {
    EnrolmentService.IssuedToken token = fleet.token("kiosk-1", "440106");
    fleetClock.advance(Duration.ofHours(25));

    assertThat(refusal(new EnrolmentClient(vertx, kiosk("k1")).enrol("kiosk-1", CryptoSuite.STANDARD, settings(token))))
        .isEqualTo(IdentityException.Reason.TOKEN_EXPIRED);
    assertThat(registered("kiosk-1")).isFalse();
  }

  @Test
  void fingerprint_mismatch_stops_the_handshake_before_the_token_is_sent() {
    EnrolmentService.IssuedToken token = fleet.token("kiosk-1", "440106");
    Uplink.Enrolment pinnedElsewhere = new Uplink.Enrolment(fleet.url(), token.token(), "ab".repeat(32), 33);

    assertThat(refusal(new EnrolmentClient(vertx, kiosk("k1")).enrol("kiosk-1", CryptoSuite.STANDARD, pinnedElsewhere)))
        .isEqualTo(IdentityException.Reason.FINGERPRINT_MISMATCH);
    assertThat(await(fleet.store().enrolment().findToken(EnrolmentTokens.hash(token.token()))).orElseThrow().usedAt()).isEmpty();
    // The same token still enrols once the right fingerprint is given.
    assertThat(await(new EnrolmentClient(vertx, kiosk("k1")).enrol("kiosk-1", CryptoSuite.STANDARD, settings(token))))
        .isNotNull();
  }

  @Test
  void provisioned_tls_ca_replaces_the_fingerprint_and_without_either_there_is_no_trust_anchor() throws Exception {
    EnrolmentService.IssuedToken token = fleet.token("kiosk-1", "440106");
    Uplink.Enrolment noPin = new Uplink.Enrolment(fleet.url(), token.token(), "", 33);

    assertThat(refusal(new EnrolmentClient(vertx, kiosk("k1")).enrol("kiosk-1", CryptoSuite.STANDARD, noPin)))
        .isEqualTo(IdentityException.Reason.NO_TRUST_ANCHOR);

    Files.createDirectories(dir.resolve("k1"));
    Files.writeString(dir.resolve("k1").resolve(IdentityFiles.TLS_CA),
        Certificates.toPem(fleet.serverIdentity().trusted().get(0)));
    assertThat(await(new EnrolmentClient(vertx, kiosk("k1")).enrol("kiosk-1", CryptoSuite.STANDARD, noPin)))
        .isNotNull();
  }

  @Test
  void fleet_unreachable_is_a_retryable_failure() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    EnrolmentService.IssuedToken token = fleet.token("kiosk-1", "440106");
    Uplink.Enrolment nowhere = new Uplink.Enrolment("https://127.0.0.1:" + closed, token.token(),
        token.tlsCaFingerprint(), 33);

    IdentityException.Reason r = refusal(new EnrolmentClient(vertx, kiosk("k1")).enrol("kiosk-1",
        CryptoSuite.STANDARD, nowhere));
    assertThat(r).isEqualTo(IdentityException.Reason.FLEET_UNREACHABLE);
    assertThat(r.retryable()).isTrue();
  }

  @Test
  void first_boot_enrolment_retries_until_the_fleet_is_up() throws IOException {
    EnrolmentService.IssuedToken token = fleet.token("kiosk-1", "440106");
    int port = fleet.port();
    Uplink.Enrolment s = settings(token);
    fleet.close();
    fleet = null;
    DeviceIdentityService identity = new DeviceIdentityService(vertx, kiosk("k1"), "kiosk-1", CryptoSuite.STANDARD, s,
        new RetryBackoff(Duration.ofMillis(50), Duration.ofMillis(200)),
        new RenewalPlan(33, RenewalPlan.DEFAULT_RETRY), kioskClock);
    await(vertx.getOrCreateContext().<Void>executeBlocking(() -> null).compose(v -> identity.start()));
    assertThat(identity.enrolled().isComplete()).isFalse();

    fleet = HttpsFleet.start(vertx, dir.resolve("fleet"), CryptoSuite.STANDARD, fleetClock,
        DeviceCa.DEFAULT_DEVICE_VALIDITY, port);

    DeviceCredentials c = await(identity.enrolled(), Duration.ofSeconds(20));
    assertThat(identity.tlsIdentity().get().certificate()).isEqualTo(c.deviceCertificate());
    identity.stop();
  }

  private DeviceIdentityService enrolledService(String deviceId) {
    EnrolmentService.IssuedToken token = fleet.token(deviceId, "440106");
    DeviceIdentityService identity = new DeviceIdentityService(vertx, kiosk(deviceId), deviceId, CryptoSuite.STANDARD,
        settings(token), DeviceIdentityService.ENROL_RETRY, new RenewalPlan(33, RenewalPlan.DEFAULT_RETRY), kioskClock);
    await(identity.start());
    await(identity.enrolled());
    return identity;
  }

  @Test
  void certificate_is_renewed_over_mutual_tls_when_a_third_of_its_life_is_left() {
    DeviceIdentityService identity = enrolledService("kiosk-1");
    var before = identity.tlsIdentity().get().certificate();

    kioskClock.advance(Duration.ofDays(19));
    vertx.runOnContext(v -> identity.checkNow());
    assertThat(identity.tlsIdentity().get().certificate()).as("not yet due at 19 of 30 days").isEqualTo(before);

    kioskClock.advance(Duration.ofDays(2));
    fleetClock.advance(Duration.ofDays(21));
    vertx.runOnContext(v -> identity.checkNow());

    await().atMost(Duration.ofSeconds(10)).until(() -> !identity.tlsIdentity().get().certificate().equals(before));
    var after = identity.tlsIdentity().get().certificate();
    assertThat(after.getPublicKey()).isEqualTo(before.getPublicKey());
    assertThat(after.getNotAfter()).isAfter(before.getNotAfter());
    assertThat(Certificates.deviceIdOf(after)).contains("kiosk-1");
    identity.stop();
  }

  @Test
  void revoked_device_cannot_renew() {
    DeviceIdentityService identity = enrolledService("kiosk-1");
    await(fleet.registry().revoke("kiosk-1"));

    assertThat(refusal(identity.renewNow())).isEqualTo(IdentityException.Reason.DEVICE_REVOKED);
    identity.stop();
  }

  @Test
  void expired_certificate_is_refused_at_renewal() {
    DeviceIdentityService identity = enrolledService("kiosk-1");
    fleetClock.advance(Duration.ofDays(31));

    assertThat(refusal(identity.renewNow())).isEqualTo(IdentityException.Reason.CERTIFICATE_EXPIRED);
    identity.stop();
  }
}
