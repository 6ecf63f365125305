package org.doorstep.agent.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based tests (jqwik: generated inputs, shrunk to the smallest failing case) of the
 * reader-side frame decoder, next to the seeded {@link SamFrameDecoderFuzzTest}.
 */
class SamFrameDecoderPropertiesTest {

  /** Any bytes, cut into any chunks: no exception, bounded buffer, and only typed results. */
  @Property(tries = 2_000)
  void arbitrary_bytes_never_throw_and_never_grow_the_buffer(
      @ForAll @Size(max = 4_000) byte[] input, @ForAll @IntRange(min = 1, max = 512) int chunk) {
    SamFrameDecoder d = SamFrameDecoder.forReplies();
    for (int at = 0; at < input.length; at += chunk) {
      List<SamFrameDecoder.Result> results = d.feed(input, at, Math.min(chunk, input.length - at));
      assertThat(results).allSatisfy(r -> assertThat(r).isNotNull());
      assertThat(d.buffered()).isLessThanOrEqualTo(SamFrames.HEADER_LENGTH + SamFrames.MAX_LEN);
    }
  }

  /** A valid reply after garbage that holds no preamble byte is decoded exactly, at any chunking. */
  @Property(tries = 1_000)
  void a_valid_reply_after_preamble_free_garbage_is_decoded_exactly(
      @ForAll("garbageWithoutPreamble") byte[] garbage,
      @ForAll @IntRange(min = 0, max = 255) int sw1,
      @ForAll @IntRange(min = 0, max = 255) int sw2,
      @ForAll @IntRange(min = 0, max = 255) int sw3,
      @ForAll @Size(max = 1_500) byte[] data,
      @ForAll @IntRange(min = 1, max = 700) int chunk) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(garbage);
    stream.writeBytes(SamFrames.reply(sw1, sw2, sw3, data));
    byte[] input = stream.toByteArray();

    SamFrameDecoder d = SamFrameDecoder.forReplies();
    List<SamFrameDecoder.Result> results = new ArrayList<>();
    for (int at = 0; at < input.length; at += chunk) {
      results.addAll(d.feed(input, at, Math.min(chunk, input.length - at)));
    }

    assertThat(results).containsExactly(SamReply.of(sw1, sw2, sw3, data));
    assertThat(d.buffered()).isZero();
  }

  @Provide
  Arbitrary<byte[]> garbageWithoutPreamble() {
    // 0xAA starts the preamble; without it no frame can begin inside the garbage.
    return Arbitraries.bytes().filter(b -> b != (byte) 0xAA).array(byte[].class).ofMaxSize(300);
  }
}
