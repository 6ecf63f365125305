package org.doorstep.fleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import org.doorstep.agent.identity.DeviceCredentials;
import org.doorstep.agent.identity.EnrolmentClient;
import org.doorstep.agent.identity.FileIdentityStore;
import org.doorstep.agent.identity.IdentityException;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.PeerTrust;
import org.doorstep.config.crypto.TlsContexts;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.config.profile.Uplink;
import org.doorstep.fleet.enrol.DeviceSequenceApi;
import org.doorstep.fleet.enrol.EnrolmentService;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.testing.Futures;
import org.doorstep.fleet.testing.HttpsFleet;
import org.doorstep.fleet.testing.MutableClock;
import org.doorstep.fleet.testing.Rows;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestOperators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/device/sequence} on the fleet's real HTTPS API (production routes, real SQLite): a device
 * authenticated by its TLS client certificate learns the highest sequence the fleet stored of it, and only of
 * it; without a certificate, with only an operator token, or once revoked, it is refused with a reason.
 * The kiosk side is the agent's own {@link EnrolmentClient}.
 */
@ExtendWith(VertxExtension.class)
class DeviceSequenceOverHttpsIT {
  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock();
  private Vertx vertx;
  private HttpsFleet fleet;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    fleet = HttpsFleet.start(vertx, dir.resolve("fleet"), CryptoSuite.STANDARD, clock, DeviceCa.DEFAULT_DEVICE_VALIDITY);
  }

  @AfterEach
  void tearDown() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private DeviceCredentials enrolled(String deviceId) {
    EnrolmentService.IssuedToken token = fleet.token(deviceId, "440106");
    return await(new EnrolmentClient(vertx, store(deviceId)).enrol(deviceId, CryptoSuite.STANDARD,
        new Uplink.Enrolment(fleet.url(), token.token(), token.tlsCaFingerprint(), 33)));
  }

  private FileIdentityStore store(String deviceId) {
    return new FileIdentityStore(vertx, dir.resolve(deviceId), clock);
  }

  private void stored(String deviceId, long... seqs) {
    TestKiosk kiosk = TestKiosk.create(deviceId);
    List<org.doorstep.fleet.store.StoredRecord> rows = new java.util.ArrayList<>();
    for (long seq : seqs) {
      rows.add(Rows.row(kiosk.record(seq, "certification", clock.instant().minusSeconds(seq)), clock.instant()));
    }
    await(fleet.store().records().storeBatch(rows));
  }

  private long asked(DeviceCredentials c) {
    return await(new EnrolmentClient(vertx, store("unused")).lastStoredSequence(fleet.url(), c));
  }

  /** A raw HTTPS GET of the route, with the given client identity (or none) and headers. */
  private HttpResponse<Buffer> get(String pathAndQuery, Optional<TlsIdentity> client, String bearer) throws Exception {
    WebClientOptions options = new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(TrustOptions.wrap(PeerTrust.pkix(fleet.serverIdentity().trusted())));
    if (client.isPresent()) {
      char[] pw = new char[0];
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(TlsContexts.keyStore(client.get().key(), client.get().chain(), pw), pw);
      options.setKeyCertOptions(KeyCertOptions.wrap(kmf));
    }
    WebClient web = WebClient.create(vertx, options);
    try {
      var request = web.getAbs(fleet.url() + pathAndQuery);
      if (bearer != null) {
        request.bearerTokenAuthentication(bearer);
      }
      return await(request.send());
    } finally {
      web.close();
    }
  }

  @Test
  void device_learns_the_highest_seq_the_fleet_stored_of_it() {
    DeviceCredentials k1 = enrolled("kiosk-1");
    assertThat(asked(k1)).as("nothing stored yet").isZero();

    stored("kiosk-1", 1, 2, 5);

    assertThat(asked(k1)).isEqualTo(5);
  }

  @Test
  void another_devices_certificate_learns_only_its_own_mark_whatever_the_query_names() throws Exception {
    DeviceCredentials k1 = enrolled("kiosk-1");
    DeviceCredentials k2 = enrolled("kiosk-2");
    stored("kiosk-1", 1, 2, 3, 4, 5, 6, 7);
    stored("kiosk-2", 1, 2);

    assertThat(asked(k2)).isEqualTo(2);
    // The device id comes from the certificate: a parameter naming another device is not read.
    HttpResponse<Buffer> r = get(DeviceSequenceApi.PATH + "?deviceId=kiosk-1", Optional.of(k2.tls()), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("deviceId", "kiosk-2").put("lastSeq", 2));
    assertThat(asked(k1)).isEqualTo(7);
  }

  @Test
  void request_without_a_client_certificate_is_refused_even_with_an_operator_token() throws Exception {
    enrolled("kiosk-1");
    stored("kiosk-1", 1);
    String admin = TestOperators.token(fleet.store().operators(), Role.ADMIN, "440000");

    for (String bearer : new String[] {null, admin}) {
      HttpResponse<Buffer> r = get(DeviceSequenceApi.PATH + "?deviceId=kiosk-1", Optional.empty(), bearer);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("reason")).isEqualTo("CERTIFICATE_REQUIRED");
      assertThat(r.bodyAsJsonObject().containsKey("lastSeq")).isFalse();
    }
  }

  @Test
  void revoked_device_is_refused() {
    DeviceCredentials k1 = enrolled("kiosk-1");
    stored("kiosk-1", 1);
    await(fleet.registry().revoke("kiosk-1"));

    Throwable err = Futures.failure(new EnrolmentClient(vertx, store("unused")).lastStoredSequence(fleet.url(), k1));

    assertThat(err).isInstanceOf(IdentityException.class);
    assertThat(((IdentityException) err).reason()).isEqualTo(IdentityException.Reason.DEVICE_REVOKED);
  }

  @Test
  void unreachable_fleet_is_a_retryable_failure() {
    DeviceCredentials k1 = enrolled("kiosk-1");
    String url = fleet.url();
    fleet.close();
    fleet = null;

    Future<Long> f = new EnrolmentClient(vertx, store("unused")).lastStoredSequence(url, k1);

    IdentityException err = (IdentityException) Futures.failure(f);
    assertThat(err.reason()).isEqualTo(IdentityException.Reason.FLEET_UNREACHABLE);
    assertThat(err.reason().retryable()).isTrue();
  }
}
