package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.testing.SampleBodies;
import org.doorstep.config.testing.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed test vector {@code vector-1-record-ed25519.txt} (also the worked example of
 * docs/wire-protocol.md). Ed25519 is deterministic, so a fixed record and key give fixed bytes: any
 * change to canonical form, member names or signing breaks this test, and with it compatibility.
 */
class GoldenVectorTest {
  private static final HexFormat HEX = HexFormat.of();
  private static Map<String, String> vector;
  private static Map<String, String> sm2Vector;
  private static KeyPair key;

  @BeforeAll
  static void load() throws IOException {
    vector = read("vector-1-record-ed25519.txt");
    sm2Vector = read("vector-2-record-sm2.txt");
    key = TestKeys.ed25519FromSeed(HEX.parseHex(vector.get("seed-hex")));
  }

  /** {@code name: value} lines; {@code #} starts a comment line. */
  private static Map<String, String> read(String resource) throws IOException {
    Map<String, String> v = new LinkedHashMap<>();
    try (InputStream in = GoldenVectorTest.class.getResourceAsStream(resource)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#") && line.contains(": ")) {
          v.put(line.substring(0, line.indexOf(": ")), line.substring(line.indexOf(": ") + 2));
        }
      }
    }
    return v;
  }

  @Test
  void key_fromRfc8032Seed_hasPublishedPublicKeyAndKid() {
    byte[] spki = key.getPublic().getEncoded();

    assertThat(HEX.formatHex(spki)).isEqualTo(vector.get("public-key-spki-hex"))
        .endsWith(vector.get("public-key-raw-hex")).endsWith(TestKeys.ED25519_PUBLIC_HEX);
    assertThat(KeyId.of(key.getPublic())).isEqualTo(vector.get("kid"));
  }

  @Test
  void encodeSigned_fixedRecordAndKey_givesCommittedEnvelope() {
    byte[] envelope = WireCodec.encodeSigned(MessageType.RECORD, SampleBodies.FULL_RECORD, new Signer(key));

    assertThat(new String(envelope, StandardCharsets.UTF_8)).isEqualTo(vector.get("envelope"));
  }

  @Test
  void encodeUnsigned_fixedRecord_givesCommittedSignedBytes() {
    byte[] unsigned = WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.FULL_RECORD);

    assertThat(unsigned).isEqualTo(vector.get("signed-bytes").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sign_committedSignedBytes_givesCommittedSignature() {
    byte[] sig = new Signer(key).sign(vector.get("signed-bytes").getBytes(StandardCharsets.UTF_8));

    assertThat(HEX.formatHex(sig)).isEqualTo(vector.get("signature-hex"));
  }

  @Test
  void decode_committedEnvelope_verifiesAndYieldsTheRecord() {
    WireMessage m = WireCodec.decode(vector.get("envelope").getBytes(StandardCharsets.UTF_8));

    assertThat(m.signedBytes()).isEqualTo(vector.get("signed-bytes").getBytes(StandardCharsets.UTF_8));
    assertThat(HEX.formatHex(m.signature().orElseThrow().value())).isEqualTo(vector.get("signature-hex"));
    assertThat(m.verifiedBy(key.getPublic())).isTrue();
    assertThat(m.bodyAs(CertificationRecord.class)).isEqualTo(SampleBodies.FULL_RECORD);
  }

  @Test
  void sm2Vector_keyFromScalar_hasCommittedPublicKeyAndKid() {
    KeyPair sm2 = TestKeys.sm2FromScalar(HEX.parseHex(sm2Vector.get("private-d-hex")));

    assertThat(HEX.formatHex(sm2.getPublic().getEncoded())).isEqualTo(sm2Vector.get("public-key-spki-hex"));
    assertThat(KeyId.of(sm2.getPublic())).isEqualTo(sm2Vector.get("kid"));
  }

  @Test
  void sm2Vector_envelope_coversSameSignedBytesAndVerifies() {
    WireMessage m = WireCodec.decode(sm2Vector.get("envelope").getBytes(StandardCharsets.UTF_8));

    assertThat(m.signedBytes()).isEqualTo(vector.get("signed-bytes").getBytes(StandardCharsets.UTF_8));
    assertThat(m.signature().orElseThrow().keyId()).isEqualTo(sm2Vector.get("kid"));
    assertThat(m.verifiedBy(sm2PublicKey())).isTrue();
    assertThat(m.verifiedBy(key.getPublic())).isFalse();
  }

  @Test
  void sm2Vector_signaturesByDoorstepAndByOpenSsl_bothVerify() {
    byte[] data = vector.get("signed-bytes").getBytes(StandardCharsets.UTF_8);

    for (String name : new String[] {"signature-hex", "signature-openssl-hex"}) {
      assertThat(org.doorstep.config.crypto.Signatures.verify(org.doorstep.config.crypto.SignatureAlgorithm.SM2_SM3,
          sm2PublicKey(), data, HEX.parseHex(sm2Vector.get(name)))).as(name).isTrue();
    }
  }

  private static java.security.PublicKey sm2PublicKey() {
    String b64 = java.util.Base64.getMimeEncoder().encodeToString(HEX.parseHex(sm2Vector.get("public-key-spki-hex")));
    return org.doorstep.config.crypto.Keys.publicKeyFromPem(
        "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n");
  }
}
