package org.doorstep.fleet.enrol;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.TlsContexts;

/**
 * The fleet's TLS certificate authorities ({@link FleetCa#tlsCas}): the ECDSA P-256 TLS CA that
 * issues every new TLS certificate, and, while kiosks enrolled before the switch from Ed25519 TLS keys
 * still hold Ed25519 TLS certificates, the old Ed25519 TLS CA with a cross certificate for the new
 * one (docs/transport-security.md, "Moving an existing fleet to P-256").
 *
 * @param current          the P-256 TLS CA: issues server, client and device TLS certificates
 * @param legacy           the old Ed25519 TLS CA, still trusted for client certificates; empty on a
 *                         fleet that never had one
 * @param crossCertificate {@code current} certified by {@code legacy}: sent after the server
 *                         certificate so that kiosks trusting only {@code legacy} accept it; present
 *                         exactly when {@code legacy} is
 */
public record TlsCas(DeviceCa current, Optional<DeviceCa> legacy, Optional<X509Certificate> crossCertificate) {
  /** Validates presence, the current CA's algorithm and that the cross certificate comes with the legacy CA. */
  public TlsCas {
    Objects.requireNonNull(current, "current");
    if (current.algorithm() != TlsContexts.TLS_KEY_ALGORITHM) {
      throw new IllegalArgumentException("current: the TLS CA must be " + TlsContexts.TLS_KEY_ALGORITHM.wireName()
          + ", not " + current.algorithm().wireName());
    }
    legacy = legacy == null ? Optional.empty() : legacy;
    crossCertificate = crossCertificate == null ? Optional.empty() : crossCertificate;
    if (legacy.isPresent() != crossCertificate.isPresent()) {
      throw new IllegalArgumentException("crossCertificate: required exactly when a legacy TLS CA is trusted");
    }
  }

  /** Only {@code current}: a fleet without kiosks from before the switch. */
  public static TlsCas of(DeviceCa current) {
    return new TlsCas(current, Optional.empty(), Optional.empty());
  }

  /** The CAs whose client certificates are trusted: current first, then the legacy one. */
  public List<DeviceCa> all() {
    List<DeviceCa> out = new ArrayList<>();
    out.add(current);
    legacy.ifPresent(out::add);
    return List.copyOf(out);
  }

  /** The CA certificates TLS client certificates may come from: current first, then the legacy one. */
  public List<X509Certificate> trusted() {
    List<X509Certificate> out = new ArrayList<>();
    out.add(current.certificate());
    legacy.ifPresent(l -> out.add(l.certificate()));
    return List.copyOf(out);
  }

  /**
   * The chain a fleet TLS server sends: {@code leaf}, the current TLS CA certificate (which a kiosk on
   * its first contact pins by fingerprint), then the cross certificate when there is one.
   */
  public List<X509Certificate> serverChain(X509Certificate leaf) {
    List<X509Certificate> out = new ArrayList<>();
    out.add(Objects.requireNonNull(leaf, "leaf"));
    out.add(current.certificate());
    crossCertificate.ifPresent(out::add);
    return List.copyOf(out);
  }
}
