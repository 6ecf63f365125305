package org.doorstep.config.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * X.509 helpers for device and CA certificates: PEM reading and writing, the device id and region
 * a device certificate names, and the chain check the fleet and the agent both run.
 *
 * <p>A Doorstep device certificate has subject {@code CN=<deviceId>, OU=<region>, O=Doorstep}, is
 * signed directly by the fleet CA (no intermediates), carries basicConstraints CA=false and
 * extendedKeyUsage clientAuth. Its key and signature are Ed25519 or SM2-SM3, the CA's suite.
 */
public final class Certificates {
  private Certificates() {}

  /** PEM text ({@code -----BEGIN CERTIFICATE-----}) of {@code certificate}. */
  public static String toPem(X509Certificate certificate) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(certificate);
    } catch (IOException e) {
      throw new CryptoException("cannot encode certificate as PEM", e);
    }
    return out.toString();
  }

  /**
   * Reads one certificate from PEM.
   *
   * @throws CertificateException {@link CertificateException.Reason#MALFORMED} when the text holds
   *     no certificate
   */
  public static X509Certificate fromPem(String pem) {
    Object o;
    try (PEMParser p = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      o = p.readObject();
    } catch (IOException | RuntimeException e) {
      throw new CertificateException(CertificateException.Reason.MALFORMED, "unreadable certificate PEM", e);
    }
    if (!(o instanceof X509CertificateHolder holder)) {
      throw new CertificateException(CertificateException.Reason.MALFORMED,
          "expected a PEM 'CERTIFICATE', found " + (o == null ? "nothing" : o.getClass().getSimpleName()));
    }
    return toX509(holder);
  }

  static X509Certificate toX509(X509CertificateHolder holder) {
    try {
      return new JcaX509CertificateConverter().setProvider(Keys.BC).getCertificate(holder);
    } catch (java.security.cert.CertificateException e) {
      throw new CertificateException(CertificateException.Reason.MALFORMED, "unreadable certificate", e);
    }
  }

  /**
   * The SHA-256 fingerprint of {@code certificate}'s DER encoding: 64 lower-case hex digits, no
   * separators (what {@code openssl x509 -fingerprint -sha256} prints, without the colons). An
   * operator hands this out with an enrolment token so that the device can pin the fleet's TLS CA
   * on its first HTTPS contact.
   */
  public static String sha256Fingerprint(X509Certificate certificate) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (java.security.NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
      throw new CryptoException("cannot fingerprint certificate: " + e.getMessage(), e);
    }
  }

  /** The subject CN of {@code certificate}: for a device certificate, the device id. */
  public static Optional<String> deviceIdOf(X509Certificate certificate) {
    return attribute(subject(certificate), BCStyle.CN);
  }

  /** The subject OU of {@code certificate}: for a device certificate, the device's region. */
  public static Optional<String> regionOf(X509Certificate certificate) {
    return attribute(subject(certificate), BCStyle.OU);
  }

  static X500Name subject(X509Certificate certificate) {
    return holder(certificate).getSubject();
  }

  static Optional<String> attribute(X500Name name, ASN1ObjectIdentifier type) {
    try {
      RDN[] rdns = name.getRDNs(type);
      if (rdns.length != 1) {
        return Optional.empty();
      }
      return Optional.of(IETFUtils.valueToString(rdns[0].getFirst().getValue()));
    } catch (RuntimeException e) {
      // Bouncy Castle parses names lazily and throws unchecked exceptions on malformed values (e.g. a
      // UTF8String that is not UTF-8, a tagged object where a set belongs): found by
      // CryptoDecoderPropertiesTest in mutated CSRs.
      throw new CertificateException(CertificateException.Reason.MALFORMED,
          "unreadable " + BCStyle.INSTANCE.oidToDisplayName(type) + " in the subject: " + e.getMessage(), e);
    }
  }

  static X509CertificateHolder holder(X509Certificate certificate) {
    try {
      return new JcaX509CertificateHolder(certificate);
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new CertificateException(CertificateException.Reason.MALFORMED, "unreadable certificate", e);
    }
  }

  /**
   * Checks that {@code device} is a device certificate issued by {@code ca}, and that both are
   * valid at {@code at}.
   *
   * @return the device id (subject CN) of the certificate
   * @throws CertificateException with {@link CertificateException.Reason#WRONG_ISSUER} when
   *     {@code ca} did not sign it, {@link CertificateException.Reason#EXPIRED} /
   *     {@link CertificateException.Reason#NOT_YET_VALID} when either certificate is outside its
   *     validity at {@code at}, {@link CertificateException.Reason#WRONG_USAGE} when {@code device}
   *     is a CA certificate or has no CN
   */
  public static String verifyDeviceCertificate(X509Certificate device, X509Certificate ca, Instant at) {
    try {
      return verifyChain(device, ca, at);
    } catch (CertificateException e) {
      throw e;
    } catch (RuntimeException e) {
      // Bouncy Castle's name handling throws unchecked exceptions on malformed values (e.g. a
      // UTF8String that is not UTF-8); found by CryptoDecoderPropertiesTest.
      throw new CertificateException(CertificateException.Reason.MALFORMED, "unreadable certificate: " + e.getMessage(), e);
    }
  }

  private static String verifyChain(X509Certificate device, X509Certificate ca, Instant at) {
    X509CertificateHolder d = holder(device);
    X509CertificateHolder c = holder(ca);
    if (!d.getIssuer().equals(c.getSubject())) {
      throw new CertificateException(CertificateException.Reason.WRONG_ISSUER,
          "issued by " + d.getIssuer() + ", not by " + c.getSubject());
    }
    boolean signed;
    try {
      signed = d.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Keys.BC).build(ca.getPublicKey()));
    } catch (Exception e) {
      // A CA of another algorithm cannot even check the signature: it is not the issuer.
      signed = false;
    }
    if (!signed) {
      throw new CertificateException(CertificateException.Reason.WRONG_ISSUER, "signature does not verify with the CA key");
    }
    checkValidity("CA certificate", c, at);
    checkValidity("device certificate", d, at);
    var bc = org.bouncycastle.asn1.x509.BasicConstraints.fromExtensions(d.getExtensions());
    if (bc != null && bc.isCA()) {
      throw new CertificateException(CertificateException.Reason.WRONG_USAGE, "a CA certificate is not a device certificate");
    }
    return attribute(d.getSubject(), BCStyle.CN).orElseThrow(() ->
        new CertificateException(CertificateException.Reason.WRONG_USAGE, "device certificate has no CN"));
  }

  private static void checkValidity(String what, X509CertificateHolder h, Instant at) {
    Date when = Date.from(at);
    if (when.before(h.getNotBefore())) {
      throw new CertificateException(CertificateException.Reason.NOT_YET_VALID,
          what + " valid from " + h.getNotBefore().toInstant() + ", checked at " + at);
    }
    if (when.after(h.getNotAfter())) {
      throw new CertificateException(CertificateException.Reason.EXPIRED,
          what + " expired at " + h.getNotAfter().toInstant() + ", checked at " + at);
    }
  }

  /** Whether the certificate has the basicConstraints extension with CA=true. */
  static boolean isCa(X509CertificateHolder h) {
    Extension e = h.getExtension(Extension.basicConstraints);
    return e != null && org.bouncycastle.asn1.x509.BasicConstraints.getInstance(e.getParsedValue()).isCA();
  }
}
