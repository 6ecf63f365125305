package org.doorstep.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.testing.FleetHttps;
import org.doorstep.fleet.testing.TestOperators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole fleet instance serves enrolment over HTTPS (TLS 1.3, server certificate from the fleet TLS
 * CA): CA created on first start, operator-issued token → CSR → certificate.
 */
@ExtendWith(VertxExtension.class)
class EnrolmentWiringIT {
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void fleet_creates_its_ca_and_enrols_a_device_over_rest(Vertx vertx) {
    FleetConfig config = FleetConfig.defaults()
        .withHttpPort(0)
        .withEmbeddedBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db"));
    FleetVerticle fleet = new FleetVerticle(config);
    String deployment = await(vertx.deployVerticle(fleet), START_TIMEOUT);
    WebClient http = FleetHttps.client(vertx, fleet.serverIdentity().trusted().get(0));
    String admin = TestOperators.admin(fleet.operators());
    try {
      assertThat(dir.resolve("ca").resolve("ca-key.pem")).exists();
      JsonObject issued = await(http.post(fleet.httpPort(), "127.0.0.1", "/api/enrolment-tokens")
          .bearerTokenAuthentication(admin)
          .sendJsonObject(new JsonObject().put("deviceId", "kiosk-e2e").put("region", "440106")))
          .bodyAsJsonObject();
      String token = issued.getString("token");
      assertThat(issued.getString("tlsCaFingerprint"))
          .isEqualTo(Certificates.sha256Fingerprint(fleet.serverIdentity().trusted().get(0)));

      JsonObject enrolled = await(http.post(fleet.httpPort(), "127.0.0.1", "/api/enrol").sendJsonObject(new JsonObject()
          .put("token", token).put("csrPem", Csr.create("kiosk-e2e", Keys.generate(SignatureAlgorithm.ED25519)).toPem())
          .put("tlsCsrPem", Csr.create("kiosk-e2e", Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256)).toPem())))
          .bodyAsJsonObject();
      String caPem = await(http.get(fleet.httpPort(), "127.0.0.1", "/api/ca").bearerTokenAuthentication(admin).send())
          .bodyAsJsonObject().getString("caCertificatePem");

      assertThat(Certificates.deviceIdOf(Certificates.fromPem(enrolled.getString("certificatePem")))).contains("kiosk-e2e");
      assertThat(enrolled.getString("caCertificatePem")).isEqualTo(caPem);
      JsonArray devices = await(http.get(fleet.httpPort(), "127.0.0.1", "/api/devices").bearerTokenAuthentication(admin)
          .send()).bodyAsJsonObject().getJsonArray("items");
      assertThat(devices.getJsonObject(0).getString("deviceId")).isEqualTo("kiosk-e2e");
      assertThat(devices.getJsonObject(0).getLong("seqGaps")).isZero();
    } finally {
      http.close();
      await(vertx.undeploy(deployment), START_TIMEOUT);
    }
  }

  @Test
  void fleet_serves_https_only_unless_plaintext_is_opted_in(Vertx vertx) {
    FleetConfig config = FleetConfig.defaults()
        .withHttpPort(0)
        .withEmbeddedBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db"));
    FleetVerticle fleet = new FleetVerticle(config);
    String deployment = await(vertx.deployVerticle(fleet), START_TIMEOUT);
    WebClient plain = WebClient.create(vertx);
    WebClient tls12 = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setSsl(true)
        .setTrustAll(true).setVerifyHost(false).setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.2")));
    WebClient https = FleetHttps.client(vertx, fleet.serverIdentity().trusted().get(0));
    try {
      assertThat(fleet.httpScheme()).isEqualTo("https");
      assertThat(await(https.get(fleet.httpPort(), "localhost", "/health").send()).statusCode()).isEqualTo(200);
      // Plain HTTP to the TLS port gets no HTTP answer; TLS 1.2 is refused in the handshake.
      assertThat(org.doorstep.fleet.testing.Futures.failure(plain.get(fleet.httpPort(), "127.0.0.1", "/health").send()))
          .isNotNull();
      assertThat(org.doorstep.fleet.testing.Futures.failure(tls12.get(fleet.httpPort(), "127.0.0.1", "/health").send()))
          .isNotNull();
    } finally {
      plain.close();
      tls12.close();
      https.close();
      await(vertx.undeploy(deployment), START_TIMEOUT);
    }
  }
}
