package org.doorstep.fleet.enrol;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.crypto.CertificateException;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.config.crypto.Keys;
import org.doorstep.fleet.store.EnrolmentStore;
import org.doorstep.fleet.store.EnrolmentStore.TokenRow;
import org.doorstep.fleet.store.RegisteredDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues one-time enrolment tokens and exchanges a token plus a device CSR for a device certificate,
 * registering the device's public key in the same transaction that spends the token.
 *
 * <p>Threads: callable from any thread, including an event loop; CSR checks and certificate signing
 * run on a Vert.x worker, JDBC on the store's workers. Failures: {@link EnrolmentException} with its
 * reason for every refusal (nothing is stored and the token stays unused), store failures as they come.
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
   * @param token     the secret to give the installer (base64url, 43 characters)
   * @param deviceId  the device it may enrol
   * @param region    the device's region
   * @param expiresAt when it stops working
   */
  public record IssuedToken(String token, String deviceId, String region, Instant expiresAt) {
    /** Validates presence. */
    public IssuedToken {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Leaves the token out. */
    @Override
    public String toString() {
      return "IssuedToken[deviceId=" + deviceId + ", region=" + region + ", expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * A completed enrolment.
   *
   * @param deviceId      the enrolled device
   * @param certificate   its new certificate
   * @param caCertificate the fleet CA certificate (the device's trust anchor)
   */
  public record Enrolment(String deviceId, X509Certificate certificate, X509Certificate caCertificate) {
    /** Validates presence. */
    public Enrolment {
      Objects.requireNonNull(deviceId, "deviceId");
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(caCertificate, "caCertificate");
    }
  }

  private final Vertx vertx;
  private final EnrolmentStore store;
  private final DeviceCa ca;
  private final Clock clock;
  private final Duration certificateValidity;

  /**
   * @param vertx               runs the CPU work on a worker
   * @param store               tokens and device registrations
   * @param ca                  the fleet CA
   * @param clock               token expiry and certificate validity
   * @param certificateValidity device certificate lifetime ({@link DeviceCa#DEFAULT_DEVICE_VALIDITY})
   */
  public EnrolmentService(Vertx vertx, EnrolmentStore store, DeviceCa ca, Clock clock, Duration certificateValidity) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.ca = Objects.requireNonNull(ca, "ca");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.certificateValidity = Objects.requireNonNull(certificateValidity, "certificateValidity");
  }

  /** The fleet CA certificate. */
  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  /**
   * Issues a one-time token for {@code deviceId} in {@code region}.
   *
   * @param ttl lifetime, 1 minute to {@link #MAX_TOKEN_TTL}
   * @return fails with {@link EnrolmentException.Reason#MALFORMED} naming the bad argument
   */
  public Future<IssuedToken> issueToken(String deviceId, String region, Duration ttl) {
    if (!Topics.isValidDeviceId(deviceId)) {
      return refuse(EnrolmentException.Reason.MALFORMED, "deviceId: must match [A-Za-z0-9._-]{1,64}");
    }
    if (region == null || !DeviceCa.REGION.matcher(region).matches()) {
      return refuse(EnrolmentException.Reason.MALFORMED, "region: must match [A-Za-z0-9._-]{1,64}");
    }
    if (ttl == null || ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(MAX_TOKEN_TTL) > 0) {
      return refuse(EnrolmentException.Reason.MALFORMED, "ttl: must be between 1 minute and " + MAX_TOKEN_TTL.toDays() + " days");
    }
    String token = EnrolmentTokens.newToken();
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl);
    return store.saveToken(new TokenRow(EnrolmentTokens.hash(token), deviceId, region, now, expiresAt, Optional.empty()))
        .map(v -> {
          LOG.info("Enrolment token issued for device {} in region {}, valid until {}", deviceId, region, expiresAt);
          return new IssuedToken(token, deviceId, region, expiresAt);
        });
  }

  /**
   * Enrols a device: checks the token (known, unused, unexpired) and the CSR (readable, signed by
   * its own key, CN = the token's device, key of the CA's algorithm), issues the certificate, then
   * spends the token and registers the key in one transaction.
   *
   * @param token  the one-time token
   * @param csrPem PEM {@code CERTIFICATE REQUEST} from the device
   * @return the enrolment; fails with {@link EnrolmentException} for every refusal
   */
  public Future<Enrolment> enrol(String token, String csrPem) {
    if (token == null || token.isBlank() || token.length() > 256) {
      return refuse(EnrolmentException.Reason.MALFORMED, "token: is required");
    }
    if (csrPem == null || csrPem.isBlank()) {
      return refuse(EnrolmentException.Reason.MALFORMED, "csrPem: is required");
    }
    String hash = EnrolmentTokens.hash(token);
    return store.findToken(hash)
        .compose(found -> {
          Instant now = clock.instant();
          if (found.isEmpty()) {
            return refuse(EnrolmentException.Reason.UNKNOWN_TOKEN, "token: unknown");
          }
          TokenRow row = found.get();
          Optional<EnrolmentException> unusable = unusable(row, now);
          if (unusable.isPresent()) {
            return Future.failedFuture(unusable.get());
          }
          return vertx.executeBlocking(() -> issue(row, csrPem, now), false)
              .compose(issued -> redeem(hash, row, issued, now));
        })
        .onFailure(err -> {
          if (err instanceof EnrolmentException e) {
            LOG.warn("Enrolment refused: {} ({})", e.reason(), e.getMessage());
          }
        });
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

  private X509Certificate issue(TokenRow row, String csrPem, Instant now) {
    Csr csr;
    try {
      csr = Csr.fromPem(csrPem);
    } catch (CertificateException e) {
      throw new EnrolmentException(EnrolmentException.Reason.CSR_INVALID, "csrPem: " + e.getMessage());
    }
    if (!csr.signatureValid()) {
      throw new EnrolmentException(EnrolmentException.Reason.CSR_INVALID, "csrPem: signature does not verify");
    }
    if (!csr.deviceId().map(row.deviceId()::equals).orElse(false)) {
      throw new EnrolmentException(EnrolmentException.Reason.DEVICE_MISMATCH,
          "csrPem: subject CN is not the token's device " + row.deviceId());
    }
    try {
      return ca.issue(csr, row.deviceId(), row.region(), certificateValidity, Clock.fixed(now, java.time.ZoneOffset.UTC));
    } catch (CertificateException e) {
      throw new EnrolmentException(EnrolmentException.Reason.CSR_INVALID, "csrPem: " + e.getMessage());
    }
  }

  private Future<Enrolment> redeem(String hash, TokenRow row, X509Certificate cert, Instant now) {
    PublicKey key = cert.getPublicKey();
    RegisteredDevice device = new RegisteredDevice(row.deviceId(), Keys.toPem(key), Keys.algorithmOf(key).wireName(),
        KeyId.of(key), row.region(), now, false);
    return store.redeemToken(hash, now, device).compose(r -> switch (r) {
      case REDEEMED -> {
        LOG.info("Device {} enrolled in region {}: {} key {}, certificate serial {} valid until {}", row.deviceId(),
            row.region(), device.algorithm(), device.keyId(), cert.getSerialNumber().toString(16),
            cert.getNotAfter().toInstant());
        yield Future.succeededFuture(new Enrolment(row.deviceId(), cert, ca.certificate()));
      }
      // Spent or expired between the check and the transaction: a concurrent enrolment won.
      case TOKEN_NOT_REDEEMABLE -> store.findToken(hash).compose(again -> Future.failedFuture(
          again.flatMap(t -> unusable(t, now)).orElse(new EnrolmentException(EnrolmentException.Reason.TOKEN_USED,
              "token: already used"))));
      case DEVICE_TAKEN -> refuse(EnrolmentException.Reason.DEVICE_TAKEN,
          "deviceId: " + row.deviceId() + " is already registered with another key, or revoked");
    });
  }

  private static <T> Future<T> refuse(EnrolmentException.Reason reason, String message) {
    return Future.failedFuture(new EnrolmentException(reason, message));
  }
}
