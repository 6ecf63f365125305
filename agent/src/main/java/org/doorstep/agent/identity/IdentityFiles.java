package org.doorstep.agent.identity;

import java.nio.file.Path;
import org.doorstep.agent.records.DeviceKeys;

/**
 * The identity files in the agent's data dir (the contract between enrolment and the TLS uplink;
 * docs/identity-and-operators.md). Keys are PKCS#8 PEM with owner-only permissions (0600);
 * certificates are PEM (0644). Every file is written atomically (temporary file, then rename).
 *
 * <pre>
 * device-key.pem      device signing key (Ed25519 or SM2): records, state, CSRs
 * device-cert.pem     its certificate, issued by the fleet's device CA: CN=deviceId, OU=region, O=Doorstep
 * fleet-ca.pem        the fleet's device CA certificate
 * tls-key.pem         the TLS key, ECDSA P-256 in both suites (TLS stays standard TLS 1.3)
 * tls-cert.pem        its certificate, issued by the fleet TLS CA
 * tls-ca.pem          the fleet TLS CA certificate (P-256): trust anchor for the broker's and the HTTPS
 *                     API's certificates
 * tls-key.next.pem    transient: a new P-256 TLS key while tls-key.pem still holds the Ed25519 TLS key
 *                     of a kiosk enrolled before the switch; replaces it when its certificate comes
 * tls-cert.next.pem   transient: that key's certificate, between the two renames that install it
 * </pre>
 *
 * <p>A STANDARD kiosk enrolled before the switch to P-256 TLS keys has no {@code tls-cert.pem}: its
 * device key and certificate are its TLS identity (and {@code tls-ca.pem} is its device CA) until its
 * next renewal installs a P-256 TLS key, certificate and CA.
 */
public final class IdentityFiles {
  /** Device signing key (same file as {@link DeviceKeys#PRIVATE_KEY_FILE}). */
  public static final String DEVICE_KEY = DeviceKeys.PRIVATE_KEY_FILE;
  /** Device certificate. */
  public static final String DEVICE_CERT = "device-cert.pem";
  /** Fleet device CA certificate. */
  public static final String FLEET_CA = "fleet-ca.pem";
  /** TLS key (ECDSA P-256). */
  public static final String TLS_KEY = "tls-key.pem";
  /** TLS certificate. */
  public static final String TLS_CERT = "tls-cert.pem";
  /** Fleet TLS CA certificate. */
  public static final String TLS_CA = "tls-ca.pem";
  /** Pending P-256 TLS key replacing an Ed25519 one. */
  public static final String TLS_KEY_NEXT = "tls-key.next.pem";
  /** Pending certificate of {@link #TLS_KEY_NEXT}. */
  public static final String TLS_CERT_NEXT = "tls-cert.next.pem";

  private final Path dir;

  /** @param dataDir the agent's data dir */
  public IdentityFiles(Path dataDir) {
    this.dir = dataDir;
  }

  /** The data dir. */
  public Path dir() {
    return dir;
  }

  /** {@value #DEVICE_KEY}. */
  public Path deviceKey() {
    return dir.resolve(DEVICE_KEY);
  }

  /** {@value #DEVICE_CERT}. */
  public Path deviceCert() {
    return dir.resolve(DEVICE_CERT);
  }

  /** {@value #FLEET_CA}. */
  public Path fleetCa() {
    return dir.resolve(FLEET_CA);
  }

  /** {@value #TLS_KEY}. */
  public Path tlsKey() {
    return dir.resolve(TLS_KEY);
  }

  /** {@value #TLS_CERT}. */
  public Path tlsCert() {
    return dir.resolve(TLS_CERT);
  }

  /** {@value #TLS_KEY_NEXT}. */
  public Path tlsKeyNext() {
    return dir.resolve(TLS_KEY_NEXT);
  }

  /** {@value #TLS_CERT_NEXT}. */
  public Path tlsCertNext() {
    return dir.resolve(TLS_CERT_NEXT);
  }

  /** {@value #TLS_CA}. */
  public Path tlsCa() {
    return dir.resolve(TLS_CA);
  }
}
