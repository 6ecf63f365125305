package org.doorstep.agent.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.agent.testing.Theories.qt;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.testing.Theories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Property-based tests (QuickTheories: generated inputs from a fixed seed, shrunk to the smallest
 * failing case, see {@link Theories}) of the reader-side frame decoder, next to the seeded
 * {@link SamFrameDecoderFuzzTest}; {@code @Timeout} bounds a hang.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SamFrameDecoderPropertiesTest {
  private static final long SEED = 0x5A_4DF4L;

  /** The three status bytes SW1 SW2 SW3 of a reply. */
  record StatusWords(int sw1, int sw2, int sw3) {}

  /** Any bytes, cut into any chunks: no exception, bounded buffer, and only typed results. */
  @Test
  void arbitrary_bytes_never_throw_and_never_grow_the_buffer() {
    qt(SEED, 2_000).forAll(Theories.bytes(4_000), SourceDSL.integers().between(1, 512)).checkAssert((input, chunk) -> {
      SamFrameDecoder d = SamFrameDecoder.forReplies();
      for (int at = 0; at < input.length; at += chunk) {
        List<SamFrameDecoder.Result> results = d.feed(input, at, Math.min(chunk, input.length - at));
        assertThat(results).allSatisfy(r -> assertThat(r).isNotNull());
        assertThat(d.buffered()).isLessThanOrEqualTo(SamFrames.HEADER_LENGTH + SamFrames.MAX_LEN);
      }
    });
  }

  /** A valid reply after garbage that holds no preamble byte is decoded exactly, at any chunking. */
  @Test
  void a_valid_reply_after_preamble_free_garbage_is_decoded_exactly() {
    Gen<Integer> octet = SourceDSL.integers().between(0, 255);
    Gen<StatusWords> statusWords = octet.map(StatusWords::new);
    qt(SEED + 1, 1_000)
        .forAll(garbageWithoutPreamble(), statusWords, Theories.bytes(1_500), SourceDSL.integers().between(1, 700))
        .checkAssert((garbage, sw, data, chunk) -> {
          ByteArrayOutputStream stream = new ByteArrayOutputStream();
          stream.writeBytes(garbage);
          stream.writeBytes(SamFrames.reply(sw.sw1(), sw.sw2(), sw.sw3(), data));
          byte[] input = stream.toByteArray();

          SamFrameDecoder d = SamFrameDecoder.forReplies();
          List<SamFrameDecoder.Result> results = new ArrayList<>();
          for (int at = 0; at < input.length; at += chunk) {
            results.addAll(d.feed(input, at, Math.min(chunk, input.length - at)));
          }

          assertThat(results).containsExactly(SamReply.of(sw.sw1(), sw.sw2(), sw.sw3(), data));
          assertThat(d.buffered()).isZero();
        });
  }

  /** Up to 300 bytes of any value but 0xAA, which starts the preamble: no frame can begin inside. */
  private static Gen<byte[]> garbageWithoutPreamble() {
    Gen<Byte> notAa = SourceDSL.integers().between(0, 254).map(v -> (byte) (v >= 0xAA ? v + 1 : v));
    return Theories.bytes(300, notAa);
  }
}
