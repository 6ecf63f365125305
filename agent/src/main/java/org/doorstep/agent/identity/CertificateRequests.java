package org.doorstep.agent.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * The CSRs a kiosk sends to enrol or renew, signed inside the {@link IdentityStore} by the keys they
 * certify.
 *
 * @param csrPem    PKCS#10 PEM of the device (record-signing) key
 * @param tlsCsrPem SM suite: PKCS#10 PEM of the separate Ed25519 TLS key; empty in STANDARD
 */
public record CertificateRequests(String csrPem, Optional<String> tlsCsrPem) {
  /** Validates presence. */
  public CertificateRequests {
    Objects.requireNonNull(csrPem, "csrPem");
    tlsCsrPem = tlsCsrPem == null ? Optional.empty() : tlsCsrPem;
  }
}
