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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A whole fleet instance serves enrolment: CA created on first start, token → CSR → certificate. */
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
    WebClient http = WebClient.create(vertx);
    try {
      assertThat(dir.resolve("ca").resolve("ca-key.pem")).exists();
      String token = await(http.post(fleet.httpPort(), "127.0.0.1", "/api/enrolment-tokens")
          .sendJsonObject(new JsonObject().put("deviceId", "kiosk-e2e").put("region", "cn-110105")))
          .bodyAsJsonObject().getString("token");

      JsonObject enrolled = await(http.post(fleet.httpPort(), "127.0.0.1", "/api/enrol").sendJsonObject(new JsonObject()
          .put("token", token).put("csrPem", Csr.create("kiosk-e2e", Keys.generate(SignatureAlgorithm.ED25519)).toPem())))
          .bodyAsJsonObject();
      String caPem = await(http.get(fleet.httpPort(), "127.0.0.1", "/api/ca").send()).bodyAsJsonObject()
          .getString("caCertificatePem");

      assertThat(Certificates.deviceIdOf(Certificates.fromPem(enrolled.getString("certificatePem")))).contains("kiosk-e2e");
      assertThat(enrolled.getString("caCertificatePem")).isEqualTo(caPem);
      JsonArray devices = await(http.get(fleet.httpPort(), "127.0.0.1", "/api/devices").send()).bodyAsJsonArray();
      assertThat(devices.getJsonObject(0).getString("deviceId")).isEqualTo("kiosk-e2e");
      assertThat(devices.getJsonObject(0).getLong("seqGaps")).isZero();
    } finally {
      http.close();
      await(vertx.undeploy(deployment), START_TIMEOUT);
    }
  }
}
