package org.doorstep.config.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A PKCS#10 certificate signing request of a device: subject {@code CN=<deviceId>, O=Doorstep},
 * self-signed with the device's own key (Ed25519 or SM2-SM3), so the private key never leaves the
 * device. Immutable.
 */
public final class Csr {
  /** Device id syntax of the wire protocol (section 1): 1–64 of {@code [A-Za-z0-9._-]}. */
  public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final PKCS10CertificationRequest request;

  private Csr(PKCS10CertificationRequest request) {
    this.request = request;
  }

  /**
   * Creates the CSR of {@code deviceId} for {@code pair}.
   *
   * @throws IllegalArgumentException when {@code deviceId} is not a valid device id
   * @throws CryptoException when the key is not Ed25519 or SM2
   */
  public static Csr create(String deviceId, KeyPair pair) {
    if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
      throw new IllegalArgumentException("deviceId: must be 1-64 of [A-Za-z0-9._-]");
    }
    SignatureAlgorithm alg = Keys.algorithmOf(pair.getPublic());
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Doorstep").addRDN(BCStyle.CN, deviceId).build();
    try {
      var signer = new JcaContentSignerBuilder(Signatures.jcaName(alg)).setProvider(Keys.BC).build(pair.getPrivate());
      return new Csr(new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic()).build(signer));
    } catch (OperatorCreationException e) {
      throw new CryptoException("cannot sign CSR with " + alg.wireName(), e);
    }
  }

  /**
   * Reads a CSR from PEM ({@code CERTIFICATE REQUEST}). The signature is not checked here: see
   * {@link #signatureValid()}.
   *
   * @throws CertificateException {@link CertificateException.Reason#MALFORMED} when the text holds no CSR
   */
  public static Csr fromPem(String pem) {
    Object o;
    try (PEMParser p = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      o = p.readObject();
    } catch (IOException | RuntimeException e) {
      throw new CertificateException(CertificateException.Reason.MALFORMED, "unreadable CSR PEM", e);
    }
    if (!(o instanceof PKCS10CertificationRequest req)) {
      throw new CertificateException(CertificateException.Reason.MALFORMED,
          "expected a PEM 'CERTIFICATE REQUEST', found " + (o == null ? "nothing" : o.getClass().getSimpleName()));
    }
    try {
      // Bouncy Castle parses lazily: touch what enrolment reads so that a malformed request is refused
      // here, as MALFORMED, not later with an unchecked exception (found by CryptoDecoderPropertiesTest).
      req.getSubject().getRDNs();
      req.getSubjectPublicKeyInfo().getAlgorithm();
      req.getSignatureAlgorithm().getAlgorithm();
      req.getAttributes();
    } catch (RuntimeException e) {
      throw new CertificateException(CertificateException.Reason.MALFORMED, "unreadable CSR: " + e.getMessage(), e);
    }
    return new Csr(req);
  }

  /** PEM text ({@code -----BEGIN CERTIFICATE REQUEST-----}). */
  public String toPem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(request);
    } catch (IOException e) {
      throw new CryptoException("cannot encode CSR as PEM", e);
    }
    return out.toString();
  }

  /** The subject CN: the device id the CSR asks a certificate for; empty when there is none. */
  public Optional<String> deviceId() {
    return Certificates.attribute(request.getSubject(), BCStyle.CN);
  }

  /**
   * The public key the CSR carries.
   *
   * @throws CertificateException {@link CertificateException.Reason#UNSUPPORTED_KEY} when it is
   *     neither Ed25519 nor SM2
   */
  public PublicKey publicKey() {
    try {
      PublicKey key = new JcaPKCS10CertificationRequest(request).setProvider(Keys.BC).getPublicKey();
      Keys.algorithmOf(key);
      return key;
    } catch (CryptoException | java.security.GeneralSecurityException e) {
      throw new CertificateException(CertificateException.Reason.UNSUPPORTED_KEY, "CSR key: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new CertificateException(CertificateException.Reason.MALFORMED, "unreadable CSR key: " + e.getMessage(), e);
    }
  }

  /** Whether the CSR's self-signature verifies with the key it carries (proof of possession). */
  public boolean signatureValid() {
    try {
      return request.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Keys.BC).build(publicKey()));
    } catch (Exception e) {
      return false;
    }
  }

  /** The Bouncy Castle request, for issuing. */
  PKCS10CertificationRequest request() {
    return request;
  }
}
