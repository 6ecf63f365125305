package org.doorstep.agent.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * The CSRs a kiosk sends to enrol or renew, signed inside the {@link IdentityStore} by the keys they
 * certify.
 *
 * @param csrPem    PKCS#10 PEM of the device (record-signing) key
 * @param tlsCsrPem PKCS#10 PEM of the P-256 TLS key (both suites; the fleet requires it)
 */
public record CertificateRequests(String csrPem, Optional<String> tlsCsrPem) {
  /** Validates presence. */
  public CertificateRequests {
    Objects.requireNonNull(csrPem, "csrPem");
    tlsCsrPem = tlsCsrPem == null ? Optional.empty() : tlsCsrPem;
  }
}
