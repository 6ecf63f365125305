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
import java.util.Optional;
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

  /** Certificate file of the TLS CA (ECDSA P-256). */
  public static final String TLS_CERT_FILE = "tls-ca-cert.pem";
  /** Private key file of the TLS CA (owner-only permissions). */
  public static final String TLS_KEY_FILE = "tls-ca-key.pem";
  /**
   * Certificate of the old Ed25519 TLS CA, kept while kiosks enrolled before the switch to P-256 TLS
   * keys still hold Ed25519 TLS certificates; delete it (and {@value #LEGACY_TLS_KEY_FILE},
   * {@value #TLS_CROSS_CERT_FILE}) once every kiosk renewed.
   */
  public static final String LEGACY_TLS_CERT_FILE = "legacy-tls-ca-cert.pem";
  /**
   * Private key of the old Ed25519 TLS CA when it was a CA of its own (SM suite); a STANDARD fleet's
   * old TLS CA is its device CA, whose key stays in {@value #KEY_FILE}.
   */
  public static final String LEGACY_TLS_KEY_FILE = "legacy-tls-ca-key.pem";
  /** The P-256 TLS CA certified by the old Ed25519 TLS CA (sent in the server chain during the transition). */
  public static final String TLS_CROSS_CERT_FILE = "tls-ca-cross-cert.pem";
  /** The fleet's own TLS server key (broker listener, HTTPS API). */
  public static final String SERVER_KEY_FILE = "server-key.pem";
  /** The fleet's TLS server certificate, issued by the TLS CA. */
  public static final String SERVER_CERT_FILE = "server-cert.pem";
  /** Lifetime of a server certificate; it is reissued at start when less than a third is left. */
  public static final Duration SERVER_VALIDITY = Duration.ofDays(90);

  private FleetCa() {}

  /**
   * The current TLS CA ({@link #tlsCas}{@code .current()}).
   */
  public static DeviceCa tlsCa(Path dir, DeviceCa deviceCa, Clock clock) {
    return tlsCas(dir, deviceCa, clock).current();
  }

  /**
   * The CAs of TLS identities (the broker's and HTTPS server certificates, the devices' and the
   * fleet's TLS client certificates). The TLS CA is ECDSA P-256 in both suites
   * ({@link TlsContexts#TLS_KEY_ALGORITHM}: browsers, SChannel and mbedTLS have no Ed25519 in TLS), in
   * {@value #TLS_CERT_FILE} / {@value #TLS_KEY_FILE}, created on first use.
   *
   * <p>A fleet that ran before that switch had an Ed25519 TLS CA: its device CA (STANDARD suite; the
   * sign is an Ed25519 {@value #SERVER_CERT_FILE} from it and no {@value #TLS_CERT_FILE}) or an
   * Ed25519 {@value #TLS_CERT_FILE} (SM suite). Its enrolled kiosks trust that CA and present Ed25519
   * client certificates from it. That CA is kept as the legacy TLS CA ({@value #LEGACY_TLS_CERT_FILE}):
   * still trusted for client certificates, and it cross-certifies the new CA
   * ({@value #TLS_CROSS_CERT_FILE}), so the old kiosks accept the new P-256 server certificate and can
   * renew; a renewal then gives them a P-256 TLS key, certificate and the new CA
   * ({@link EnrolmentService#renew}).
   *
   * @throws CryptoException when the files cannot be read or written
   */
  public static TlsCas tlsCas(Path dir, DeviceCa deviceCa, Clock clock) {
    Path tlsCert = dir.resolve(TLS_CERT_FILE);
    Path legacyCert = dir.resolve(LEGACY_TLS_CERT_FILE);
    if (!Files.exists(legacyCert)) {
      if (Files.exists(tlsCert) && Files.exists(dir.resolve(TLS_KEY_FILE))
          && load(tlsCert, dir.resolve(TLS_KEY_FILE)).algorithm() == SignatureAlgorithm.ED25519) {
        // SM fleet from before the switch: its own Ed25519 TLS CA becomes the legacy one.
        move(dir.resolve(TLS_KEY_FILE), dir.resolve(LEGACY_TLS_KEY_FILE));
        move(tlsCert, legacyCert);
        LOG.warn("The fleet's Ed25519 TLS CA moved to {}: still trusted until every kiosk renewed to a P-256 TLS"
            + " certificate", legacyCert);
      } else if (!Files.exists(tlsCert) && deviceCa.algorithm() == SignatureAlgorithm.ED25519
          && Files.exists(dir.resolve(SERVER_CERT_FILE))) {
        // STANDARD fleet from before the switch: the device CA was the TLS CA.
        writeCertificate(legacyCert, deviceCa.certificate());
        LOG.warn("The fleet's device CA stays trusted as the legacy Ed25519 TLS CA ({}) until every kiosk renewed"
            + " to a P-256 TLS certificate", legacyCert);
      }
    }
    DeviceCa current = loadOrCreate(dir, TLS_CERT_FILE, TLS_KEY_FILE, "Doorstep fleet TLS CA", null, clock);
    if (current.algorithm() != TlsContexts.TLS_KEY_ALGORITHM) {
      throw new CryptoException("the TLS CA in " + tlsCert + " is " + current.algorithm().wireName() + ", not "
          + TlsContexts.TLS_KEY_ALGORITHM.wireName());
    }
    if (!Files.exists(legacyCert)) {
      return TlsCas.of(current);
    }
    DeviceCa legacy = loadLegacy(dir, deviceCa);
    return new TlsCas(current, Optional.of(legacy), Optional.of(crossCertificate(dir, legacy, current, clock)));
  }

  private static DeviceCa loadLegacy(Path dir, DeviceCa deviceCa) {
    Path legacyCert = dir.resolve(LEGACY_TLS_CERT_FILE);
    X509Certificate cert = readCertificate(legacyCert);
    if (cert.equals(deviceCa.certificate())) {
      return deviceCa;
    }
    Path key = dir.resolve(LEGACY_TLS_KEY_FILE);
    if (!Files.exists(key)) {
      throw new CryptoException(legacyCert + " is not the device CA and " + key + " is missing: restore it, or delete "
          + legacyCert + " to stop trusting the old TLS CA");
    }
    return load(legacyCert, key);
  }

  /** The cross certificate from {@code dir}, made again when missing, for another key, or in its last third. */
  private static X509Certificate crossCertificate(Path dir, DeviceCa legacy, DeviceCa current, Clock clock) {
    Path file = dir.resolve(TLS_CROSS_CERT_FILE);
    if (Files.exists(file)) {
      X509Certificate cross = readCertificate(file);
      if (Arrays.equals(cross.getPublicKey().getEncoded(), current.keyPair().getPublic().getEncoded())
          && cross.getIssuerX500Principal().equals(legacy.certificate().getSubjectX500Principal())
          && verifies(cross, legacy.certificate())
          && cross.getNotAfter().toInstant().isAfter(clock.instant().plus(SERVER_VALIDITY))) {
        return cross;
      }
    }
    X509Certificate cross = legacy.crossCertify(current, clock);
    writeCertificate(file, cross);
    LOG.info("TLS CA cross-certified by the legacy Ed25519 TLS CA ({}), valid until {}", file,
        cross.getNotAfter().toInstant());
    return cross;
  }

  private static boolean verifies(X509Certificate cert, X509Certificate issuer) {
    try {
      cert.verify(issuer.getPublicKey(), Keys.BC);
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * The fleet's TLS server identity from {@code dir}, issued by {@code tlsCas.current()} for
   * {@code names} (every host name and IP address clients dial). A new P-256 key and certificate are
   * made when there are none, when the key is not P-256 (a fleet from before the switch), when the
   * certificate names other hosts or another issuer, or when less than a third of its lifetime is
   * left. The chain is {@link TlsCas#serverChain}; the identity trusts {@link TlsCas#trusted()} (for
   * client certificates).
   */
  public static TlsIdentity serverIdentity(Path dir, TlsCas tlsCas, List<String> names, Clock clock) {
    DeviceCa tlsCa = tlsCas.current();
    Path keyFile = dir.resolve(SERVER_KEY_FILE);
    Path certFile = dir.resolve(SERVER_CERT_FILE);
    try {
      if (Files.exists(keyFile) && Files.exists(certFile)) {
        X509Certificate cert = Certificates.fromPem(Files.readString(certFile, StandardCharsets.US_ASCII));
        KeyPair pair = Keys.readKeyPair(keyFile);
        if (TlsContexts.isCurrentTlsKey(pair.getPublic()) && stillGood(cert, pair, tlsCa, names, clock.instant())) {
          return new TlsIdentity(pair.getPrivate(), tlsCas.serverChain(cert), tlsCas.trusted());
        }
        LOG.info("Reissuing the fleet's TLS server certificate (expiring, names, issuer or key type changed)");
      }
      KeyPair pair = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM);
      X509Certificate cert = tlsCa.issueServer(pair.getPublic(), "doorstep-fleet", names, SERVER_VALIDITY, clock);
      Keys.writePrivateKey(keyFile, pair.getPrivate());
      writeCertificate(certFile, cert);
      LOG.info("Fleet TLS server certificate ({}) for {} valid until {}", TlsContexts.TLS_KEY_ALGORITHM.wireName(),
          names, cert.getNotAfter().toInstant());
      return new TlsIdentity(pair.getPrivate(), tlsCas.serverChain(cert), tlsCas.trusted());
    } catch (IOException e) {
      throw new CryptoException("cannot read " + certFile + ": " + e.getMessage(), e);
    }
  }

  /** {@link #serverIdentity(Path, TlsCas, List, Clock)} for a fleet without a legacy TLS CA. */
  public static TlsIdentity serverIdentity(Path dir, DeviceCa tlsCa, List<String> names, Clock clock) {
    return serverIdentity(dir, TlsCas.of(tlsCa), names, clock);
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
   * @param suite the suite of a newly created CA (null: a P-256 TLS CA); an existing CA keeps its own algorithm
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
    DeviceCa ca = suite == null ? DeviceCa.createTls(name, DeviceCa.DEFAULT_CA_VALIDITY, clock)
        : DeviceCa.create(name, suite, DeviceCa.DEFAULT_CA_VALIDITY, clock);
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

  private static X509Certificate readCertificate(Path file) {
    try {
      return Certificates.fromPem(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new CryptoException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CryptoException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
    }
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
