package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.testing.SampleBodies;
import org.doorstep.config.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded fuzzing of {@link WireCodec#decode} and {@link WireMessage#bodyAs}: random bytes, random
 * JSON-ish text and byte-level mutations of valid envelopes. Whatever the input, the only failure is
 * a {@link WireException}, and nothing hangs. A failure prints the seed and case to replay it.
 */
class WireCodecFuzzTest {
  private static final long SEED = 0x5EED_D00E_57E9L;
  private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"v\"", "\"type\"", "\"body\"", "\"sig\"",
      "1", "2", "-1", "1.5", "1e309", "99999999999999999999", "true", "null", "\"record\"", "\"ack\"",
      "\"config\"", "\"\\u0000\"", "\"\\ud800\"", "\"alg\"", "\"Ed25519\"", "\"value\"", "\"AAAA\"", " ", "\"seq\"", "\"张\""};

  private static List<byte[]> validPayloads() {
    List<byte[]> out = new ArrayList<>();
    for (SignatureAlgorithm a : List.of(SignatureAlgorithm.ED25519, SignatureAlgorithm.SM2_SM3)) { // message algorithms
      out.add(WireCodec.encodeSigned(MessageType.RECORD, SampleBodies.FULL_RECORD, TestKeys.signer(a)));
    }
    out.add(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.MINIMAL_RECORD));
    out.add(WireCodec.encodeUnsigned(MessageType.ACK, SampleBodies.ACK_MIXED));
    out.add(WireCodec.encodeUnsigned(MessageType.STATE, SampleBodies.STATE));
    out.add(WireCodec.encodeSigned(MessageType.COMMAND, SampleBodies.COMMAND, TestKeys.signer(SignatureAlgorithm.ED25519)));
    out.add(WireCodec.encodeUnsigned(MessageType.COMMAND_RESULT, SampleBodies.COMMAND_RESULT));
    out.add(WireCodec.encodeSigned(MessageType.CONFIG, SampleBodies.configBundle(), TestKeys.signer(SignatureAlgorithm.ED25519)));
    return out;
  }

  /** Decodes, reads the body as its type and verifies; anything but a WireException fails the test. */
  private static void exercise(byte[] payload, String label) {
    try {
      WireMessage m = WireCodec.decode(payload);
      Class<?> bodyType = switch (m.type()) {
        case RECORD -> CertificationRecord.class;
        case ACK -> Ack.class;
        case STATE -> DeviceState.class;
        case CONFIG -> ConfigBundle.class;
        case COMMAND -> Command.class;
        case COMMAND_RESULT -> CommandResult.class;
      };
      try {
        m.bodyAs(bodyType);
      } catch (WireException expected) {
        assertThat(expected.getMessage()).startsWith("body");
      }
      m.verifiedBy(TestKeys.fixedEd25519().getPublic());
      m.verifiedBy(TestKeys.pair(SignatureAlgorithm.SM2_SM3).getPublic());
    } catch (WireException expected) {
      assertThat(expected.reason()).isNotNull();
      assertThat(expected.getMessage()).isNotBlank();
    } catch (Throwable t) {
      fail(label + ": " + t + " for input " + new String(payload, StandardCharsets.UTF_8), t);
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void decode_randomBytes_onlyEverThrowsWireException() {
    Random random = new Random(SEED);
    for (int i = 0; i < 3000; i++) {
      byte[] payload = new byte[1 + random.nextInt(200)];
      random.nextBytes(payload);
      exercise(payload, "seed " + SEED + " random bytes case " + i);
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void decode_randomJsonTokens_onlyEverThrowsWireException() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 5000; i++) {
      StringBuilder sb = new StringBuilder("{\"v\":1,");
      int n = random.nextInt(30);
      for (int t = 0; t < n; t++) {
        sb.append(TOKENS[random.nextInt(TOKENS.length)]);
      }
      exercise(sb.toString().getBytes(StandardCharsets.UTF_8), "seed " + (SEED + 1) + " token case " + i);
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void decode_mutatedValidEnvelopes_onlyEverThrowsWireException() {
    Random random = new Random(SEED + 2);
    List<byte[]> valid = validPayloads();
    for (int i = 0; i < 5000; i++) {
      byte[] base = valid.get(random.nextInt(valid.size()));
      byte[] payload = mutate(base, random);
      exercise(payload, "seed " + (SEED + 2) + " mutation case " + i);
    }
  }

  private static byte[] mutate(byte[] base, Random random) {
    byte[] b = base.clone();
    int kind = random.nextInt(5);
    switch (kind) {
      case 0 -> { // flip bits in a few bytes
        for (int k = 0; k <= random.nextInt(3); k++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> { // replace a byte with a JSON-significant one
        byte[] specials = "{}[],:\"\\0-.e".getBytes(StandardCharsets.US_ASCII);
        b[random.nextInt(b.length)] = specials[random.nextInt(specials.length)];
      }
      case 2 -> { // truncate
        b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
      }
      case 3 -> { // duplicate a slice
        int from = random.nextInt(b.length);
        int len = random.nextInt(Math.min(40, b.length - from) + 1);
        byte[] out = new byte[b.length + len];
        System.arraycopy(b, 0, out, 0, from + len);
        System.arraycopy(b, from, out, from + len, b.length - from);
        b = out;
      }
      default -> { // swap a token for one from the list
        String s = new String(b, StandardCharsets.UTF_8);
        int at = random.nextInt(s.length());
        String token = TOKENS[random.nextInt(TOKENS.length)];
        s = s.substring(0, at) + token + s.substring(Math.min(s.length(), at + random.nextInt(6)));
        b = s.getBytes(StandardCharsets.UTF_8);
      }
    }
    return b.length == 0 ? new byte[] {'{'} : b;
  }
}
