package org.doorstep.agent.identity;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * What the fleet returned from an enrolment or renewal (docs/wire-protocol.md section 9.2).
 *
 * @param deviceCertificate the device certificate
 * @param fleetCa           the fleet's device CA certificate
 * @param tlsCertificate    the certificate of the P-256 TLS key (required by {@link IdentityStore#install})
 * @param tlsCa             the fleet TLS CA certificate
 * @param fleetConfigKey    the key the fleet signs config bundles and commands with, when it sent one
 */
public record IssuedCertificates(X509Certificate deviceCertificate, X509Certificate fleetCa,
    Optional<X509Certificate> tlsCertificate, X509Certificate tlsCa, Optional<PublicKey> fleetConfigKey) {
  /** Validates presence. */
  public IssuedCertificates {
    Objects.requireNonNull(deviceCertificate, "deviceCertificate");
    Objects.requireNonNull(fleetCa, "fleetCa");
    tlsCertificate = tlsCertificate == null ? Optional.empty() : tlsCertificate;
    Objects.requireNonNull(tlsCa, "tlsCa");
    fleetConfigKey = fleetConfigKey == null ? Optional.empty() : fleetConfigKey;
  }

  /** Without a fleet config key. */
  public IssuedCertificates(X509Certificate deviceCertificate, X509Certificate fleetCa,
      Optional<X509Certificate> tlsCertificate, X509Certificate tlsCa) {
    this(deviceCertificate, fleetCa, tlsCertificate, tlsCa, Optional.empty());
  }
}
