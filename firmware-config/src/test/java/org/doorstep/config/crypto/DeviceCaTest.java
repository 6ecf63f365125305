package org.doorstep.config.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fleet CA issuing and checking device certificates, for both suites. */
class DeviceCaTest {
  private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static DeviceCa ca(CryptoSuite suite) {
    return DeviceCa.create("Doorstep fleet CA test", suite, DeviceCa.DEFAULT_CA_VALIDITY, CLOCK);
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void issued_certificate_verifies_and_names_device_and_region(CryptoSuite suite) {
    DeviceCa ca = ca(suite);
    KeyPair device = Keys.generate(suite.signatureAlgorithm());
    Csr csr = Csr.fromPem(Csr.create("kiosk-0042", device).toPem());

    X509Certificate cert = ca.issue(csr, "kiosk-0042", "cn-bj-haidian", Duration.ofDays(30), CLOCK);
    X509Certificate back = Certificates.fromPem(Certificates.toPem(cert));

    assertThat(Certificates.verifyDeviceCertificate(back, Certificates.fromPem(Certificates.toPem(ca.certificate())),
        NOW.plus(Duration.ofDays(29)))).isEqualTo("kiosk-0042");
    assertThat(Certificates.regionOf(back)).contains("cn-bj-haidian");
    assertThat(back.getPublicKey().getEncoded()).isEqualTo(device.getPublic().getEncoded());
    assertThat(Keys.algorithmOf(back.getPublicKey())).isEqualTo(suite.signatureAlgorithm());
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void expired_certificate_is_refused(CryptoSuite suite) {
    DeviceCa ca = ca(suite);
    X509Certificate cert = ca.issue(Csr.create("kiosk-1", Keys.generate(suite.signatureAlgorithm())),
        "kiosk-1", "r1", Duration.ofDays(1), CLOCK);

    assertThatThrownBy(() -> ca.verify(cert, NOW.plus(Duration.ofDays(2))))
        .isInstanceOf(CertificateException.class)
        .extracting(e -> ((CertificateException) e).reason()).isEqualTo(CertificateException.Reason.EXPIRED);
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void certificate_of_another_ca_is_refused(CryptoSuite suite) {
    DeviceCa ca = ca(suite);
    DeviceCa other = ca(suite);
    X509Certificate cert = other.issue(Csr.create("kiosk-1", Keys.generate(suite.signatureAlgorithm())),
        "kiosk-1", "r1", Duration.ofDays(1), CLOCK);

    assertThatThrownBy(() -> ca.verify(cert, NOW))
        .extracting(e -> ((CertificateException) e).reason()).isEqualTo(CertificateException.Reason.WRONG_ISSUER);
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void csr_whose_signature_does_not_match_its_key_is_refused(CryptoSuite suite) throws Exception {
    KeyPair claimed = Keys.generate(suite.signatureAlgorithm());
    KeyPair signing = Keys.generate(suite.signatureAlgorithm());
    var forged = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=kiosk-1,O=Doorstep"), claimed.getPublic())
        .build(new JcaContentSignerBuilder(Signatures.jcaName(suite.signatureAlgorithm())).setProvider(Keys.BC)
            .build(signing.getPrivate()));
    var pem = new java.io.StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(forged);
    }
    Csr csr = Csr.fromPem(pem.toString());

    assertThat(csr.signatureValid()).isFalse();
    assertThatThrownBy(() -> ca(suite).issue(csr, "kiosk-1", "r1", Duration.ofDays(1), CLOCK))
        .extracting(e -> ((CertificateException) e).reason())
        .isEqualTo(CertificateException.Reason.CSR_SIGNATURE_INVALID);
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void csr_naming_another_device_than_the_token_is_refused(CryptoSuite suite) {
    Csr csr = Csr.create("kiosk-2", Keys.generate(suite.signatureAlgorithm()));

    assertThatThrownBy(() -> ca(suite).issue(csr, "kiosk-1", "r1", Duration.ofDays(1), CLOCK))
        .extracting(e -> ((CertificateException) e).reason())
        .isEqualTo(CertificateException.Reason.SUBJECT_MISMATCH);
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void ca_reloaded_from_pem_keeps_issuing(CryptoSuite suite) {
    DeviceCa ca = ca(suite);
    DeviceCa reloaded = DeviceCa.of(Certificates.fromPem(Certificates.toPem(ca.certificate())),
        Keys.keyPairFromPem(Keys.toPem(ca.keyPair().getPrivate())));
    X509Certificate cert = reloaded.issue(Csr.create("kiosk-3", Keys.generate(suite.signatureAlgorithm())),
        "kiosk-3", "r1", Duration.ofDays(1), CLOCK);

    assertThat(ca.verify(cert, NOW)).isEqualTo("kiosk-3");
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void device_key_of_the_other_suite_is_refused(CryptoSuite suite) {
    CryptoSuite other = suite == CryptoSuite.SM ? CryptoSuite.STANDARD : CryptoSuite.SM;
    Csr csr = Csr.create("kiosk-1", Keys.generate(other.signatureAlgorithm()));

    assertThatThrownBy(() -> ca(suite).issue(csr, "kiosk-1", "r1", Duration.ofDays(1), CLOCK))
        .extracting(e -> ((CertificateException) e).reason())
        .isEqualTo(CertificateException.Reason.UNSUPPORTED_KEY);
  }

  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void ca_certificate_is_not_accepted_as_a_device_certificate(CryptoSuite suite) {
    DeviceCa ca = ca(suite);

    assertThatThrownBy(() -> ca.verify(ca.certificate(), NOW))
        .extracting(e -> ((CertificateException) e).reason()).isEqualTo(CertificateException.Reason.WRONG_USAGE);
  }

  @org.junit.jupiter.api.Test
  void garbage_pem_is_malformed() {
    assertThatThrownBy(() -> Csr.fromPem("not pem"))
        .extracting(e -> ((CertificateException) e).reason()).isEqualTo(CertificateException.Reason.MALFORMED);
    assertThatThrownBy(() -> Certificates.fromPem(""))
        .extracting(e -> ((CertificateException) e).reason()).isEqualTo(CertificateException.Reason.MALFORMED);
  }
  @ParameterizedTest
  @EnumSource(CryptoSuite.class)
  void crl_lists_revoked_serials_is_signed_by_the_ca_and_reads_back_from_pem(CryptoSuite suite) throws Exception {
    DeviceCa ca = ca(suite);
    X509Certificate revoked = ca.issue(Csr.create("kiosk-r", Keys.generate(suite.signatureAlgorithm())),
        "kiosk-r", "r1", Duration.ofDays(30), CLOCK);
    X509Certificate kept = ca.issue(Csr.create("kiosk-k", Keys.generate(suite.signatureAlgorithm())),
        "kiosk-k", "r1", Duration.ofDays(30), CLOCK);
    Instant revokedAt = NOW.minus(Duration.ofHours(1));

    java.security.cert.X509CRL crl = ca.crl(java.util.List.of(new DeviceCa.Revoked(revoked.getSerialNumber(), revokedAt)),
        java.math.BigInteger.valueOf(7), Duration.ofDays(7), CLOCK);
    String pem = DeviceCa.toPem(crl);
    java.security.cert.X509CRL back = (java.security.cert.X509CRL) java.security.cert.CertificateFactory
        .getInstance("X.509", Keys.BC).generateCRL(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

    assertThat(pem).startsWith("-----BEGIN X509 CRL-----");
    back.verify(ca.certificate().getPublicKey(), Keys.BC);
    assertThat(back.getVersion()).isEqualTo(2);
    assertThat(back.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(back.getThisUpdate().toInstant()).isEqualTo(NOW);
    assertThat(back.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    assertThat(back.isRevoked(revoked)).isTrue();
    assertThat(back.isRevoked(kept)).isFalse();
    assertThat(back.getRevokedCertificate(revoked.getSerialNumber()).getRevocationDate().toInstant()).isEqualTo(revokedAt);
    assertThat(back.getRevokedCertificates()).hasSize(1);
    assertThat(org.bouncycastle.asn1.x509.CRLNumber.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(
        back.getExtensionValue(org.bouncycastle.asn1.x509.Extension.cRLNumber.getId())).getOctets()).getCRLNumber())
        .isEqualTo(7);
    assertThatThrownBy(() -> back.verify(ca(suite).certificate().getPublicKey(), Keys.BC))
        .isInstanceOf(java.security.SignatureException.class);
  }

  @org.junit.jupiter.api.Test
  void empty_crl_is_valid_and_bad_arguments_are_refused() throws Exception {
    DeviceCa ca = ca(CryptoSuite.STANDARD);
    java.security.cert.X509CRL crl = ca.crl(java.util.List.of(), java.math.BigInteger.ONE, Duration.ofDays(1), CLOCK);
    crl.verify(ca.certificate().getPublicKey(), Keys.BC);
    assertThat(crl.getRevokedCertificates()).isNull();
    assertThatThrownBy(() -> ca.crl(java.util.List.of(), java.math.BigInteger.ONE, Duration.ZERO, CLOCK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity");
    assertThatThrownBy(() -> ca.crl(java.util.List.of(), java.math.BigInteger.valueOf(-1), Duration.ofDays(1), CLOCK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("number");
    assertThatThrownBy(() -> new DeviceCa.Revoked(java.math.BigInteger.ZERO, NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serial");
  }
}
