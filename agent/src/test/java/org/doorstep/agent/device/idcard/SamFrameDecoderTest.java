package org.doorstep.agent.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.device.idcard.SamFrameDecoder.FrameError;
import org.doorstep.agent.device.idcard.SamFrameDecoder.Result;
import org.junit.jupiter.api.Test;

/** Frames from PERIPHERALS.md §1, one field per line, fed whole and at every chunk size. */
class SamFrameDecoderTest {
  private static final byte[] FIND_OK = bytes(
      0xAA, 0xAA, 0xAA, 0x96, 0x69, // preamble
      0x00, 0x08,                   // LEN: SW1 SW2 SW3 + 4 data + CHK
      0x00, 0x00, 0x9F,             // SW1 SW2 SW3 = find OK
      0x00, 0x00, 0x00, 0x00,       // DATA
      0x97);                        // CHK
  private static final byte[] FIND_FAILED = bytes(
      0xAA, 0xAA, 0xAA, 0x96, 0x69, // preamble
      0x00, 0x04,                   // LEN
      0x00, 0x00, 0x80,             // SW3 = find failed
      0x84);                        // CHK
  private static final byte[] SELECT_OK = bytes(
      0xAA, 0xAA, 0xAA, 0x96, 0x69, // preamble
      0x00, 0x0C,                   // LEN: 3 + 8 + 1
      0x00, 0x00, 0x90,             // SW3 = OK
      0, 0, 0, 0, 0, 0, 0, 0,       // DATA: 8 zero bytes
      0x9C);                        // CHK

  @Test
  void encodes_every_host_command_as_in_the_spec() {
    assertThat(tail(SamFrames.request(SamCommand.RESET_SAM))).containsExactly(bytes(0x00, 0x03, 0x10, 0xFF, 0xEC));
    assertThat(tail(SamFrames.request(SamCommand.SAM_STATUS))).containsExactly(bytes(0x00, 0x03, 0x11, 0xFF, 0xED));
    assertThat(tail(SamFrames.request(SamCommand.READ_SAM_ID))).containsExactly(bytes(0x00, 0x03, 0x12, 0xFF, 0xEE));
    assertThat(tail(SamFrames.request(SamCommand.FIND_CARD))).containsExactly(bytes(0x00, 0x03, 0x20, 0x01, 0x22));
    assertThat(tail(SamFrames.request(SamCommand.SELECT_CARD))).containsExactly(bytes(0x00, 0x03, 0x20, 0x02, 0x21));
    assertThat(tail(SamFrames.request(SamCommand.READ_TEXT_PHOTO))).containsExactly(bytes(0x00, 0x03, 0x30, 0x01, 0x32));
    assertThat(tail(SamFrames.request(SamCommand.READ_NEWEST_ADDRESS)))
        .containsExactly(bytes(0x00, 0x03, 0x30, 0x03, 0x30));
    assertThat(tail(SamFrames.request(SamCommand.READ_TEXT_PHOTO_FINGERPRINT)))
        .containsExactly(bytes(0x00, 0x03, 0x30, 0x10, 0x23));
    assertThat(tail(SamFrames.request(0x60, SamCommand.baudSwitchPara(9600), new byte[0])))
        .containsExactly(bytes(0x00, 0x03, 0x60, 0x04, 0x67));
    assertThat(SamFrames.request(SamCommand.FIND_CARD)).startsWith(bytes(0xAA, 0xAA, 0xAA, 0x96, 0x69));
  }

  @Test
  void encodes_replies_as_in_the_spec() {
    assertThat(SamFrames.reply(Sw3.FIND_OK, new byte[4])).containsExactly(FIND_OK);
    assertThat(SamFrames.reply(Sw3.FIND_FAILED, new byte[0])).containsExactly(FIND_FAILED);
    assertThat(SamFrames.reply(Sw3.OK, new byte[8])).containsExactly(SELECT_OK);
  }

  @Test
  void decode_specFrames_atEveryChunkSize_yieldsTheReplies() {
    byte[] stream = concat(FIND_OK, FIND_FAILED, SELECT_OK);
    for (int chunk = 1; chunk <= stream.length; chunk++) {
      List<Result> out = feedInChunks(SamFrameDecoder.forReplies(), stream, chunk);
      assertThat(out).as("chunk %d", chunk).containsExactly(
          SamReply.of(0, 0, 0x9F, new byte[4]), SamReply.of(0, 0, 0x80, new byte[0]), SamReply.of(0, 0, 0x90, new byte[8]));
    }
  }

  @Test
  void decode_readReply_of1295Bytes_atEveryChunkSize() {
    byte[] data = new byte[4 + 256 + 1024];
    data[0] = 0x01; // text length 256
    data[2] = 0x04; // photo length 1024
    for (int i = 4; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    byte[] frame = SamFrames.reply(Sw3.OK, data);
    assertThat(frame).hasSize(1295);
    assertThat(frame[5]).isEqualTo((byte) 0x05);
    assertThat(frame[6]).isEqualTo((byte) 0x08); // LEN 0x0508
    for (int chunk = 1; chunk <= frame.length; chunk += (chunk < 20 ? 1 : 37)) {
      List<Result> out = feedInChunks(SamFrameDecoder.forReplies(), frame, chunk);
      assertThat(out).as("chunk %d", chunk).containsExactly(SamReply.of(0, 0, 0x90, data));
    }
  }

  @Test
  void decode_garbageBeforeFrame_resynchronisesOnThePreamble() {
    byte[] garbage = bytes(0x00, 0xFF, 0xAA, 0xAA, 0x13, 0xAA, 0xAA, 0xAA, 0xAA, 0x96, 0x00, 0x69, 0x96);
    byte[] stream = concat(garbage, FIND_OK, bytes(0xAA, 0xAA, 0xAA), FIND_FAILED);
    for (int chunk = 1; chunk <= stream.length; chunk++) {
      SamFrameDecoder d = SamFrameDecoder.forReplies();
      List<Result> out = feedInChunks(d, stream, chunk);
      assertThat(out).as("chunk %d", chunk)
          .containsExactly(SamReply.of(0, 0, 0x9F, new byte[4]), SamReply.of(0, 0, 0x80, new byte[0]));
      assertThat(d.discardedBytes()).isEqualTo(garbage.length + 3);
    }
  }

  @Test
  void decode_preambleWithExtraAa_findsTheFrame() {
    byte[] stream = concat(bytes(0xAA), FIND_FAILED);
    assertThat(SamFrameDecoder.forReplies().feed(stream)).containsExactly(SamReply.of(0, 0, 0x80, new byte[0]));
  }

  @Test
  void decode_checksumMismatch_failsWithChecksumError_thenDecodesTheNextFrame() {
    byte[] bad = FIND_OK.clone();
    bad[bad.length - 1] ^= 0x01;
    byte[] stream = concat(bad, FIND_FAILED);
    for (int chunk = 1; chunk <= stream.length; chunk++) {
      List<Result> out = feedInChunks(SamFrameDecoder.forReplies(), stream, chunk);
      assertThat(out).as("chunk %d", chunk).hasSize(2);
      assertThat(out.get(0)).isInstanceOfSatisfying(FrameError.class,
          e -> assertThat(e.kind()).isEqualTo(FrameError.Kind.CHECKSUM));
      assertThat(out.get(1)).isEqualTo(SamReply.of(0, 0, 0x80, new byte[0]));
    }
  }

  @Test
  void decode_lenTooSmall_failsWithLengthError_atOnce() {
    byte[] bad = bytes(0xAA, 0xAA, 0xAA, 0x96, 0x69, // preamble
        0x00, 0x02,                                   // LEN 2: less than SW1 SW2 SW3 CHK
        0x00, 0x00);
    List<Result> out = SamFrameDecoder.forReplies().feed(concat(bad, FIND_FAILED));
    assertThat(out).hasSize(2);
    assertThat(out.get(0)).isEqualTo(new FrameError(FrameError.Kind.LENGTH, 2, "LEN 2 outside 4..2560"));
    assertThat(out.get(1)).isEqualTo(SamReply.of(0, 0, 0x80, new byte[0]));
  }

  @Test
  void decode_lenTooLarge_failsWithLengthError_withoutWaitingForTheBody() {
    byte[] bad = bytes(0xAA, 0xAA, 0xAA, 0x96, 0x69, // preamble
        0xFF, 0xFF);                                  // LEN 65535: beyond MAX_LEN
    SamFrameDecoder d = SamFrameDecoder.forReplies();
    List<Result> out = d.feed(bad);
    assertThat(out).singleElement().isInstanceOfSatisfying(FrameError.class,
        e -> assertThat(e.kind()).isEqualTo(FrameError.Kind.LENGTH));
    assertThat(d.buffered()).isLessThan(7);
  }

  @Test
  void decode_truncatedFrame_waits_andResetDropsIt() {
    SamFrameDecoder d = SamFrameDecoder.forReplies();
    assertThat(d.feed(java.util.Arrays.copyOf(SELECT_OK, 10))).isEmpty();
    assertThat(d.buffered()).isEqualTo(10);
    d.reset();
    assertThat(d.feed(FIND_FAILED)).containsExactly(SamReply.of(0, 0, 0x80, new byte[0]));
  }

  @Test
  void decode_requests_forTheSimulator() {
    byte[] stream = concat(SamFrames.request(SamCommand.FIND_CARD), SamFrames.request(SamCommand.READ_TEXT_PHOTO));
    for (int chunk = 1; chunk <= stream.length; chunk++) {
      List<Result> out = feedInChunks(SamFrameDecoder.forRequests(), stream, chunk);
      assertThat(out).hasSize(2);
      assertThat(((SamRequest) out.get(0)).command()).contains(SamCommand.FIND_CARD);
      assertThat(((SamRequest) out.get(1)).command()).contains(SamCommand.READ_TEXT_PHOTO);
    }
  }

  @Test
  void reply_toString_showsLengthsOnly() {
    assertThat(SamReply.of(0, 0, 0x90, new byte[] {0x12, 0x34}).toString()).isEqualTo("SamReply[SW 00 00 90, 2 B data]");
  }

  @Test
  void every_failure_sw3_has_a_problem_with_a_key() {
    for (Sw3 s : Sw3.values()) {
      switch (s.handling()) {
        case SUCCESS, NO_CARD -> assertThat(s.problem()).as(s.toString()).isEmpty();
        default -> assertThat(s.problem()).as(s.toString()).hasValueSatisfying(p -> assertThat(p.key()).isNotBlank());
      }
    }
    assertThat(Sw3.of(0x41).flatMap(Sw3::problem)).contains(ReaderProblem.READ_FAILED_TRY_AGAIN);
    assertThat(Sw3.of(0x81).flatMap(Sw3::problem)).contains(ReaderProblem.PLACE_CARD_FLAT);
    assertThat(Sw3.of(0x33).flatMap(Sw3::problem)).contains(ReaderProblem.CARD_NOT_GENUINE);
    assertThat(Sw3.of(0x66).flatMap(Sw3::problem)).contains(ReaderProblem.READER_FAULT);
    assertThat(Sw3.of(0x55)).isEmpty();
  }

  static List<Result> feedInChunks(SamFrameDecoder d, byte[] stream, int chunk) {
    List<Result> out = new ArrayList<>();
    for (int i = 0; i < stream.length; i += chunk) {
      out.addAll(d.feed(stream, i, Math.min(chunk, stream.length - i)));
    }
    return out;
  }

  private static byte[] tail(byte[] frame) {
    return java.util.Arrays.copyOfRange(frame, 5, frame.length);
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
