package org.doorstep.fleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.uplink.UplinkStatus;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.store.RecordQuery;
import org.doorstep.fleet.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kiosk agent (Paho over {@code ssl://}, TLS 1.3, its device key and a certificate from the
 * fleet's TLS CA) delivers to a real fleet whose embedded broker has only its mutual-TLS listener;
 * once revoked, the agent is cut off and its further records stay in its outbox, unstored.
 */
class AgentOverMutualTlsIT {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() {
    await(vertx.close(), START);
  }

  /**
   * The STANDARD suite's TLS identity: the agent's own signing key (made on its first start) with a
   * certificate from the fleet's TLS CA; read at every connect, as the agent's real supplier does.
   */
  private static Supplier<TlsIdentity> identity(Path data, String deviceId, DeviceCa tlsCa, AtomicInteger asked) {
    return () -> {
      asked.incrementAndGet();
      // A P-256 TLS key of its own (the device key signs records; TLS keys are P-256).
      KeyPair pair = Keys.generate(org.doorstep.config.crypto.TlsContexts.TLS_KEY_ALGORITHM);
      X509Certificate cert = tlsCa.issue(Csr.create(deviceId, pair), deviceId, "440103", Duration.ofDays(1),
          Clock.systemUTC());
      return new TlsIdentity(pair.getPrivate(), List.of(cert), List.of(tlsCa.certificate()));
    };
  }

  @Test
  void agent_delivers_over_mutual_tls_and_is_cut_off_when_revoked() throws Exception {
    FleetVerticle fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0)
        .withEmbeddedTlsBroker(0, dir.resolve("broker")).withSqlite(dir.resolve("fleet.db")));
    await(vertx.deployVerticle(fleet), START);
    String id = "kiosk-tls-1";
    Path data = dir.resolve(id);
    AtomicInteger asked = new AtomicInteger();
    AgentVerticle agent = new AgentVerticle(
        TestAgents.config(id, data, "ssl://localhost:" + fleet.brokerTlsPort(), Duration.ofSeconds(1), 50),
        TestAgents.fastOptions().toBuilder().tlsIdentity(identity(data, id, fleet.tlsCa(), asked)).build());
    await(vertx.deployVerticle(agent), START);
    await(fleet.devices().register(id, Files.readString(DeviceKeys.publicKeyFile(data)), "440103"));

    String first = await(agent.certify(SampleResidents.cycle(0)), START).recordId().orElseThrow();
    await().atMost(Duration.ofSeconds(30)).until(() -> await(agent.outboxPending()) == 0);
    assertThat(await(fleet.records().findRecords(RecordQuery.all().withDevice(id).withPage(10, 0))).items())
        .extracting(r -> r.recordId()).containsExactly(first);
    assertThat(asked.get()).isPositive();

    try (LogCapture uplinkLog = LogCapture.of("org.doorstep.agent.uplink")) {
      await(fleet.devices().revoke(id));
      await().atMost(Duration.ofSeconds(10)).until(() -> !await(agent.uplinkStatus()).connected());
      await(agent.certify(SampleResidents.cycle(1)), START);
      // The agent keeps retrying; each CONNECT is refused, and it says why.
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(uplinkLog.messages()).anySatisfy(m ->
          assertThat(m).contains("not authorized: the fleet does not know this device, or it is revoked")));
      assertThat(await(agent.outboxPending())).isEqualTo(1);
      assertThat(await(agent.uplinkStatus())).isEqualTo(UplinkStatus.DISCONNECTED);
    }
    assertThat(await(fleet.records().findRecords(RecordQuery.all().withDevice(id).withPage(10, 0))).items()).hasSize(1);
  }
}
