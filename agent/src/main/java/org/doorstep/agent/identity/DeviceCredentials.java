package org.doorstep.agent.identity;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import org.doorstep.config.crypto.TlsIdentity;

/**
 * The kiosk's installed identity: its device certificate, the fleet CA, and the TLS identity the
 * uplink and renewal present (the P-256 TLS key and its certificate; for a STANDARD kiosk enrolled
 * before the switch to P-256, its device key and certificate until the next renewal), trusting the
 * fleet TLS CA.
 *
 * @param deviceCertificate the device certificate
 * @param fleetCa           the fleet's device CA certificate
 * @param tls               key, certificate chain and trusted TLS CA of the uplink and of renewal
 */
public record DeviceCredentials(X509Certificate deviceCertificate, X509Certificate fleetCa, TlsIdentity tls) {
  /** Validates presence. */
  public DeviceCredentials {
    Objects.requireNonNull(deviceCertificate, "deviceCertificate");
    Objects.requireNonNull(fleetCa, "fleetCa");
    Objects.requireNonNull(tls, "tls");
  }

  /** Start of validity: the later notBefore of the device and TLS certificates. */
  public Instant notBefore() {
    Instant a = deviceCertificate.getNotBefore().toInstant();
    Instant b = tls.certificate().getNotBefore().toInstant();
    return a.isAfter(b) ? a : b;
  }

  /** End of validity: the earlier notAfter of the device and TLS certificates. */
  public Instant notAfter() {
    Instant a = deviceCertificate.getNotAfter().toInstant();
    Instant b = tls.certificate().getNotAfter().toInstant();
    return a.isBefore(b) ? a : b;
  }

  /** The fleet TLS CA certificate. */
  public X509Certificate tlsCa() {
    return tls.trusted().get(0);
  }

  /** Names the certificate, never the key. */
  @Override
  public String toString() {
    return "DeviceCredentials[" + deviceCertificate.getSubjectX500Principal() + ", serial "
        + deviceCertificate.getSerialNumber().toString(16) + ", valid until " + notAfter() + "]";
  }
}
