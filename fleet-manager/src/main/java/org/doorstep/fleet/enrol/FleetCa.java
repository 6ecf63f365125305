package org.doorstep.fleet.enrol;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.TlsContexts;
import org.doorstep.config.crypto.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet CA's files in the fleet data dir: {@value #CERT_FILE} (PEM certificate, 0644) and
 * {@value #KEY_FILE} (PEM PKCS#8 private key, 0600). Created on first start; to import an existing
 * CA, place both files there before the first start (or call {@link #importCa}).
 *
 * <p>Blocking file I/O: call from {@code main}, a worker or {@code executeBlocking}.
 */
public final class FleetCa {
  private static final Logger LOG = LoggerFactory.getLogger(FleetCa.class);
  /** Certificate file name inside the CA directory. */
  public static final String CERT_FILE = "ca-cert.pem";
  /** Private key file name inside the CA directory (owner-only permissions). */
  public static final String KEY_FILE = "ca-key.pem";

  /** Certificate file of the TLS CA when it is not the device CA (SM suite). */
  public static final String TLS_CERT_FILE = "tls-ca-cert.pem";
  /** Private key file of the TLS CA when it is not the device CA (owner-only permissions). */
  public static final String TLS_KEY_FILE = "tls-ca-key.pem";
  /** The fleet's own TLS server key (broker listener, HTTPS API). */
  public static final String SERVER_KEY_FILE = "server-key.pem";
  /** The fleet's TLS server certificate, issued by the TLS CA. */
  public static final String SERVER_CERT_FILE = "server-cert.pem";
  /** Lifetime of a server certificate; it is reissued at start when less than a third is left. */
  public static final Duration SERVER_VALIDITY = Duration.ofDays(90);

  private FleetCa() {}

  /**
   * The CA of TLS identities (the broker's and HTTPS server certificates, the devices' TLS client
   * certificates). TLS stays standard TLS 1.3 in both suites (see {@link TlsContexts}), so this is
   * {@code deviceCa} itself when that is Ed25519 (STANDARD suite), and otherwise an Ed25519 CA of its
   * own in {@value #TLS_CERT_FILE} / {@value #TLS_KEY_FILE}, created on first use.
   */
  public static DeviceCa tlsCa(Path dir, DeviceCa deviceCa, Clock clock) {
    if (deviceCa.algorithm() == SignatureAlgorithm.ED25519) {
      return deviceCa;
    }
    return loadOrCreate(dir, TLS_CERT_FILE, TLS_KEY_FILE, "Doorstep fleet TLS CA", CryptoSuite.STANDARD, clock);
  }

  /**
   * The fleet's TLS server identity from {@code dir}, issued by {@code tlsCa} for {@code names} (every
   * host name and IP address clients dial). A new key and certificate are made when there are none,
   * when the certificate names other hosts or another issuer, or when less than a third of its
   * lifetime is left. The identity trusts {@code tlsCa} (for client certificates).
   */
  public static TlsIdentity serverIdentity(Path dir, DeviceCa tlsCa, List<String> names, Clock clock) {
    Path keyFile = dir.resolve(SERVER_KEY_FILE);
    Path certFile = dir.resolve(SERVER_CERT_FILE);
    try {
      if (Files.exists(keyFile) && Files.exists(certFile)) {
        X509Certificate cert = Certificates.fromPem(Files.readString(certFile, StandardCharsets.US_ASCII));
        KeyPair pair = Keys.readKeyPair(keyFile);
        if (stillGood(cert, pair, tlsCa, names, clock.instant())) {
          return new TlsIdentity(pair.getPrivate(), List.of(cert), List.of(tlsCa.certificate()));
        }
        LOG.info("Reissuing the fleet's TLS server certificate (expiring, or names or issuer changed)");
      }
      KeyPair pair = Keys.generate(SignatureAlgorithm.ED25519);
      X509Certificate cert = tlsCa.issueServer(pair.getPublic(), "doorstep-fleet", names, SERVER_VALIDITY, clock);
      Keys.writePrivateKey(keyFile, pair.getPrivate());
      writeCertificate(certFile, cert);
      LOG.info("Fleet TLS server certificate for {} valid until {}", names, cert.getNotAfter().toInstant());
      return new TlsIdentity(pair.getPrivate(), List.of(cert), List.of(tlsCa.certificate()));
    } catch (IOException e) {
      throw new CryptoException("cannot read " + certFile + ": " + e.getMessage(), e);
    }
  }

  private static boolean stillGood(X509Certificate cert, KeyPair pair, DeviceCa ca, List<String> names, Instant now) {
    if (!Arrays.equals(cert.getPublicKey().getEncoded(), pair.getPublic().getEncoded())
        || !cert.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())) {
      return false;
    }
    try {
      cert.verify(ca.certificate().getPublicKey(), Keys.BC);
      var alt = cert.getSubjectAlternativeNames();
      Set<String> have = new HashSet<>();
      if (alt != null) {
        alt.forEach(e -> have.add(String.valueOf(e.get(1))));
      }
      if (!have.equals(new HashSet<>(names))) {
        return false;
      }
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
    Instant from = cert.getNotBefore().toInstant();
    Instant to = cert.getNotAfter().toInstant();
    Duration left = Duration.between(now, to);
    return now.isAfter(from) && left.compareTo(Duration.between(from, to).dividedBy(3)) > 0;
  }

  /**
   * Loads the CA from {@code dir}, or creates one there when neither file exists.
   *
   * @param dir   the CA directory (created if missing)
   * @param suite the suite of a newly created CA; an existing CA keeps its own algorithm
   * @param clock validity start of a new CA
   * @throws CryptoException when only one of the two files exists, or they cannot be read or written
   */
  public static DeviceCa loadOrCreate(Path dir, CryptoSuite suite, Clock clock) {
    return loadOrCreate(dir, CERT_FILE, KEY_FILE, "Doorstep fleet CA", suite, clock);
  }

  private static DeviceCa loadOrCreate(Path dir, String certFile, String keyFile, String name, CryptoSuite suite,
      Clock clock) {
    Path cert = dir.resolve(certFile);
    Path key = dir.resolve(keyFile);
    boolean hasCert = Files.exists(cert);
    boolean hasKey = Files.exists(key);
    if (hasCert && hasKey) {
      DeviceCa ca = load(cert, key);
      LOG.info("{} loaded from {} ({})", name, dir, ca.algorithm().wireName());
      return ca;
    }
    if (hasCert || hasKey) {
      throw new CryptoException(name + " in " + dir + " is incomplete: need both " + certFile + " and " + keyFile);
    }
    DeviceCa ca = DeviceCa.create(name, suite, DeviceCa.DEFAULT_CA_VALIDITY, clock);
    Keys.writePrivateKey(key, ca.keyPair().getPrivate());
    writeCertificate(cert, ca.certificate());
    LOG.info("{} created in {} ({}, valid until {})", name, dir, ca.algorithm().wireName(),
        ca.certificate().getNotAfter().toInstant());
    return ca;
  }

  /**
   * Imports an existing CA (certificate and private key PEM) into {@code dir}, replacing what is there.
   *
   * @throws org.doorstep.config.crypto.CertificateException when the certificate is not a CA
   *     certificate of that key
   */
  public static DeviceCa importCa(Path dir, String certificatePem, String privateKeyPem) {
    DeviceCa ca = DeviceCa.of(Certificates.fromPem(certificatePem), Keys.keyPairFromPem(privateKeyPem));
    store(dir, ca);
    LOG.info("Fleet CA imported into {} ({})", dir, ca.algorithm().wireName());
    return ca;
  }

  private static DeviceCa load(Path cert, Path key) {
    try {
      return DeviceCa.of(Certificates.fromPem(Files.readString(cert, StandardCharsets.US_ASCII)), Keys.readKeyPair(key));
    } catch (IOException e) {
      throw new CryptoException("cannot read " + cert + ": " + e.getMessage(), e);
    }
  }

  private static void store(Path dir, DeviceCa ca) {
    Keys.writePrivateKey(dir.resolve(KEY_FILE), ca.keyPair().getPrivate());
    writeCertificate(dir.resolve(CERT_FILE), ca.certificate());
  }

  private static void writeCertificate(Path file, X509Certificate cert) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".cert", ".tmp");
      Files.writeString(tmp, Certificates.toPem(cert), StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new CryptoException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
