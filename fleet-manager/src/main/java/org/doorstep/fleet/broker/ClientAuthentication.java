package org.doorstep.fleet.broker;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.crypto.CertificateException;
import org.doorstep.config.crypto.Certificates;

/**
 * Who a TLS connection is: the device id from its client certificate, checked again by the broker
 * extension after the TLS handshake (which already verified the chain against the TLS CA with the
 * JVM's clock). Checks: issued by the fleet's TLS CA, valid at the fleet's clock, an end-entity
 * certificate whose subject CN is a device id, and the MQTT client id equal to that CN. The
 * registry check (unknown, revoked) follows in {@link DeviceSecurity}. Pure.
 */
final class ClientAuthentication {
  private ClientAuthentication() {}

  /** Why a connection is refused. Logged with the client id and address; the CONNACK carries the detail. */
  enum Refusal {
    /** The TLS connection presented no client certificate. */
    NO_CLIENT_CERTIFICATE,
    /** The certificate was not issued by the fleet's TLS CA. */
    CERTIFICATE_UNTRUSTED,
    /** The certificate's notAfter has passed. */
    CERTIFICATE_EXPIRED,
    /** The certificate's notBefore is still ahead. */
    CERTIFICATE_NOT_YET_VALID,
    /** A CA certificate, or a subject CN that is not a device id. */
    NOT_A_DEVICE_CERTIFICATE,
    /** The MQTT client id is not the certificate's device id. */
    CLIENT_ID_MISMATCH,
    /** No device with this id is registered at the fleet. */
    UNKNOWN_DEVICE,
    /** The device is revoked. */
    DEVICE_REVOKED,
    /** The device registry did not answer (the device retries). */
    REGISTRY_UNAVAILABLE
  }

  /** The outcome of {@link #check}. */
  sealed interface Decision permits Accepted, Refused {}

  /** @param deviceId the certificate's device id (= the MQTT client id) */
  record Accepted(String deviceId) implements Decision {}

  /**
   * @param refusal why
   * @param detail  human-readable detail (no personal data: device ids and dates)
   */
  record Refused(Refusal refusal, String detail) implements Decision {
    Refused {
      Objects.requireNonNull(refusal, "refusal");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * @param clientId    the MQTT client id of the CONNECT
   * @param certificate the client certificate of the TLS session, if any
   * @param tlsCa       the fleet's TLS CA certificate
   * @param now         the fleet's clock
   */
  static Decision check(String clientId, Optional<X509Certificate> certificate, X509Certificate tlsCa, Instant now) {
    return check(clientId, certificate, java.util.List.of(tlsCa), now);
  }

  /**
   * {@link #check(String, Optional, X509Certificate, Instant)} against several TLS CAs (the P-256 TLS CA
   * and, during the transition from Ed25519 TLS keys, the legacy one): the certificate must come from
   * one of them.
   */
  static Decision check(String clientId, Optional<X509Certificate> certificate, java.util.List<X509Certificate> tlsCas,
      Instant now) {
    if (certificate.isEmpty()) {
      return new Refused(Refusal.NO_CLIENT_CERTIFICATE, "no client certificate");
    }
    String deviceId = null;
    CertificateException refused = null;
    for (X509Certificate tlsCa : tlsCas) {
      try {
        deviceId = Certificates.verifyDeviceCertificate(certificate.get(), tlsCa, now);
        break;
      } catch (CertificateException e) {
        // The CA that issued it (any reason but WRONG_ISSUER) says best what is wrong.
        if (refused == null || refused.reason() == CertificateException.Reason.WRONG_ISSUER) {
          refused = e;
        }
      }
    }
    if (deviceId == null) {
      CertificateException e = refused;
      Refusal r = switch (e.reason()) {
        case EXPIRED -> Refusal.CERTIFICATE_EXPIRED;
        case NOT_YET_VALID -> Refusal.CERTIFICATE_NOT_YET_VALID;
        case WRONG_USAGE -> Refusal.NOT_A_DEVICE_CERTIFICATE;
        default -> Refusal.CERTIFICATE_UNTRUSTED;
      };
      return new Refused(r, e.getMessage());
    }
    if (!Topics.isValidDeviceId(deviceId)) {
      return new Refused(Refusal.NOT_A_DEVICE_CERTIFICATE, "certificate CN is not a device id");
    }
    if (!deviceId.equals(clientId)) {
      return new Refused(Refusal.CLIENT_ID_MISMATCH,
          "client id '" + clientId + "' is not the certificate's device id '" + deviceId + "'");
    }
    return new Accepted(deviceId);
  }
}
