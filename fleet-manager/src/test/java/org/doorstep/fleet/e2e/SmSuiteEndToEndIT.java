package org.doorstep.fleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.privacy.FileDataKeyStore;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.OutboxEntry;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.DataKeys;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.Sealed;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.profile.Security;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.store.JdbcRecordStore;
import org.doorstep.fleet.store.StoredRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code security.suite} end to end, in both suites: a real fleet (embedded HiveMQ, SQLite) and a real
 * agent configured with the same suite. The fleet CA is of the suite, the agent's key too, enrolment
 * issues a certificate of the suite, the record travels signed with the suite's algorithm, is verified
 * and stored sealed with the suite's cipher (SM4-GCM in SM mode). No file anywhere under the test's data
 * directories (agent and fleet) holds the resident's ID number or name in clear. Then both sides purge:
 * the record's ciphertexts are gone from the agent's and the fleet's database files.
 */
class SmSuiteEndToEndIT {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir
  Path dir;
  private Vertx vertx;
  private int brokerPort;
  private String fleetDeployment;
  private String agentDeployment;

  @BeforeEach
  void setUp() throws IOException {
    vertx = Vertx.vertx();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      brokerPort = s.getLocalPort();
    }
  }

  @AfterEach
  void tearDown() {
    if (agentDeployment != null) {
      await(vertx.undeploy(agentDeployment).recover(e -> io.vertx.core.Future.succeededFuture()), START);
    }
    if (fleetDeployment != null) {
      await(vertx.undeploy(fleetDeployment).recover(e -> io.vertx.core.Future.succeededFuture()), START);
    }
    await(vertx.close(), START);
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void the_suite_drives_ca_device_key_signature_and_encryption_at_rest_on_both_sides(CryptoSuite suite)
      throws Exception {
    Path fleetDir = dir.resolve("fleet");
    FleetConfig fc = FleetConfig.defaults().withHttpPort(0)
        .withEmbeddedBroker(brokerPort, fleetDir.resolve("broker"))
        .withSqlite(fleetDir.resolve("fleet.db"))
        .withSecurity(new FleetConfig.Security(suite, "P365D"));
    FleetVerticle fleet = new FleetVerticle(fc);
    fleetDeployment = await(vertx.deployVerticle(fleet), START);

    String deviceId = "kiosk-suite-" + suite.name().toLowerCase();
    Path agentDir = dir.resolve(deviceId);
    AgentVerticle agent = new AgentVerticle(TestAgents.config(deviceId, agentDir, "tcp://127.0.0.1:" + brokerPort,
        Duration.ofSeconds(1), 50).withSecurity(new Security(suite)), TestAgents.fastOptions());
    agentDeployment = await(vertx.deployVerticle(agent), START);
    assertThat(agent.suite()).isEqualTo(suite);

    // Enrolment: CSR from the kiosk's own key, certificate of the suite, key registered for records.
    KeyPair deviceKey = Keys.readKeyPair(DeviceKeys.privateKeyFile(agentDir));
    assertThat(Keys.algorithmOf(deviceKey.getPublic())).isEqualTo(suite.signatureAlgorithm());
    EnrolmentService enrolment = fleet.enrolment();
    assertThat(Keys.algorithmOf(enrolment.caCertificate().getPublicKey())).isEqualTo(suite.signatureAlgorithm());
    String token = await(enrolment.issueToken(deviceId, "440103", Duration.ofHours(1))).token();
    // In the SM suite the kiosk also has an Ed25519 TLS key (TLS stays standard TLS 1.3).
    String tlsCsr = suite == CryptoSuite.SM
        ? Csr.create(deviceId, Keys.generate(org.doorstep.config.crypto.SignatureAlgorithm.ED25519)).toPem() : null;
    EnrolmentService.Enrolment enrolled = await(enrolment.enrol(token, Csr.create(deviceId, deviceKey).toPem(), tlsCsr));
    assertThat(Keys.algorithmOf(enrolled.certificate().getPublicKey())).isEqualTo(suite.signatureAlgorithm());
    assertThat(Certificates.verifyDeviceCertificate(enrolled.certificate(), enrolled.caCertificate(), Instant.now()))
        .isEqualTo(deviceId);
    await(fleet.devices().load());

    // A certification travels, is verified with the suite's algorithm and stored once.
    IdCard resident = SampleResidents.cycle(3);
    String recordId = await(agent.certify(resident), START).recordId().orElseThrow();
    await().atMost(Duration.ofSeconds(30)).until(() -> await(agent.outboxPending()) == 0);
    assertThat(await(agent.outbox().find(recordId)).orElseThrow().status()).isEqualTo(OutboxEntry.Status.DELIVERED);
    StoredRecord stored = await(fleet.records().findRecord(recordId)).orElseThrow();
    assertThat(stored.signatureJson()).contains("\"alg\":\"" + suite.signatureAlgorithm().wireName() + "\"");
    assertThat(stored.bodyJson()).contains(resident.idNumber().unmasked());

    // At rest: sealed with the suite's cipher on both sides, keys of the suite in 0600 files.
    EvidenceCipher.Algorithm cipher = suite.cipherAlgorithm();
    assertThat(DataKeys.read(agentDir.resolve(FileDataKeyStore.FILE_NAME)).algorithm()).isEqualTo(cipher);
    assertThat(DataKeys.read(fc.dataKeyFile()).algorithm()).isEqualTo(cipher);
    byte[] fleetSealed = fleetBody(fleetDir.resolve("fleet.db"), recordId);
    byte[] agentSealed = agentPayload(agentDir.resolve("outbox.db"), recordId);
    assertThat(Sealed.fromBytes(fleetSealed).algorithm()).isEqualTo(cipher);
    assertThat(Sealed.fromBytes(agentSealed).algorithm()).isEqualTo(cipher);
    assertNowhere(resident.idNumber().unmasked().getBytes(StandardCharsets.UTF_8), "ID number");
    assertNowhere(resident.name().unmasked().getBytes(StandardCharsets.UTF_8), "name");
    byte[] fleetProbe = textProbe(fleetBodyText(fleetDir.resolve("fleet.db"), recordId));   // stored as base64 text
    assertSomewhere(fleetProbe, "fleet ciphertext");
    assertSomewhere(probe(agentSealed), "agent ciphertext");

    // Retention on both sides (zero retention on the kiosk, a purge "from the future" at the fleet).
    assertThat(await(agent.purgeNow(Optional.of(Duration.ZERO))).records()).isEqualTo(1);
    JdbcRecordStore fleetStore = fleet.stores().records();
    assertThat(await(fleetStore.purgePersonalData(Instant.now().plusSeconds(5), Instant.now()))).isEqualTo(1);
    assertThat(await(fleet.records().findRecord(recordId)).orElseThrow().personalDataPurged()).isTrue();
    assertNowhere(fleetProbe, "purged fleet ciphertext");
    assertNowhere(probe(agentSealed), "purged agent ciphertext");
    assertThat(stored.summary().idNumberMasked()).doesNotContain(resident.idNumber().unmasked());
    assertThat(SignatureAlgorithm.fromWireName(suite.signatureAlgorithm().wireName())).isEqualTo(suite.signatureAlgorithm());
  }

  private static byte[] fleetBody(Path db, String recordId) throws Exception {
    String body = fleetBodyText(db, recordId);
    assertThat(body).startsWith(JdbcRecordStore.SEALED_PREFIX);
    return Base64.getDecoder().decode(body.substring(JdbcRecordStore.SEALED_PREFIX.length()));
  }

  private static byte[] textProbe(String text) {
    int from = text.length() / 2 - 32;
    return text.substring(from, from + 64).getBytes(StandardCharsets.US_ASCII);
  }

  private static String fleetBodyText(Path db, String recordId) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
         PreparedStatement ps = c.prepareStatement("SELECT body FROM records WHERE record_id = ?")) {
      ps.setString(1, recordId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  private static byte[] agentPayload(Path db, String recordId) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
         PreparedStatement ps = c.prepareStatement("SELECT payload FROM outbox WHERE record_id = ?")) {
      ps.setString(1, recordId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getBytes(1);
      }
    }
  }

  private static byte[] probe(byte[] sealed) {
    int from = Sealed.HEADER_BYTES + Math.max(0, (sealed.length - Sealed.HEADER_BYTES - 48) / 2);
    return Arrays.copyOfRange(sealed, from, from + 48);
  }

  /** Every regular file under the test's directory: both sides' databases, WALs, keys, broker data. */
  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  private void assertNowhere(byte[] needle, String what) throws IOException {
    for (Path f : files()) {
      assertThat(indexOf(Files.readAllBytes(f), needle)).as("%s in %s", what, dir.relativize(f)).isEqualTo(-1);
    }
  }

  private void assertSomewhere(byte[] needle, String what) throws IOException {
    boolean found = false;
    for (Path f : files()) {
      found |= indexOf(Files.readAllBytes(f), needle) >= 0;
    }
    assertThat(found).as("%s found in some file", what).isTrue();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
