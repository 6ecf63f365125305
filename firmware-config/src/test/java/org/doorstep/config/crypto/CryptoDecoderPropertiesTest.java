package org.doorstep.config.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.config.testing.Theories.qt;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.doorstep.config.testing.Fuzz;
import org.doorstep.config.testing.Theories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Property-based fuzzing (QuickTheories, fixed seeds, see {@link Theories}) of every reader of untrusted key material and sealed data:
 * {@link Csr#fromPem} (what enrolment receives over HTTP), {@link Certificates#fromPem}, the
 * {@link Keys} PEM readers, {@link DataKeys#parse}, {@link Sealed#fromBytes} and
 * {@link EvidenceCipher#open}. Inputs are random text, mutated valid PEM (text mutations and DER
 * mutations re-armoured as valid base64) and spliced PEMs of different kinds. Each reader may only
 * throw its documented exception type, and returns within {@link Fuzz#PER_INPUT}; each property as a
 * whole is bounded by {@code @Timeout}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CryptoDecoderPropertiesTest {
  private static final long SEED = 0xC4_7970L;
  private static final Clock CLOCK = Clock.systemUTC();
  private static final List<String> PEMS = pems();
  private static final DeviceCa CA = DeviceCa.create("fuzz-ca", CryptoSuite.STANDARD, Duration.ofDays(1), CLOCK);
  private static final SecretKey AES = EvidenceCipher.generateKey(EvidenceCipher.Algorithm.AES_256_GCM);
  private static final SecretKey SM4 = EvidenceCipher.generateKey(EvidenceCipher.Algorithm.SM4_GCM);
  private static final byte[] AD = "0195514c-7d40-7a3e-8c1f-4b2d9e6a0f10".getBytes(StandardCharsets.UTF_8);
  private static final List<byte[]> SEALED = sealed();
  private static final List<byte[]> DERS = PEMS.stream().map(p -> der(p, new ArrayList<>())).toList();

  private static List<String> pems() {
    List<String> out = new ArrayList<>();
    for (CryptoSuite suite : CryptoSuite.values()) {
      KeyPair device = Keys.generate(suite.signatureAlgorithm());
      out.add(Keys.toPem(device.getPublic()));
      out.add(Keys.toPem(device.getPrivate()));
      Csr csr = Csr.create("kiosk-fuzz-1", device);
      out.add(csr.toPem());
      DeviceCa ca = DeviceCa.create("fuzz-" + suite, suite, Duration.ofDays(2), CLOCK);
      out.add(Certificates.toPem(ca.certificate()));
      out.add(Certificates.toPem(ca.issue(csr, "kiosk-fuzz-1", "440103", Duration.ofDays(1), CLOCK)));
      EvidenceCipher.Algorithm alg = suite.cipherAlgorithm();
      out.add(DataKeys.toPem(alg, EvidenceCipher.generateKey(alg)));
    }
    return List.copyOf(out);
  }

  private static List<byte[]> sealed() {
    List<byte[]> out = new ArrayList<>();
    out.add(new EvidenceCipher(EvidenceCipher.Algorithm.AES_256_GCM, AES).sealToBytes(
        "110101199003070019".getBytes(StandardCharsets.UTF_8), AD));
    out.add(new EvidenceCipher(EvidenceCipher.Algorithm.SM4_GCM, SM4).sealToBytes(new byte[300], AD));
    out.add(new EvidenceCipher(EvidenceCipher.Algorithm.AES_256_GCM, AES).sealToBytes(new byte[0], new byte[0]));
    return List.copyOf(out);
  }

  /** Every reader on the same text; each may throw only its own documented type. */
  private static void readAll(String label, String text) {
    Fuzz.expectOnly(label + " Csr", () -> {
      Csr csr = Csr.fromPem(text);
      csr.deviceId();
      csr.signatureValid();
      csr.publicKey();
    }, CertificateException.class);
    Fuzz.expectOnly(label + " Certificates", () -> {
      X509Certificate c = Certificates.fromPem(text);
      Certificates.deviceIdOf(c);
      Certificates.regionOf(c);
      CA.verify(c, Instant.now());
    }, CertificateException.class);
    Fuzz.expectOnly(label + " Keys.publicKeyFromPem", () -> Keys.publicKeyFromPem(text), CryptoException.class);
    Fuzz.expectOnly(label + " Keys.keyPairFromPem", () -> Keys.keyPairFromPem(text), CryptoException.class);
    Fuzz.expectOnly(label + " DataKeys.parse", () -> DataKeys.parse(text, "fuzz"), CryptoException.class);
  }

  @Test
  void random_text_is_refused_with_documented_exceptions() {
    qt(SEED, 400).forAll(pemish()).checkAssert(text -> readAll("random " + text, text));
  }

  @Test
  void mutated_and_spliced_pem_text_is_refused_with_documented_exceptions() {
    qt(SEED + 1, 600).forAll(Theories.indexes(PEMS), Theories.seeds()).checkAssert((which, seed) -> {
      String text = Fuzz.mutate(PEMS.get(which), PEMS, new Random(seed));
      readAll("text mutation of pem[" + which + "] seed " + seed, text);
    });
  }

  @Test
  void mutated_der_in_valid_armour_is_refused_with_documented_exceptions() {
    qt(SEED + 2, 600).forAll(Theories.indexes(PEMS), Theories.seeds())
        .checkAssert(CryptoDecoderPropertiesTest::mutateDerInArmour);
  }

  /** The base64 body of {@code pem}, decoded; {@code headers} (if given) receives its header lines. */
  private static byte[] der(String pem, List<String> headers) {
    String[] lines = pem.strip().split("\r?\n");
    StringBuilder b64 = new StringBuilder();
    for (int i = 1; i < lines.length - 1; i++) {
      if (lines[i].contains(":") || lines[i].isBlank()) {
        headers.add(lines[i]);
      } else {
        b64.append(lines[i]);
      }
    }
    return Base64.getDecoder().decode(b64.toString());
  }

  /** DER of PEM {@code which}, mutated and spliced with the DER of the other PEMs, in its own armour. */
  private static void mutateDerInArmour(int which, long seed) {
    String pem = PEMS.get(which);
    String[] lines = pem.strip().split("\r?\n");
    List<String> headers = new ArrayList<>();
    byte[] der = der(pem, headers);
    byte[] mutated = Fuzz.mutateRepeatedly(der, DERS, new Random(seed), 3);
    String text = lines[0] + "\n" + (headers.isEmpty() ? "" : String.join("\n", headers) + "\n")
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(mutated) + "\n"
        + lines[lines.length - 1] + "\n";
    readAll("DER mutation of pem[" + which + "] seed " + seed, text);
  }

  @Test
  void unmutated_pems_are_read_by_their_reader() {
    qt(SEED + 3, 200).forAll(Theories.indexes(PEMS)).checkAssert(CryptoDecoderPropertiesTest::readUnmutated);
  }

  private static void readUnmutated(int which) {
    String pem = PEMS.get(which);
    if (pem.contains("CERTIFICATE REQUEST")) {
      assertThat(Csr.fromPem(pem).signatureValid()).isTrue();
    } else if (pem.contains("BEGIN CERTIFICATE")) {
      assertThat(Certificates.fromPem(pem)).isNotNull();
    } else if (pem.contains("PUBLIC KEY")) {
      assertThat(Keys.publicKeyFromPem(pem)).isNotNull();
    } else if (pem.contains("DATA KEY")) {
      assertThat(DataKeys.parse(pem, "fuzz").key()).isNotNull();
    } else {
      assertThat(Keys.keyPairFromPem(pem)).isNotNull();
    }
  }

  @Test
  void random_bytes_never_open_and_only_throw_CryptoException() {
    qt(SEED + 4, 1000).forAll(Theories.bytes(400))
        .checkAssert(bytes -> openAll("random " + Theories.hex(bytes), bytes));
  }

  @Test
  void mutated_sealed_values_never_open_and_only_throw_CryptoException() {
    qt(SEED + 5, 1000).forAll(Theories.indexes(SEALED), Theories.seeds()).checkAssert((which, seed) -> {
      byte[] original = SEALED.get(which);
      byte[] mutated = Fuzz.mutateRepeatedly(original, SEALED, new Random(seed), 3);
      if (java.util.Arrays.equals(mutated, original)) {
        return;   // a no-op mutation (e.g. a truncation to full length)
      }
      openAll("mutation of sealed[" + which + "] seed " + seed, mutated);
    });
  }

  /** Parses and opens with both keys and the right AD: a changed value must never authenticate. */
  private static void openAll(String label, byte[] bytes) {
    for (var pair : List.of(new Object[] {EvidenceCipher.Algorithm.AES_256_GCM, AES},
        new Object[] {EvidenceCipher.Algorithm.SM4_GCM, SM4})) {
      EvidenceCipher cipher = new EvidenceCipher((EvidenceCipher.Algorithm) pair[0], (SecretKey) pair[1]);
      Fuzz.expectOnly(label + " open " + pair[0], () -> {
        byte[] plain = cipher.openBytes(bytes, AD);
        // Only an unmodified value opens; a mutation that parses must fail authentication.
        throw new AssertionError("a mutated value opened: " + plain.length + " bytes");
      }, CryptoException.class);
    }
  }

  /** PEM-like token soup, or any text at all (every code point, surrogate pairs included). */
  private static Gen<String> pemish() {
    Gen<String> tokens = Theories.tokens(30, List.of("-----BEGIN ", "-----END ", "-----", "CERTIFICATE",
        "CERTIFICATE REQUEST", "PUBLIC KEY", "PRIVATE KEY", "EC PRIVATE KEY", "DOORSTEP DATA KEY", "\n",
        "Algorithm: AES_256_GCM\n", "Algorithm: SM4_GCM\n", "Proc-Type: 4,ENCRYPTED\n", "MII", "MCowBQYDK2VwAyEA",
        "AAAA", "====", "%%", " "));
    return Generate.oneOf(tokens, SourceDSL.strings().allPossible().ofLengthBetween(0, 200));
  }
}
