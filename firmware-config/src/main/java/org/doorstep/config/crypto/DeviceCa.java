package org.doorstep.config.crypto;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A fleet certificate authority: a self-signed CA that issues short-lived certificates. The fleet has
 * two: the device CA (Ed25519 or SM2-SM3, per {@link CryptoSuite}) certifies the devices' signing keys,
 * and the TLS CA (always ECDSA P-256, {@link TlsContexts#TLS_KEY_ALGORITHM}) certifies TLS keys:
 * the broker's and HTTPS server's, the devices' and the fleet's client keys. Pure: no I/O;
 * the caller stores {@link #certificate()} and {@link #keyPair()} (private key PEM 0600, see
 * {@link Keys#writePrivateKey}). Thread-safe.
 */
public final class DeviceCa {
  /** Default CA validity: ten years, long enough to outlive the terminals' service life. */
  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
  /**
   * Default device certificate validity: 30 days, short so that a stolen certificate dies soon
   * and renewal is exercised routinely (the agent renews before expiry).
   */
  public static final Duration DEFAULT_DEVICE_VALIDITY = Duration.ofDays(30);
  /** notBefore is back-dated by this much so that a device whose clock lags accepts a fresh certificate. */
  public static final Duration BACKDATE = Duration.ofMinutes(5);

  /** Region syntax: 1–64 of {@code [A-Za-z0-9._-]}, like a device id. */
  public static final Pattern REGION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final KeyPair keyPair;
  private final SignatureAlgorithm algorithm;

  private DeviceCa(X509Certificate certificate, KeyPair keyPair) {
    this.certificate = certificate;
    this.keyPair = keyPair;
    this.algorithm = Keys.algorithmOf(keyPair.getPublic());
  }

  /**
   * Creates a new CA with a fresh key pair.
   *
   * @param name     the CA's common name, e.g. {@code "Doorstep fleet CA county-7"}
   * @param suite    which algorithms
   * @param validity how long the CA certificate is valid from now ({@link #DEFAULT_CA_VALIDITY})
   * @param clock    the time source
   */
  public static DeviceCa create(String name, CryptoSuite suite, Duration validity, Clock clock) {
    return create(name, suite.signatureAlgorithm(), validity, clock);
  }

  /**
   * Creates a new TLS CA with a fresh ECDSA P-256 key pair ({@link TlsContexts#TLS_KEY_ALGORITHM}):
   * the CA a browser, SChannel or mbedTLS client can verify a fleet's server certificate with.
   *
   * @param name     the CA's common name, e.g. {@code "Doorstep fleet TLS CA"}
   * @param validity how long the CA certificate is valid from now ({@link #DEFAULT_CA_VALIDITY})
   * @param clock    the time source
   */
  public static DeviceCa createTls(String name, Duration validity, Clock clock) {
    return create(name, TlsContexts.TLS_KEY_ALGORITHM, validity, clock);
  }

  private static DeviceCa create(String name, SignatureAlgorithm algorithm, Duration validity, Clock clock) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: must not be blank");
    }
    requirePositive("validity", validity);
    KeyPair pair = Keys.generate(algorithm);
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Doorstep").addRDN(BCStyle.CN, name).build();
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
      return new DeviceCa(Certificates.toX509(b.build(signer(pair))), pair);
    } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
      throw new CryptoException("cannot build CA certificate", e);
    }
  }

  /**
   * An existing CA (imported, or loaded from the fleet data dir).
   *
   * @throws CertificateException {@link CertificateException.Reason#WRONG_USAGE} when the
   *     certificate is not a CA certificate or not for {@code keyPair}'s public key
   */
  public static DeviceCa of(X509Certificate certificate, KeyPair keyPair) {
    if (!certificate.getPublicKey().equals(keyPair.getPublic())
        && !java.util.Arrays.equals(certificate.getPublicKey().getEncoded(), keyPair.getPublic().getEncoded())) {
      throw new CertificateException(CertificateException.Reason.WRONG_USAGE, "CA certificate is not for this key pair");
    }
    if (!Certificates.isCa(Certificates.holder(certificate))) {
      throw new CertificateException(CertificateException.Reason.WRONG_USAGE, "certificate is not a CA certificate");
    }
    return new DeviceCa(certificate, keyPair);
  }

  /** The CA certificate (the trust anchor devices and the broker are given). */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The CA key pair: store the private half with owner-only permissions. */
  public KeyPair keyPair() {
    return keyPair;
  }

  /** The CA's signature algorithm. */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Issues a device certificate for {@code csr}.
   *
   * @param csr              the device's request
   * @param expectedDeviceId the device id the enrolment token was bound to: the CSR's CN must equal it
   * @param region           the region the token was bound to, written as the subject OU
   * @param validity         certificate lifetime ({@link #DEFAULT_DEVICE_VALIDITY}); capped at the CA's notAfter
   * @param clock            the time source
   * @throws CertificateException {@link CertificateException.Reason#CSR_SIGNATURE_INVALID} when the
   *     CSR does not prove possession of its key, {@link CertificateException.Reason#SUBJECT_MISMATCH}
   *     when its CN is not {@code expectedDeviceId}, {@link CertificateException.Reason#UNSUPPORTED_KEY}
   *     when its key is not of this CA's algorithm
   */
  public X509Certificate issue(Csr csr, String expectedDeviceId, String region, Duration validity, Clock clock) {
    if (region == null || !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("region: must be 1-64 of [A-Za-z0-9._-]");
    }
    requirePositive("validity", validity);
    if (!csr.signatureValid()) {
      throw new CertificateException(CertificateException.Reason.CSR_SIGNATURE_INVALID, "CSR signature does not verify");
    }
    String cn = csr.deviceId().orElse("");
    if (!cn.equals(expectedDeviceId)) {
      throw new CertificateException(CertificateException.Reason.SUBJECT_MISMATCH,
          "CSR names another device than the enrolment token");
    }
    var devicePublic = csr.publicKey();
    if (Keys.algorithmOf(devicePublic) != algorithm) {
      throw new CertificateException(CertificateException.Reason.UNSUPPORTED_KEY,
          "device key is " + Keys.algorithmOf(devicePublic).wireName() + ", this CA issues " + algorithm.wireName());
    }
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Doorstep").addRDN(BCStyle.OU, region).addRDN(BCStyle.CN, cn).build();
    return leaf(subject, devicePublic, validity, clock, KeyPurposeId.id_kp_clientAuth, null, "device");
  }

  /**
   * Issues a TLS server certificate (broker, HTTPS API) for {@code serverKey}: subject
   * {@code CN=<commonName>, O=Doorstep}, extendedKeyUsage serverAuth, and a subjectAltName per entry of
   * {@code names} (an IPv4/IPv6 literal becomes an iPAddress, anything else a dNSName). TLS clients
   * check the name they dialled against the subjectAltNames, so list every host name and address the
   * server is reached by.
   *
   * @param serverKey  the server's public key (any algorithm the CA can certify)
   * @param commonName a label for humans, e.g. {@code "doorstep-fleet"}
   * @param names      host names and IP literals, at least one
   * @param validity   lifetime, capped at the CA's notAfter
   * @param clock      the time source
   */
  public X509Certificate issueServer(PublicKey serverKey, String commonName, List<String> names, Duration validity,
      Clock clock) {
    if (commonName == null || commonName.isBlank()) {
      throw new IllegalArgumentException("commonName: must not be blank");
    }
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException("names: at least one host name or IP address");
    }
    requirePositive("validity", validity);
    GeneralName[] alt = new GeneralName[names.size()];
    for (int i = 0; i < alt.length; i++) {
      String n = names.get(i);
      if (n == null || n.isBlank()) {
        throw new IllegalArgumentException("names[" + i + "]: must not be blank");
      }
      alt[i] = IPAddress.isValid(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n);
    }
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Doorstep").addRDN(BCStyle.CN, commonName).build();
    return leaf(subject, serverKey, validity, clock, KeyPurposeId.id_kp_serverAuth, new GeneralNames(alt), "server");
  }

  /**
   * Issues a TLS client certificate for a service (not a device): subject {@code CN=<commonName>,
   * O=Doorstep}, extendedKeyUsage clientAuth, no subjectAltName. The fleet presents one to an external
   * MQTT broker; pick a common name that cannot be a device id (device ids never contain {@code @}),
   * so that brokers mapping the CN to a user name never confuse it with a device.
   *
   * @param clientKey  the client's public key
   * @param commonName its name, e.g. {@code "fleet@doorstep"}
   * @param validity   lifetime, capped at the CA's notAfter
   * @param clock      the time source
   */
  public X509Certificate issueClient(PublicKey clientKey, String commonName, Duration validity, Clock clock) {
    if (commonName == null || commonName.isBlank()) {
      throw new IllegalArgumentException("commonName: must not be blank");
    }
    requirePositive("validity", validity);
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Doorstep").addRDN(BCStyle.CN, commonName).build();
    return leaf(subject, clientKey, validity, clock, KeyPurposeId.id_kp_clientAuth, null, "client");
  }

  /**
   * Cross-certifies {@code successor}: a CA certificate with {@code successor}'s subject and public
   * key, issued by this CA (basicConstraints CA, pathLen 0; keyCertSign, cRLSign), valid from
   * {@link #BACKDATE} ago until the earlier of both CAs' notAfter. A server that sends it after its
   * certificate chain is accepted by clients that still trust only this CA (the fleet's old Ed25519
   * TLS CA) and, unchanged, by clients that trust {@code successor} (a PKIX path builder stops at
   * the trusted certificate with that subject and key).
   *
   * @param successor the CA that replaces this one
   * @param clock     the time source
   */
  public X509Certificate crossCertify(DeviceCa successor, Clock clock) {
    Objects.requireNonNull(successor, "successor");
    Instant now = clock.instant();
    Instant notAfter = successor.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
      notAfter = certificate.getNotAfter().toInstant();
    }
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      PublicKey key = successor.keyPair().getPublic();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
          Date.from(now.minus(BACKDATE)), Date.from(notAfter), successor.certificate().getSubjectX500Principal(), key)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
      return Certificates.toX509(b.build(signer(keyPair)));
    } catch (CertIOException | java.security.NoSuchAlgorithmException
        | java.security.cert.CertificateEncodingException e) {
      throw new CryptoException("cannot build cross certificate", e);
    }
  }

  /**
   * An end-entity certificate signed by this CA: not a CA, digitalSignature, extended key usage
   * {@code purpose}, subjectAltNames {@code alt} when given, key identifiers; valid from
   * {@link #BACKDATE} ago for {@code validity}, capped at the CA's notAfter.
   */
  private X509Certificate leaf(X500Name subject, PublicKey key, Duration validity, Clock clock, KeyPurposeId purpose,
      GeneralNames alt, String what) {
    Instant now = clock.instant();
    Instant notAfter = now.plus(validity);
    Instant caNotAfter = certificate.getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
          Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, key)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
      if (alt != null) {
        b.addExtension(Extension.subjectAlternativeName, false, alt);
      }
      return Certificates.toX509(b.build(signer(keyPair)));
    } catch (CertIOException | java.security.NoSuchAlgorithmException
        | java.security.cert.CertificateEncodingException e) {
      throw new CryptoException("cannot build " + what + " certificate", e);
    }
  }

  /**
   * One revoked certificate of this CA, as a CRL lists it.
   *
   * @param serial    the certificate's serial number (positive)
   * @param revokedAt when it was revoked (the CRL entry's revocationDate)
   */
  public record Revoked(BigInteger serial, Instant revokedAt) {
    /** Validates presence and a positive serial. */
    public Revoked {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(revokedAt, "revokedAt");
      if (serial.signum() <= 0) {
        throw new IllegalArgumentException("serial: must be positive");
      }
    }
  }

  /**
   * An X.509 v2 certificate revocation list (RFC 5280 section 5) signed by this CA: issuer = this CA's
   * subject, thisUpdate = now, nextUpdate = now + {@code validity}, one entry per {@code revoked}
   * (without a reason code: RFC 5280 advises leaving out "unspecified"), extensions CRL number
   * ({@code number}, must grow with each CRL) and authority key identifier. An empty list gives a
   * valid empty CRL: a TLS server checking CRLs (Mosquitto's {@code crlfile}) needs one for its CA
   * even when nothing is revoked. A relying party refuses every certificate of this CA once
   * nextUpdate has passed, so the CRL must be re-issued before then.
   *
   * @param revoked  the revoked certificates
   * @param number   the CRL number (non-negative), e.g. thisUpdate in epoch milliseconds
   * @param validity time to nextUpdate
   * @param clock    the time source
   */
  public X509CRL crl(Collection<Revoked> revoked, BigInteger number, Duration validity, Clock clock) {
    Objects.requireNonNull(revoked, "revoked");
    if (number == null || number.signum() < 0) {
      throw new IllegalArgumentException("number: must be non-negative");
    }
    requirePositive("validity", validity);
    Instant now = clock.instant();
    try {
      X509v2CRLBuilder b = new X509v2CRLBuilder(Certificates.holder(certificate).getSubject(), Date.from(now))
          .setNextUpdate(Date.from(now.plus(validity)));
      for (Revoked r : revoked) {
        b.addCRLEntry(r.serial(), Date.from(r.revokedAt()), (org.bouncycastle.asn1.x509.Extensions) null);
      }
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
      b.addExtension(Extension.authorityKeyIdentifier, false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
      return new JcaX509CRLConverter().setProvider(Keys.BC).getCRL(b.build(signer(keyPair)));
    } catch (CertIOException | java.security.NoSuchAlgorithmException | java.security.cert.CRLException
        | java.security.cert.CertificateEncodingException e) {
      throw new CryptoException("cannot build CRL", e);
    }
  }

  /** PEM text ({@code -----BEGIN X509 CRL-----}) of {@code crl}, as OpenSSL and Mosquitto read it. */
  public static String toPem(X509CRL crl) {
    java.io.StringWriter out = new java.io.StringWriter();
    try (org.bouncycastle.openssl.jcajce.JcaPEMWriter w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
      w.writeObject(crl);
    } catch (java.io.IOException e) {
      throw new CryptoException("cannot encode CRL as PEM", e);
    }
    return out.toString();
  }

  /**
   * {@link Certificates#verifyDeviceCertificate} against this CA.
   *
   * @return the device id
   */
  public String verify(X509Certificate device, Instant at) {
    return Certificates.verifyDeviceCertificate(device, certificate, at);
  }

  private static org.bouncycastle.operator.ContentSigner signer(KeyPair pair) {
    try {
      return new JcaContentSignerBuilder(Signatures.jcaName(Keys.algorithmOf(pair.getPublic())))
          .setProvider(Keys.BC).build(pair.getPrivate());
    } catch (OperatorCreationException e) {
      throw new CryptoException("cannot initialise certificate signer", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": must be a positive duration");
    }
  }
}
