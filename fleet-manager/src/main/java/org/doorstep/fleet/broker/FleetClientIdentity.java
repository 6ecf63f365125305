package org.doorstep.fleet.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.TlsContexts;
import org.doorstep.config.crypto.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's own TLS client identity for an external broker: an ECDSA P-256 key ({@value #KEY_FILE},
 * 0600) and a client certificate from the fleet's TLS CA ({@value #CERT_FILE}) with the subject CN
 * {@link org.doorstep.fleet.config.FleetConfig.External#fleetClientCn()}, in the CA directory. Made on
 * first use and reissued when less than a third of its lifetime is left, the CN changed, the CA
 * changed or the key is not P-256 (a fleet from before the switch). Trusts the TLS CA (the external
 * broker's certificate must come from it too).
 *
 * <p>Blocking file I/O: call from a worker.
 */
public final class FleetClientIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(FleetClientIdentity.class);
  /** Private key file in the CA directory. */
  public static final String KEY_FILE = "fleet-client-key.pem";
  /** Certificate file in the CA directory. */
  public static final String CERT_FILE = "fleet-client-cert.pem";
  /** Lifetime of the certificate. */
  public static final Duration VALIDITY = Duration.ofDays(90);

  private FleetClientIdentity() {}

  /**
   * The identity from {@code dir}, made or renewed as needed.
   *
   * @param dir   the fleet's CA directory
   * @param tlsCa the fleet's TLS CA
   * @param cn    the certificate's common name (the broker user name)
   * @param clock the time source
   */
  public static TlsIdentity loadOrIssue(Path dir, DeviceCa tlsCa, String cn, Clock clock) {
    Path keyFile = dir.resolve(KEY_FILE);
    Path certFile = dir.resolve(CERT_FILE);
    try {
      if (Files.exists(keyFile) && Files.exists(certFile)) {
        X509Certificate cert = Certificates.fromPem(Files.readString(certFile, StandardCharsets.US_ASCII));
        KeyPair pair = Keys.readKeyPair(keyFile);
        if (TlsContexts.isCurrentTlsKey(pair.getPublic()) && stillGood(cert, pair, tlsCa, cn, clock.instant())) {
          return new TlsIdentity(pair.getPrivate(), List.of(cert), List.of(tlsCa.certificate()));
        }
        LOG.info("Reissuing the fleet's MQTT client certificate (expiring, or name or issuer changed)");
      }
      KeyPair pair = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM);
      X509Certificate cert = tlsCa.issueClient(pair.getPublic(), cn, VALIDITY, clock);
      Keys.writePrivateKey(keyFile, pair.getPrivate());
      Path tmp = Files.createTempFile(dir, ".cert", ".tmp");
      Files.writeString(tmp, Certificates.toPem(cert), StandardCharsets.US_ASCII);
      Files.move(tmp, certFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      LOG.info("Fleet MQTT client certificate CN={} valid until {}", cn, cert.getNotAfter().toInstant());
      return new TlsIdentity(pair.getPrivate(), List.of(cert), List.of(tlsCa.certificate()));
    } catch (IOException e) {
      throw new CryptoException("cannot read or write " + certFile + ": " + e.getMessage(), e);
    }
  }

  private static boolean stillGood(X509Certificate cert, KeyPair pair, DeviceCa ca, String cn, Instant now) {
    if (!Arrays.equals(cert.getPublicKey().getEncoded(), pair.getPublic().getEncoded())
        || !cert.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())
        || !Certificates.deviceIdOf(cert).map(cn::equals).orElse(false)) {
      return false;
    }
    try {
      cert.verify(ca.certificate().getPublicKey(), Keys.BC);
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
    Instant from = cert.getNotBefore().toInstant();
    Instant to = cert.getNotAfter().toInstant();
    return now.isAfter(from) && Duration.between(now, to).compareTo(Duration.between(from, to).dividedBy(3)) > 0;
  }
}
