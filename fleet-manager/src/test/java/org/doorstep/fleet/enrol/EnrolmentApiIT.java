package org.doorstep.fleet.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.doorstep.fleet.testing.TestCiphers;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.fleet.operators.OperatorService;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.testing.TestOperators;
import org.doorstep.fleet.web.OperatorAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Enrolment over REST: real SQLite, real HTTP on a free port, the fleet CA in a temp data dir. */
@ExtendWith(VertxExtension.class)
class EnrolmentApiIT {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    volatile Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock();
  private FleetStores store;
  private DeviceCa ca;
  private HttpServer server;
  private WebClient client;
  private String admin;

  @BeforeEach
  void setUp(Vertx vertx) {
    store = await(FleetStores.sqlite(vertx, dir.resolve("fleet.db"), TestCiphers.aes()));
    ca = FleetCa.loadOrCreate(dir.resolve("ca"), CryptoSuite.STANDARD, clock);
    EnrolmentService service = new EnrolmentService(vertx, store.enrolment(), ca, ca, clock, DeviceCa.DEFAULT_DEVICE_VALIDITY);
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BodyHandler.create());
    router.route("/api/*").handler(new OperatorAuth(new OperatorService(store.operators(), Clock.systemUTC())));
    EnrolmentApi.mount(router, service);
    admin = TestOperators.admin(store.operators());
    server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    client.close();
    await(server.close());
    await(store.close());
  }

  private HttpResponse<Buffer> post(String uri, JsonObject body) {
    return await(client.post(server.actualPort(), "127.0.0.1", uri).bearerTokenAuthentication(admin)
        .sendJsonObject(body));
  }

  private String issueToken(String deviceId) {
    HttpResponse<Buffer> r = post("/api/enrolment-tokens",
        new JsonObject().put("deviceId", deviceId).put("region", "cn-110105").put("ttl", "PT24H"));
    assertThat(r.statusCode()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("token");
  }

  private HttpResponse<Buffer> enrol(String token, String csrPem) {
    return post("/api/enrol", new JsonObject().put("token", token).put("csrPem", csrPem));
  }

  private static String csr(String deviceId, KeyPair key) {
    return Csr.create(deviceId, key).toPem();
  }

  private void assertRefused(HttpResponse<Buffer> r, int status, EnrolmentException.Reason reason) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.bodyAsJsonObject().getString("reason")).isEqualTo(reason.name());
  }

  private boolean registered(String deviceId) {
    return await(store.devices().findDevice(deviceId)).isPresent();
  }

  @Test
  void device_with_valid_token_and_csr_gets_a_certificate_and_is_registered() {
    KeyPair key = Keys.generate(SignatureAlgorithm.ED25519);
    String token = issueToken("kiosk-7");

    HttpResponse<Buffer> r = enrol(token, csr("kiosk-7", key));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    X509Certificate cert = Certificates.fromPem(body.getString("certificatePem"));
    X509Certificate caCert = Certificates.fromPem(body.getString("caCertificatePem"));
    assertThat(Certificates.verifyDeviceCertificate(cert, caCert, T0.plusSeconds(60))).isEqualTo("kiosk-7");
    assertThat(Certificates.regionOf(cert)).contains("cn-110105");
    var device = await(store.devices().findDevice("kiosk-7")).orElseThrow();
    assertThat(device.keyId()).isEqualTo(KeyId.of(key.getPublic()));
    assertThat(device.region()).isEqualTo("cn-110105");
    assertThat(await(store.enrolment().findToken(EnrolmentTokens.hash(token))).orElseThrow().usedAt()).contains(T0);
  }

  @Test
  void unknown_token_is_refused_and_nothing_is_stored() {
    issueToken("kiosk-7");

    assertRefused(enrol(EnrolmentTokens.newToken(), csr("kiosk-7", Keys.generate(SignatureAlgorithm.ED25519))),
        403, EnrolmentException.Reason.UNKNOWN_TOKEN);
    assertThat(registered("kiosk-7")).isFalse();
  }

  @Test
  void token_used_once_is_refused_the_second_time() {
    String token = issueToken("kiosk-7");
    KeyPair key = Keys.generate(SignatureAlgorithm.ED25519);
    assertThat(enrol(token, csr("kiosk-7", key)).statusCode()).isEqualTo(200);

    KeyPair attacker = Keys.generate(SignatureAlgorithm.ED25519);
    assertRefused(enrol(token, csr("kiosk-7", attacker)), 409, EnrolmentException.Reason.TOKEN_USED);

    assertThat(await(store.devices().findDevice("kiosk-7")).orElseThrow().keyId()).isEqualTo(KeyId.of(key.getPublic()));
  }

  @Test
  void expired_token_is_refused_and_nothing_is_stored() {
    String token = issueToken("kiosk-7");
    clock.now = T0.plus(Duration.ofHours(24));

    assertRefused(enrol(token, csr("kiosk-7", Keys.generate(SignatureAlgorithm.ED25519))),
        403, EnrolmentException.Reason.TOKEN_EXPIRED);
    assertThat(registered("kiosk-7")).isFalse();
    assertThat(await(store.enrolment().findToken(EnrolmentTokens.hash(token))).orElseThrow().usedAt()).isEmpty();
  }

  @Test
  void csr_for_another_device_is_refused_and_the_token_stays_usable() {
    String token = issueToken("kiosk-7");

    assertRefused(enrol(token, csr("kiosk-8", Keys.generate(SignatureAlgorithm.ED25519))),
        403, EnrolmentException.Reason.DEVICE_MISMATCH);
    assertThat(registered("kiosk-7")).isFalse();
    assertThat(registered("kiosk-8")).isFalse();

    assertThat(enrol(token, csr("kiosk-7", Keys.generate(SignatureAlgorithm.ED25519))).statusCode()).isEqualTo(200);
  }

  @Test
  void csr_of_the_other_suite_or_unreadable_is_refused_as_csr_invalid() {
    String token = issueToken("kiosk-7");

    assertRefused(enrol(token, csr("kiosk-7", Keys.generate(SignatureAlgorithm.SM2_SM3))),
        400, EnrolmentException.Reason.CSR_INVALID);
    assertRefused(enrol(token, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"),
        400, EnrolmentException.Reason.CSR_INVALID);
    assertThat(registered("kiosk-7")).isFalse();
  }

  @Test
  void token_request_with_bad_region_or_ttl_is_malformed() {
    assertRefused(post("/api/enrolment-tokens", new JsonObject().put("deviceId", "kiosk-7").put("region", "a b")),
        400, EnrolmentException.Reason.MALFORMED);
    assertRefused(post("/api/enrolment-tokens", new JsonObject().put("deviceId", "kiosk-7").put("region", "r1")
        .put("ttl", "P90D")), 400, EnrolmentException.Reason.MALFORMED);
    assertRefused(post("/api/enrol", new JsonObject()), 400, EnrolmentException.Reason.MALFORMED);
  }

  @Test
  void token_for_a_revoked_device_id_is_refused_and_none_is_stored() {
    KeyPair key = Keys.generate(SignatureAlgorithm.ED25519);
    assertThat(enrol(issueToken("kiosk-8"), csr("kiosk-8", key)).statusCode()).isEqualTo(200);
    assertThat(await(store.devices().revokeDevice("kiosk-8"))).isTrue();

    HttpResponse<Buffer> r = post("/api/enrolment-tokens",
        new JsonObject().put("deviceId", "kiosk-8").put("region", "cn-110105"));

    assertRefused(r, 403, EnrolmentException.Reason.DEVICE_REVOKED);
    assertThat(r.bodyAsJsonObject().getString("detail")).startsWith("deviceId: kiosk-8 is revoked");
    assertThat(issueToken("kiosk-9")).isNotBlank(); // other ids are unaffected
  }

  @Test
  void fleet_ca_key_is_owner_only_and_the_ca_is_reloaded_on_restart() throws Exception {
    Path key = dir.resolve("ca").resolve(FleetCa.KEY_FILE);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    DeviceCa again = FleetCa.loadOrCreate(dir.resolve("ca"), CryptoSuite.SM, clock);
    assertThat(again.certificate()).isEqualTo(ca.certificate());
    assertThat(again.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
  }
}
