package org.doorstep.fleet.enrol;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.crypto.CertificateException;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.config.crypto.Keys;
import org.doorstep.fleet.devices.EnrolmentFailures;
import org.doorstep.fleet.store.EnrolmentStore;
import org.doorstep.fleet.store.EnrolmentStore.TokenRow;
import org.doorstep.fleet.store.RegisteredDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues one-time enrolment tokens, exchanges a token plus device CSR(s) for certificates (registering
 * the device's public key in the same transaction that spends the token), and renews certificates of
 * enrolled devices.
 *
 * <p>Two CAs: the device CA of the deployment's suite (Ed25519 or SM2-SM3) signs device certificates
 * (record-signing key), and the TLS CA ({@link FleetCa#tlsCas}, ECDSA P-256 in both suites) signs TLS
 * identities. The device sends two CSRs: {@code csrPem} for its signing key and {@code tlsCsrPem} for
 * its separate P-256 TLS key.
 *
 * <p>Renewal is authenticated by the device's current TLS client certificate (mutual TLS on
 * {@code POST /api/renew}, like EST's {@code /simplereenroll}, RFC 7030 section 3.3.2): the TLS
 * handshake proves possession of the key, {@link #renew} checks the certificate (issuer, validity),
 * the registration (known, not revoked) and that the CSRs carry the same keys. A new key needs a
 * new enrolment, with one exception: a kiosk enrolled before the switch to P-256 TLS keys presents an
 * Ed25519 client certificate of the legacy TLS CA ({@link TlsCas#legacy()}), and its renewal may (and
 * should) carry a new P-256 TLS key; it gets a P-256 TLS certificate and the new TLS CA.
 *
 * <p>Threads: callable from any thread, including an event loop; CSR checks and certificate signing
 * run on a Vert.x worker, JDBC on the store's workers. Failures: {@link EnrolmentException} with its
 * reason for every refusal (logged here, once, at WARN; nothing is stored and the token stays unused),
 * store failures as they come.
 */
public final class EnrolmentService {
  private static final Logger LOG = LoggerFactory.getLogger(EnrolmentService.class);
  /** Default token lifetime: 24 h, one working day for the installer to bring the kiosk up. */
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(24);
  /** Longest token lifetime: 30 days; an unused token is a standing credential. */
  public static final Duration MAX_TOKEN_TTL = Duration.ofDays(30);

  /**
   * A newly issued token. The token itself exists only here: the store keeps its hash.
   *
   * @param token            the secret to give the installer (base64url, 43 characters)
   * @param deviceId         the device it may enrol
   * @param region           the device's region
   * @param expiresAt        when it stops working
   * @param tlsCaFingerprint SHA-256 of the fleet TLS CA certificate: give it to the installer with the
   *                         token, so the device can pin the fleet on its first HTTPS contact
   */
  public record IssuedToken(String token, String deviceId, String region, Instant expiresAt, String tlsCaFingerprint) {
    /** Validates presence. */
    public IssuedToken {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(expiresAt, "expiresAt");
      Objects.requireNonNull(tlsCaFingerprint, "tlsCaFingerprint");
    }

    /** Leaves the token out. */
    @Override
    public String toString() {
      return "IssuedToken[deviceId=" + deviceId + ", region=" + region + ", expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * A completed enrolment or renewal.
   *
   * @param deviceId         the device
   * @param certificate      its new device certificate (record-signing key)
   * @param caCertificate    the device CA certificate
   * @param tlsCertificate   the certificate of its separate P-256 TLS key (always present from this
   *                         service; optional in the type for callers that build answers by hand)
   * @param tlsCaCertificate the TLS CA certificate (trust anchor for the broker and the HTTPS API)
   */
  public record Enrolment(String deviceId, X509Certificate certificate, X509Certificate caCertificate,
      Optional<X509Certificate> tlsCertificate, X509Certificate tlsCaCertificate) {
    /** Validates presence. */
    public Enrolment {
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(caCertificate, "caCertificate");
      tlsCertificate = tlsCertificate == null ? Optional.empty() : tlsCertificate;
      Objects.requireNonNull(tlsCaCertificate, "tlsCaCertificate");
    }
  }

  /** What a CSR check produced. */
  private record Issued(X509Certificate certificate, Optional<X509Certificate> tlsCertificate) {
    /**
     * The rows the store keeps of these certificates (V6): the device certificate is the TLS
     * certificate too unless a separate one was issued.
     */
    java.util.List<EnrolmentStore.CertificateRow> rows(String deviceId, Instant now) {
      java.util.List<EnrolmentStore.CertificateRow> out = new java.util.ArrayList<>();
      out.add(row(certificate, deviceId, tlsCertificate.isEmpty(), now));
      tlsCertificate.ifPresent(t -> out.add(row(t, deviceId, true, now)));
      return out;
    }

    private static EnrolmentStore.CertificateRow row(X509Certificate c, String deviceId, boolean tls, Instant now) {
      return new EnrolmentStore.CertificateRow(c.getSerialNumber().toString(16), deviceId, tls, now,
          c.getNotAfter().toInstant());
    }
  }

  private final Vertx vertx;
  private final EnrolmentStore store;
  private final DeviceCa ca;
  private final DeviceCa tlsCa;
  private final TlsCas tlsCas;
  private final Clock clock;
  private final Duration certificateValidity;
  private volatile EnrolmentFailures failures;

  /**
   * @param vertx               runs the CPU work on a worker
   * @param store               tokens and device registrations
   * @param ca                  the fleet's device CA
   * @param tlsCas              the fleet's TLS CAs ({@link FleetCa#tlsCas}): the P-256 CA that issues, and
   *                            the legacy Ed25519 one whose client certificates may still renew
   * @param clock               token expiry and certificate validity
   * @param certificateValidity device certificate lifetime ({@link DeviceCa#DEFAULT_DEVICE_VALIDITY})
   */
  public EnrolmentService(Vertx vertx, EnrolmentStore store, DeviceCa ca, TlsCas tlsCas, Clock clock,
      Duration certificateValidity) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.ca = Objects.requireNonNull(ca, "ca");
    this.tlsCas = Objects.requireNonNull(tlsCas, "tlsCas");
    this.tlsCa = tlsCas.current();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.certificateValidity = Objects.requireNonNull(certificateValidity, "certificateValidity");
    this.failures = new EnrolmentFailures(clock);
  }

  /** {@link #EnrolmentService(Vertx, EnrolmentStore, DeviceCa, TlsCas, Clock, Duration)} without a legacy TLS CA. */
  public EnrolmentService(Vertx vertx, EnrolmentStore store, DeviceCa ca, DeviceCa tlsCa, Clock clock,
      Duration certificateValidity) {
    this(vertx, store, ca, TlsCas.of(tlsCa), clock, certificateValidity);
  }

  /** The fleet's device CA certificate. */
  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  /** The fleet's TLS CA certificate. */
  public X509Certificate tlsCaCertificate() {
    return tlsCa.certificate();
  }

  /** SHA-256 fingerprint of the TLS CA certificate (what installers pin). */
  public String tlsCaFingerprint() {
    return Certificates.sha256Fingerprint(tlsCa.certificate());
  }

  /**
   * Issues a one-time token for {@code deviceId} in {@code region}.
   *
   * @param ttl lifetime, 1 minute to {@link #MAX_TOKEN_TTL}
   * @return fails with {@link EnrolmentException.Reason#MALFORMED} naming the bad argument, or
   *     {@link EnrolmentException.Reason#DEVICE_REVOKED} when the device id was revoked
   */
  public Future<IssuedToken> issueToken(String deviceId, String region, Duration ttl) {
    return logged(checkedIssue(deviceId, region, ttl), "token for " + (Topics.isValidDeviceId(deviceId) ? deviceId : "?"));
  }

  private Future<IssuedToken> checkedIssue(String deviceId, String region, Duration ttl) {
    if (!Topics.isValidDeviceId(deviceId)) {
      return refuse(EnrolmentException.Reason.MALFORMED, "deviceId: must match [A-Za-z0-9._-]{1,64}");
    }
    if (region == null || !DeviceCa.REGION.matcher(region).matches()) {
      return refuse(EnrolmentException.Reason.MALFORMED, "region: must match [A-Za-z0-9._-]{1,64}");
    }
    if (ttl == null || ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(MAX_TOKEN_TTL) > 0) {
      return refuse(EnrolmentException.Reason.MALFORMED, "ttl: must be between 1 minute and " + MAX_TOKEN_TTL.toDays() + " days");
    }
    // A revoked id stays revoked: a token for it could never be redeemed (DEVICE_TAKEN at enrolment),
    // so it is refused now, where the operator sees why.
    return store.findDevice(deviceId).compose(existing -> {
      if (existing.isPresent() && existing.get().revoked()) {
        return refuse(EnrolmentException.Reason.DEVICE_REVOKED, "deviceId: " + deviceId
            + " is revoked; a revoked id is never enrolled again, give the terminal a new device id");
      }
      return saveNewToken(deviceId, region, ttl);
    });
  }

  private Future<IssuedToken> saveNewToken(String deviceId, String region, Duration ttl) {
    String token = EnrolmentTokens.newToken();
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl);
    return store.saveToken(new TokenRow(EnrolmentTokens.hash(token), deviceId, region, now, expiresAt, Optional.empty()))
        .map(v -> {
          LOG.info("Enrolment token issued for device {} in region {}, valid until {}", deviceId, region, expiresAt);
          return new IssuedToken(token, deviceId, region, expiresAt, tlsCaFingerprint());
        });
  }

  /**
   * Enrols a device: checks the token (known, unused, unexpired) and the CSR(s) (readable, signed by
   * their own key, CN = the token's device, keys of the right algorithms), issues the certificates,
   * then spends the token and registers the device key in one transaction. A spent token presented
   * again within its life with the key it registered gets the enrolment again (crash-safe enrolment:
   * see {@code repeated}); with another key it stays {@code TOKEN_USED}.
   *
   * @param token     the one-time token
   * @param csrPem    PEM {@code CERTIFICATE REQUEST} of the device (record-signing) key
   * @param tlsCsrPem PEM CSR of the device's P-256 TLS key (required)
   * @return the enrolment; fails with {@link EnrolmentException} for every refusal
   */
  public Future<Enrolment> enrol(String token, String csrPem, String tlsCsrPem) {
    if (token == null || token.isBlank() || token.length() > 256) {
      return logged(refuse(EnrolmentException.Reason.MALFORMED, "token: is required"), "?");
    }
    Optional<EnrolmentException> bad = checkCsrPresence(csrPem, tlsCsrPem);
    if (bad.isPresent()) {
      return logged(Future.failedFuture(bad.get()), "?");
    }
    String hash = EnrolmentTokens.hash(token);
    return logged(store.findToken(hash)
        .compose(found -> {
          Instant now = clock.instant();
          if (found.isEmpty()) {
            return refuse(EnrolmentException.Reason.UNKNOWN_TOKEN, "token: unknown");
          }
          TokenRow row = found.get();
          Optional<EnrolmentException> unusable = unusable(row, now);
          Future<Enrolment> result;
          if (unusable.isPresent() && row.usedAt().isPresent() && now.isBefore(row.expiresAt())) {
            result = repeated(row, csrPem, tlsCsrPem, now, unusable.get());
          } else if (unusable.isPresent()) {
            result = Future.failedFuture(unusable.get());
          } else {
            result = vertx.executeBlocking(() -> issue(row.deviceId(), row.region(), csrPem, tlsCsrPem, Optional.empty(),
                    now), false)
                .compose(issued -> redeem(hash, row, issued, now));
          }
          // The token names its device: what became of the attempt is that device's (GET /api/devices).
          return result.onComplete(ar -> {
            if (ar.succeeded()) {
              failures.succeeded(row.deviceId());
            } else if (ar.cause() instanceof EnrolmentException e) {
              failures.refused(row.deviceId(), e.reason().name(), e.getMessage());
            }
          });
        }), "token");
  }

  /**
   * The same token again, within its life, after it was spent: the device did not get (or could not
   * save) the answer, e.g. it was killed between the fleet's commit and writing its certificate. When
   * the CSR carries the key the token registered (and the device is not revoked), the answer is the same
   * enrolment again: certificates for that key (fresh serials, recorded for the CRL like the first).
   * Any other key keeps the refusal ({@code TOKEN_USED}): a spent token never registers a second key.
   */
  private Future<Enrolment> repeated(TokenRow row, String csrPem, String tlsCsrPem, Instant now,
      EnrolmentException used) {
    return store.findDevice(row.deviceId()).compose(found -> {
      if (found.isEmpty() || found.get().revoked()) {
        return Future.failedFuture(used);
      }
      RegisteredDevice device = found.get();
      return vertx.executeBlocking(() -> issue(row.deviceId(), device.region(), csrPem, tlsCsrPem, Optional.empty(),
          now), false).compose(issued -> {
            if (!KeyId.of(issued.certificate().getPublicKey()).equals(device.keyId())) {
              return Future.failedFuture(new EnrolmentException(EnrolmentException.Reason.TOKEN_USED,
                  used.getMessage() + " with another key"));
            }
            return store.saveCertificates(issued.rows(row.deviceId(), now)).map(v -> {
              X509Certificate cert = issued.certificate();
              LOG.info("Device {} repeated its enrolment with the same token and key: certificate issued again, "
                  + "serial {} valid until {}", row.deviceId(), cert.getSerialNumber().toString(16),
                  cert.getNotAfter().toInstant());
              return new Enrolment(row.deviceId(), cert, ca.certificate(), issued.tlsCertificate(), tlsCa.certificate());
            });
          });
    });
  }

  /**
   * Where refused enrolment attempts are recorded per device (the registry's, so that {@code GET
   * /api/devices} shows them). Call once at wiring, before requests arrive; by default a log of its own.
   */
  public EnrolmentService reportFailuresTo(EnrolmentFailures failures) {
    this.failures = Objects.requireNonNull(failures, "failures");
    return this;
  }

  /**
   * Renews the certificates of an enrolled device.
   *
   * @param clientCertificate the TLS client certificate the device presented (null when none)
   * @param csrPem            CSR of the device key: the key registered at enrolment
   * @param tlsCsrPem         CSR of the TLS key: the key of {@code clientCertificate}, or a new P-256 key
   *                          when that is an Ed25519 certificate of the legacy TLS CA
   * @return fresh certificates; fails with {@link EnrolmentException} {@code CERTIFICATE_REQUIRED},
   *     {@code CERTIFICATE_EXPIRED}, {@code CERTIFICATE_INVALID}, {@code UNKNOWN_DEVICE},
   *     {@code DEVICE_REVOKED}, {@code DEVICE_MISMATCH}, {@code KEY_MISMATCH}, {@code CSR_INVALID} or
   *     {@code MALFORMED}
   */
  public Future<Enrolment> renew(X509Certificate clientCertificate, String csrPem, String tlsCsrPem) {
    Instant now = clock.instant();
    Authenticated who;
    try {
      who = checkClientCertificate(clientCertificate, "renewal", now);
    } catch (EnrolmentException e) {
      return logged(Future.failedFuture(e), clientCertificate == null ? "?"
          : Certificates.deviceIdOf(clientCertificate).orElse("?"));
    }
    Optional<EnrolmentException> bad = checkCsrPresence(csrPem, tlsCsrPem);
    if (bad.isPresent()) {
      return logged(Future.failedFuture(bad.get()), who.deviceId());
    }
    boolean legacy = who.legacy();
    String id = who.deviceId();
    return logged(registered(id).compose(device ->
      vertx.executeBlocking(() -> issue(id, device.region(), csrPem, tlsCsrPem,
          Optional.of(new Renewing(device, clientCertificate, legacy)), now), false)
          // Recorded before they are handed out, so that a later revocation can list them in the CRL.
          .compose(issued -> store.saveCertificates(issued.rows(id, now)).map(v -> issued))
    ).map(issued -> {
      X509Certificate cert = issued.certificate();
      LOG.info("Device {} renewed its certificate: serial {} valid until {}{}", id,
          cert.getSerialNumber().toString(16), cert.getNotAfter().toInstant(),
          legacy ? " (moved from its Ed25519 TLS certificate to a P-256 one)" : "");
      return new Enrolment(id, cert, ca.certificate(), issued.tlsCertificate(), tlsCa.certificate());
    }), id);
  }

  /**
   * Authenticates a device by its TLS client certificate, as {@link #renew} does: issued by a fleet TLS CA
   * (today's or the legacy one), valid now, of a registered device that is not revoked. The device id comes
   * from the certificate only. Used by the device routes that take no body of their own
   * ({@code GET /api/device/sequence}, {@link DeviceSequenceApi}).
   *
   * @param clientCertificate the connection's client certificate; null when none was sent
   * @param what              what the device asked for, for the refusal and the log
   * @return the device id; fails with {@link EnrolmentException} ({@code CERTIFICATE_REQUIRED},
   *     {@code CERTIFICATE_INVALID}, {@code CERTIFICATE_EXPIRED}, {@code UNKNOWN_DEVICE},
   *     {@code DEVICE_REVOKED}), logged here at WARN
   */
  public Future<String> authenticateDevice(X509Certificate clientCertificate, String what) {
    Authenticated who;
    try {
      who = checkClientCertificate(clientCertificate, what, clock.instant());
    } catch (EnrolmentException e) {
      return logged(Future.failedFuture(e), clientCertificate == null ? "?"
          : Certificates.deviceIdOf(clientCertificate).orElse("?"), "Device request");
    }
    return logged(registered(who.deviceId()).map(device -> who.deviceId()), who.deviceId(), "Device request");
  }

  /** A client certificate that passed {@link #checkClientCertificate}: whose, and of which TLS CA. */
  private record Authenticated(String deviceId, boolean legacy) {}

  /** Issuer and validity of a device's client certificate; throws {@link EnrolmentException}. */
  private Authenticated checkClientCertificate(X509Certificate clientCertificate, String what, Instant now) {
    if (clientCertificate == null) {
      throw new EnrolmentException(EnrolmentException.Reason.CERTIFICATE_REQUIRED,
          what + " needs the device's TLS client certificate (mutual TLS)");
    }
    try {
      try {
        return new Authenticated(Certificates.verifyDeviceCertificate(clientCertificate, tlsCa.certificate(), now), false);
      } catch (CertificateException e) {
        if (e.reason() != CertificateException.Reason.WRONG_ISSUER || tlsCas.legacy().isEmpty()) {
          throw e;
        }
        return new Authenticated(
            Certificates.verifyDeviceCertificate(clientCertificate, tlsCas.legacy().get().certificate(), now), true);
      }
    } catch (CertificateException e) {
      EnrolmentException.Reason reason = e.reason() == CertificateException.Reason.EXPIRED
          ? EnrolmentException.Reason.CERTIFICATE_EXPIRED : EnrolmentException.Reason.CERTIFICATE_INVALID;
      throw new EnrolmentException(reason, "client certificate: " + e.getMessage()
          + (reason == EnrolmentException.Reason.CERTIFICATE_EXPIRED ? "; enrol again with a new token" : ""));
    }
  }

  /** The registration of {@code deviceId}; fails {@code UNKNOWN_DEVICE} or {@code DEVICE_REVOKED}. */
  private Future<RegisteredDevice> registered(String deviceId) {
    return store.findDevice(deviceId).compose(found -> {
      if (found.isEmpty()) {
        return refuse(EnrolmentException.Reason.UNKNOWN_DEVICE, "deviceId: " + deviceId + " is not registered");
      }
      if (found.get().revoked()) {
        return refuse(EnrolmentException.Reason.DEVICE_REVOKED, "deviceId: " + deviceId + " is revoked");
      }
      return Future.succeededFuture(found.get());
    });
  }

  /**
   * What a renewal must match: the registration and the certificate the device authenticated with
   * ({@code legacy}: an Ed25519 certificate of the legacy TLS CA, whose key the renewal replaces).
   */
  private record Renewing(RegisteredDevice device, X509Certificate clientCertificate, boolean legacy) {}

  private Optional<EnrolmentException> checkCsrPresence(String csrPem, String tlsCsrPem) {
    if (csrPem == null || csrPem.isBlank()) {
      return Optional.of(new EnrolmentException(EnrolmentException.Reason.MALFORMED, "csrPem: is required"));
    }
    if (tlsCsrPem == null || tlsCsrPem.isBlank()) {
      return Optional.of(new EnrolmentException(EnrolmentException.Reason.MALFORMED,
          "tlsCsrPem: is required (a CSR of the device's ECDSA P-256 TLS key, in both suites)"));
    }
    return Optional.empty();
  }

  private static Optional<EnrolmentException> unusable(TokenRow row, Instant now) {
    if (row.usedAt().isPresent()) {
      return Optional.of(new EnrolmentException(EnrolmentException.Reason.TOKEN_USED,
          "token: already used for device " + row.deviceId()));
    }
    if (!now.isBefore(row.expiresAt())) {
      return Optional.of(new EnrolmentException(EnrolmentException.Reason.TOKEN_EXPIRED,
          "token: expired at " + row.expiresAt()));
    }
    return Optional.empty();
  }

  private Issued issue(String deviceId, String region, String csrPem, String tlsCsrPem, Optional<Renewing> renewing,
      Instant now) {
    Clock at = Clock.fixed(now, ZoneOffset.UTC);
    Csr csr = readCsr("csrPem", csrPem, deviceId);
    renewing.ifPresent(r -> {
      if (!KeyId.of(csr.publicKey()).equals(r.device().keyId())) {
        throw new EnrolmentException(EnrolmentException.Reason.KEY_MISMATCH,
            "csrPem: key is not the device's registered key " + r.device().keyId() + " (a new key needs a new enrolment)");
      }
    });
    X509Certificate cert = sign(ca, csr, deviceId, region, at, "csrPem");
    Csr tlsCsr = readCsr("tlsCsrPem", tlsCsrPem, deviceId);
    renewing.ifPresent(r -> {
      // A legacy (Ed25519) client certificate authenticated the device; its renewal brings the new key.
      if (!r.legacy() && !sameKey(r.clientCertificate().getPublicKey(), tlsCsr.publicKey())) {
        throw new EnrolmentException(EnrolmentException.Reason.KEY_MISMATCH,
            "tlsCsrPem: key is not the key of the client certificate (a new key needs a new enrolment)");
      }
    });
    return new Issued(cert, Optional.of(sign(tlsCa, tlsCsr, deviceId, region, at, "tlsCsrPem")));
  }

  private static boolean sameKey(PublicKey a, PublicKey b) {
    return Arrays.equals(a.getEncoded(), b.getEncoded());
  }

  private static Csr readCsr(String field, String pem, String deviceId) {
    Csr csr;
    try {
      csr = Csr.fromPem(pem);
    } catch (CertificateException e) {
      throw new EnrolmentException(EnrolmentException.Reason.CSR_INVALID, field + ": " + e.getMessage());
    }
    if (!csr.signatureValid()) {
      throw new EnrolmentException(EnrolmentException.Reason.CSR_INVALID, field + ": signature does not verify");
    }
    if (!csr.deviceId().map(deviceId::equals).orElse(false)) {
      throw new EnrolmentException(EnrolmentException.Reason.DEVICE_MISMATCH,
          field + ": subject CN is not the device " + deviceId);
    }
    return csr;
  }

  private X509Certificate sign(DeviceCa issuer, Csr csr, String deviceId, String region, Clock at, String field) {
    try {
      return issuer.issue(csr, deviceId, region, certificateValidity, at);
    } catch (CertificateException e) {
      throw new EnrolmentException(EnrolmentException.Reason.CSR_INVALID, field + ": " + e.getMessage());
    }
  }

  private Future<Enrolment> redeem(String hash, TokenRow row, Issued issued, Instant now) {
    X509Certificate cert = issued.certificate();
    PublicKey key = cert.getPublicKey();
    RegisteredDevice device = new RegisteredDevice(row.deviceId(), Keys.toPem(key), Keys.algorithmOf(key).wireName(),
        KeyId.of(key), row.region(), now, false);
    return store.redeemToken(hash, now, device, issued.rows(row.deviceId(), now)).compose(r -> switch (r) {
      case REDEEMED -> {
        LOG.info("Device {} enrolled in region {}: {} key {}, certificate serial {} valid until {}", row.deviceId(),
            row.region(), device.algorithm(), device.keyId(), cert.getSerialNumber().toString(16),
            cert.getNotAfter().toInstant());
        yield Future.succeededFuture(new Enrolment(row.deviceId(), cert, ca.certificate(), issued.tlsCertificate(),
            tlsCa.certificate()));
      }
      // Spent or expired between the check and the transaction: a concurrent enrolment won.
      case TOKEN_NOT_REDEEMABLE -> store.findToken(hash).compose(again -> Future.failedFuture(
          again.flatMap(t -> unusable(t, now)).orElse(new EnrolmentException(EnrolmentException.Reason.TOKEN_USED,
              "token: already used"))));
      case DEVICE_TAKEN -> refuse(EnrolmentException.Reason.DEVICE_TAKEN,
          "deviceId: " + row.deviceId() + " is already registered with another key, or revoked");
    });
  }

  /** Logs a refusal once, with its reason and the device it concerns (never the token). */
  private static <T> Future<T> logged(Future<T> result, String device) {
    return logged(result, device, "Enrolment");
  }

  /** Logs a refusal once, at WARN: "{what} refused (device): REASON - detail". */
  private static <T> Future<T> logged(Future<T> result, String device, String what) {
    return result.onFailure(err -> {
      if (err instanceof EnrolmentException e) {
        LOG.warn("{} refused ({}): {} - {}", what, device, e.reason(), e.getMessage());
      }
    });
  }

  private static <T> Future<T> refuse(EnrolmentException.Reason reason, String message) {
    return Future.failedFuture(new EnrolmentException(reason, message));
  }
}
