package org.doorstep.agent.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Property test (seeded, reproducible): random bytes and mutated valid frames never make the decoder throw,
 * hang or grow without bound, and a valid frame after any junk and a reset is always decoded.
 */
class SamFrameDecoderFuzzTest {
  private static final long SEED = 0x5A4D_4F52L;
  private static final int CASES = 20_000;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void random_and_mutated_frames_never_throw_or_hang() {
    Random rnd = new Random(SEED);
    List<byte[]> valid = validFrames(rnd);
    for (int i = 0; i < CASES; i++) {
      byte[] input = switch (i % 4) {
        case 0 -> randomBytes(rnd, rnd.nextInt(3000));
        case 1 -> mutate(rnd, valid.get(rnd.nextInt(valid.size())));
        case 2 -> SamFrameDecoderTest.concat(randomBytes(rnd, rnd.nextInt(40)), valid.get(rnd.nextInt(valid.size())),
            mutate(rnd, valid.get(rnd.nextInt(valid.size()))));
        default -> preambleStorm(rnd);
      };
      SamFrameDecoder d = rnd.nextBoolean() ? SamFrameDecoder.forReplies() : SamFrameDecoder.forRequests();
      int chunk = 1 + rnd.nextInt(300);
      try {
        for (int at = 0; at < input.length; at += chunk) {
          d.feed(input, at, Math.min(chunk, input.length - at));
          assertThat(d.buffered()).isLessThanOrEqualTo(SamFrames.HEADER_LENGTH + SamFrames.MAX_LEN);
        }
      } catch (RuntimeException e) {
        throw new AssertionError("case " + i + " (seed " + SEED + ") threw", e);
      }
      d.reset();
      byte[] good = SamFrames.reply(Sw3.FIND_FAILED, new byte[0]);
      SamFrameDecoder replies = SamFrameDecoder.forReplies();
      replies.feed(input, 0, Math.min(input.length, 5));
      replies.reset();
      assertThat(replies.feed(good)).as("case %d", i).containsExactly(SamReply.of(0, 0, 0x80, new byte[0]));
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void a_valid_frame_survives_any_garbage_without_a_preamble() {
    Random rnd = new Random(SEED + 1);
    byte[] frame = SamFrames.reply(Sw3.OK, randomBytes(rnd, 200));
    for (int i = 0; i < 5_000; i++) {
      byte[] junk = randomBytes(rnd, rnd.nextInt(500));
      for (int k = 0; k < junk.length; k++) {
        if (junk[k] == (byte) 0xAA) {
          junk[k] = 0x55; // no preamble can start in the junk
        }
      }
      List<SamFrameDecoder.Result> out = SamFrameDecoderTest.feedInChunks(SamFrameDecoder.forReplies(),
          SamFrameDecoderTest.concat(junk, frame), 1 + rnd.nextInt(64));
      assertThat(out).hasSize(1).first().isInstanceOf(SamReply.class);
    }
  }

  private static List<byte[]> validFrames(Random rnd) {
    List<byte[]> frames = new ArrayList<>();
    for (Sw3 s : Sw3.values()) {
      frames.add(SamFrames.reply(s, new byte[0]));
    }
    frames.add(SamFrames.reply(Sw3.FIND_OK, new byte[4]));
    frames.add(SamFrames.reply(Sw3.OK, new byte[8]));
    frames.add(SamFrames.reply(Sw3.OK, randomBytes(rnd, 1284)));
    for (SamCommand c : SamCommand.values()) {
      frames.add(SamFrames.request(c));
    }
    return frames;
  }

  private static byte[] mutate(Random rnd, byte[] frame) {
    byte[] m = frame.clone();
    switch (rnd.nextInt(5)) {
      case 0 -> m[rnd.nextInt(m.length)] ^= (byte) (1 + rnd.nextInt(255)); // flip a byte
      case 1 -> m = java.util.Arrays.copyOf(m, rnd.nextInt(m.length)); // truncate
      case 2 -> { // random LEN
        m[5] = (byte) rnd.nextInt(256);
        m[6] = (byte) rnd.nextInt(256);
      }
      case 3 -> m = SamFrameDecoderTest.concat(m, randomBytes(rnd, rnd.nextInt(20))); // trailing junk
      default -> { // duplicate a slice
        int from = rnd.nextInt(m.length);
        m = SamFrameDecoderTest.concat(java.util.Arrays.copyOf(m, from), m);
      }
    }
    return m;
  }

  private static byte[] preambleStorm(Random rnd) {
    byte[] p = SamFrames.preamble();
    byte[] out = new byte[rnd.nextInt(4000)];
    for (int i = 0; i < out.length; i++) {
      out[i] = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : p[i % 5];
    }
    return out;
  }

  private static byte[] randomBytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }
}
