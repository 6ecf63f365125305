package org.doorstep.agent.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.doorstep.config.crypto.CertificateException;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.PeerTrust;
import org.doorstep.config.crypto.TlsContexts;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.config.profile.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's HTTPS client of enrolment and renewal (docs/wire-protocol.md section 9.2), over the
 * {@link IdentityStore} that holds the keys.
 *
 * <ul>
 *   <li>{@link #enrol}: {@code POST /api/enrol {token, csrPem, tlsCsrPem?}}. The server is trusted by
 *       the provisioned {@code tls-ca.pem}, or else by the SHA-256 fingerprint of the fleet TLS CA
 *       ({@code uplink.enrolment.caFingerprint}, printed by the token issuer): the fleet's handshake
 *       must carry a CA certificate with that fingerprint, which then anchors the normal chain and
 *       host-name checks ({@link PinnedCaTrust}).</li>
 *   <li>{@link #renew}: {@code POST /api/renew {csrPem, tlsCsrPem?}} over mutual TLS with the current
 *       TLS identity, trusting the installed {@code tls-ca.pem}.</li>
 *   <li>{@link #lastStoredSequence}: {@code GET /api/device/sequence} over mutual TLS as renewal: the
 *       highest sequence number the fleet stored of this device (section 9.4).</li>
 * </ul>
 * TLS 1.3 only, host names verified, every request times out after {@link #REQUEST_TIMEOUT}. The
 * certificates are checked against the keys and installed by the store before the future succeeds.
 *
 * <p>Threads: callable from any thread. Failures: {@link IdentityException}, with
 * {@link IdentityException.Reason#FLEET_UNREACHABLE} (retryable) for connection failures, timeouts and
 * 5xx answers, and a specific reason for each refusal. Nothing is logged here: the caller logs once.
 */
public final class EnrolmentClient {
  private static final Logger LOG = LoggerFactory.getLogger(EnrolmentClient.class);
  /** Longest wait for the fleet's answer (CSR checks and signing take milliseconds; this is for slow links). */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int CONNECT_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final IdentityStore store;

  /**
   * @param vertx the agent's Vert.x
   * @param store where the keys are and the certificates go
   */
  public EnrolmentClient(Vertx vertx, IdentityStore store) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Enrols: creates the keys if missing, sends their CSRs with the one-time token, installs the
   * certificates.
   *
   * @param deviceId the device id the token was issued for
   * @param suite    the deployment's suite (device key algorithm; SM adds the TLS key)
   * @param settings URL, token and fingerprint
   * @return the installed credentials; fails with {@link IdentityException}
   */
  public Future<DeviceCredentials> enrol(String deviceId, CryptoSuite suite, Uplink.Enrolment settings) {
    if (settings == null || !settings.configured()) {
      return fail(IdentityException.Reason.NOT_CONFIGURED, "uplink.enrolment.url is empty");
    }
    if (settings.token() == null || settings.token().isBlank()) {
      return fail(IdentityException.Reason.NOT_CONFIGURED,
          "uplink.enrolment.token is empty (the one-time token the operator issued for " + deviceId + ")");
    }
    String pin = settings.normalizedFingerprint();
    return store.provisionedTlsCa().compose(provisioned -> {
      TrustManager trust;
      PinnedCaTrust pinned = null;
      if (provisioned.isPresent()) {
        String have = Certificates.sha256Fingerprint(provisioned.get());
        if (!pin.isEmpty() && !pin.equals(have)) {
          return fail(IdentityException.Reason.FINGERPRINT_MISMATCH, "the provisioned " + IdentityFiles.TLS_CA
              + " has fingerprint " + have + " but uplink.enrolment.caFingerprint pins " + pin);
        }
        trust = anchoredAt(provisioned.get());
      } else if (!pin.isEmpty()) {
        pinned = new PinnedCaTrust(pin);
        trust = pinned;
      } else {
        return fail(IdentityException.Reason.NO_TRUST_ANCHOR, "set uplink.enrolment.caFingerprint (printed with the "
            + "token) or provision " + IdentityFiles.TLS_CA + " in the data dir: the fleet cannot be authenticated");
      }
      PinnedCaTrust pinTrust = pinned;
      Optional<X509Certificate> anchor = provisioned;
      return store.certificateRequests(deviceId, suite)
          .compose(csrs -> post(settings.url(), "/api/enrol", body(csrs).put("token", settings.token()), trust, pinTrust,
              Optional.empty()))
          .compose(answer -> {
            IssuedCertificates issued = parse(answer);
            X509Certificate expected = anchor.isPresent() ? anchor.get() : pinTrust.pinnedCa();
            if (!issued.tlsCa().equals(expected)) {
              return fail(IdentityException.Reason.FINGERPRINT_MISMATCH,
                  "the fleet's answer names another TLS CA than the one its handshake was pinned to");
            }
            return store.install(issued);
          });
    });
  }

  /**
   * Renews: sends CSRs of the same keys over mutual TLS with {@code current}'s TLS identity.
   *
   * @param baseUrl the fleet's HTTPS base URL
   * @return the installed credentials; fails with {@link IdentityException} ({@code DEVICE_REVOKED},
   *     {@code CERTIFICATE_EXPIRED}, {@code FLEET_UNREACHABLE} …)
   */
  public Future<DeviceCredentials> renew(String deviceId, CryptoSuite suite, String baseUrl, DeviceCredentials current) {
    TrustManager trust = anchoredAt(current.tlsCa());
    return store.certificateRequests(deviceId, suite)
        .compose(csrs -> post(baseUrl, "/api/renew", body(csrs), trust, null, Optional.of(current.tls())))
        .compose(answer -> store.install(parse(answer)));
  }

  /**
   * Asks the fleet for the highest sequence number it stored of this device, over mutual TLS with
   * {@code current}'s TLS identity (the fleet takes the device id from the certificate).
   *
   * @param baseUrl the fleet's HTTPS base URL
   * @return the fleet's mark (0: none stored); fails with {@link IdentityException}: {@code FLEET_UNREACHABLE}
   *     (retryable: no connection, timeout, 5xx), {@code DEVICE_REVOKED}, {@code CERTIFICATE_EXPIRED},
   *     {@code REFUSED}, {@code BAD_RESPONSE} (no {@code lastSeq}, or another device's id)
   */
  public Future<Long> lastStoredSequence(String baseUrl, DeviceCredentials current) {
    TrustManager trust = anchoredAt(current.tlsCa());
    String deviceId = Certificates.deviceIdOf(current.deviceCertificate()).orElse("?");
    return send(baseUrl, "/api/device/sequence", null, trust, null, Optional.of(current.tls())).compose(answer -> {
      if (!(answer.getValue("lastSeq") instanceof Number n) || n.longValue() < 0
          || !deviceId.equals(answer.getValue("deviceId"))) {
        return fail(IdentityException.Reason.BAD_RESPONSE, "/api/device/sequence answered " + answer.encode()
            + ", not {deviceId: " + deviceId + ", lastSeq >= 0}");
      }
      return Future.succeededFuture(n.longValue());
    });
  }

  private static JsonObject body(CertificateRequests csrs) {
    JsonObject b = new JsonObject().put("csrPem", csrs.csrPem());
    csrs.tlsCsrPem().ifPresent(t -> b.put("tlsCsrPem", t));
    return b;
  }

  private Future<JsonObject> post(String baseUrl, String path, JsonObject body, TrustManager trust,
      PinnedCaTrust pinned, Optional<TlsIdentity> client) {
    return send(baseUrl, path, Objects.requireNonNull(body, "body"), trust, pinned, client);
  }

  /** POSTs {@code body}, or GETs when it is null. */
  private Future<JsonObject> send(String baseUrl, String path, JsonObject body, TrustManager trust,
      PinnedCaTrust pinned, Optional<TlsIdentity> client) {
    WebClientOptions options = new WebClientOptions()
        .setSsl(true)
        .setVerifyHost(true)
        .setEnabledSecureTransportProtocols(Set.copyOf(TlsContexts.PROTOCOLS))
        .setConnectTimeout(CONNECT_TIMEOUT_MS)
        .setTrustOptions(TrustOptions.wrap(trust));
    client.ifPresent(id -> options.setKeyCertOptions(KeyCertOptions.wrap(keyManagers(id))));
    WebClient web = WebClient.create(vertx, options);
    String url = stripSlash(baseUrl) + path;
    Future<HttpResponse<Buffer>> sent = body == null ? web.getAbs(url).timeout(REQUEST_TIMEOUT.toMillis()).send()
        : web.postAbs(url).timeout(REQUEST_TIMEOUT.toMillis()).sendJsonObject(body);
    return sent
        .transform(ar -> {
          if (ar.failed()) {
            return Future.<JsonObject>failedFuture(unreachable(url, ar.cause(), pinned));
          }
          return answer(url, ar.result());
        })
        .onComplete(done -> web.close());
  }

  private static Future<JsonObject> answer(String url, HttpResponse<Buffer> r) {
    JsonObject json;
    try {
      json = r.body() == null ? new JsonObject() : r.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    if (r.statusCode() == 200) {
      return json != null ? Future.succeededFuture(json)
          : fail(IdentityException.Reason.BAD_RESPONSE, url + " answered 200 without a JSON object");
    }
    if (r.statusCode() >= 500 || json == null) {
      return fail(IdentityException.Reason.FLEET_UNREACHABLE, url + " answered " + r.statusCode());
    }
    String reason = String.valueOf(json.getValue("reason"));
    String detail = String.valueOf(json.getValue("detail"));
    IdentityException.Reason mine = switch (reason) {
      case "UNKNOWN_TOKEN" -> IdentityException.Reason.WRONG_TOKEN;
      case "TOKEN_USED" -> IdentityException.Reason.TOKEN_USED;
      case "TOKEN_EXPIRED" -> IdentityException.Reason.TOKEN_EXPIRED;
      case "DEVICE_REVOKED" -> IdentityException.Reason.DEVICE_REVOKED;
      case "CERTIFICATE_EXPIRED" -> IdentityException.Reason.CERTIFICATE_EXPIRED;
      default -> IdentityException.Reason.REFUSED;
    };
    return fail(mine, "the fleet refused (" + r.statusCode() + " " + reason + "): " + detail);
  }

  private static IdentityException unreachable(String url, Throwable cause, PinnedCaTrust pinned) {
    if (pinned != null && pinned.mismatch() != null) {
      return new IdentityException(IdentityException.Reason.FINGERPRINT_MISMATCH, pinned.mismatch());
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return new IdentityException(IdentityException.Reason.TLS_FAILED, url + ": TLS handshake failed: "
            + t.getMessage(), cause);
      }
    }
    LOG.debug("{} unreachable", url, cause);
    return new IdentityException(IdentityException.Reason.FLEET_UNREACHABLE, url + ": " + cause.getMessage(), cause);
  }

  private static IssuedCertificates parse(JsonObject answer) {
    try {
      Optional<X509Certificate> tlsCert = answer.getValue("tlsCertificatePem") instanceof String pem
          ? Optional.of(Certificates.fromPem(pem)) : Optional.empty();
      Optional<PublicKey> configKey = answer.getValue("fleetConfigKeyPem") instanceof String pem
          ? Optional.of(Keys.publicKeyFromPem(pem)) : Optional.empty();
      return new IssuedCertificates(Certificates.fromPem(answer.getString("certificatePem")),
          Certificates.fromPem(answer.getString("caCertificatePem")), tlsCert,
          Certificates.fromPem(answer.getString("tlsCaCertificatePem")), configKey);
    } catch (CertificateException | CryptoException | ClassCastException e) {
      throw new IdentityException(IdentityException.Reason.BAD_RESPONSE, "the fleet's answer holds no usable "
          + "certificates: " + e.getMessage());
    }
  }

  private static TrustManager anchoredAt(X509Certificate ca) {
    try {
      return PeerTrust.pkix(List.of(ca));
    } catch (java.security.cert.CertificateException e) {
      throw new IdentityException(IdentityException.Reason.KEY_STORE, "cannot trust the fleet TLS CA: " + e.getMessage());
    }
  }

  private static KeyManagerFactory keyManagers(TlsIdentity id) {
    try {
      char[] pw = new char[0];
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(TlsContexts.keyStore(id.key(), id.chain(), pw), pw);
      return kmf;
    } catch (GeneralSecurityException e) {
      throw new IdentityException(IdentityException.Reason.KEY_STORE, "cannot load the TLS key: " + e.getMessage());
    }
  }

  private static String stripSlash(String url) {
    String u = url.strip();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private static <T> Future<T> fail(IdentityException.Reason reason, String message) {
    return Future.failedFuture(new IdentityException(reason, message));
  }
}
