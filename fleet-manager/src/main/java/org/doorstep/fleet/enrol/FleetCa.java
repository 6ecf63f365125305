package org.doorstep.fleet.enrol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
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

  private FleetCa() {}

  /**
   * Loads the CA from {@code dir}, or creates one there when neither file exists.
   *
   * @param dir   the CA directory (created if missing)
   * @param suite the suite of a newly created CA; an existing CA keeps its own algorithm
   * @param clock validity start of a new CA
   * @throws CryptoException when only one of the two files exists, or they cannot be read or written
   */
  public static DeviceCa loadOrCreate(Path dir, CryptoSuite suite, Clock clock) {
    Path cert = dir.resolve(CERT_FILE);
    Path key = dir.resolve(KEY_FILE);
    boolean hasCert = Files.exists(cert);
    boolean hasKey = Files.exists(key);
    if (hasCert && hasKey) {
      DeviceCa ca = load(cert, key);
      LOG.info("Fleet CA loaded from {} ({})", dir, ca.algorithm().wireName());
      return ca;
    }
    if (hasCert || hasKey) {
      throw new CryptoException("fleet CA in " + dir + " is incomplete: need both " + CERT_FILE + " and " + KEY_FILE);
    }
    DeviceCa ca = DeviceCa.create("Doorstep fleet CA", suite, DeviceCa.DEFAULT_CA_VALIDITY, clock);
    store(dir, ca);
    LOG.info("Fleet CA created in {} ({}, valid until {})", dir, ca.algorithm().wireName(),
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
    try {
      Path tmp = Files.createTempFile(dir, ".ca", ".tmp");
      Files.writeString(tmp, Certificates.toPem(ca.certificate()), StandardCharsets.US_ASCII);
      Files.move(tmp, dir.resolve(CERT_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new CryptoException("cannot write " + dir.resolve(CERT_FILE) + ": " + e.getMessage(), e);
    }
  }
}
