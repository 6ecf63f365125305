package org.doorstep.agent.device.printer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.doorstep.agent.device.printer.Align;
import org.doorstep.agent.device.printer.Cut;
import org.doorstep.agent.device.printer.EscPos;
import org.doorstep.agent.device.printer.QrErrorCorrection;
import org.junit.jupiter.api.Test;

class EscPosParserTest {
  private static final byte[] JOB = new EscPos().initialise().chineseMode(true)
      .align(Align.CENTRE).bold(true).size(2, 2).line("资格认证凭条").size(1, 1).bold(false)
      .align(Align.LEFT).line("姓名  张*")
      .raw(EscPos.statusRequest(2))
      .align(Align.CENTRE).qr("rec-1", 6, QrErrorCorrection.M).lf()
      .feed(4).cut(Cut.FULL).bytes();

  private static final List<String> EXPECTED = List.of(
      "init",
      "line CENTRE bold x2x2 [资格认证凭条]",
      "line LEFT [姓名  张*]",
      "status 2",
      "qr 6 M [rec-1]",
      "line CENTRE []",
      "feed 4",
      "cut FULL");

  private static List<String> parse(byte[] stream, int chunk) {
    RecordingListener l = new RecordingListener();
    EscPosParser p = new EscPosParser(l);
    for (int i = 0; i < stream.length; i += chunk) {
      p.feed(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + chunk)));
    }
    return l.events;
  }

  @Test
  void parses_the_encoders_job_whole() {
    assertThat(parse(JOB, JOB.length)).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void parses_the_same_at_every_chunk_size() {
    for (int chunk = 1; chunk <= JOB.length; chunk++) {
      assertThat(parse(JOB, chunk)).as("chunk %d", chunk).containsExactlyElementsOf(EXPECTED);
    }
  }

  @Test
  void dle_eot_asks_for_status_1_to_4_only() {
    byte[] s = {
        0x10, 0x04, 0x01,     // DLE EOT 1
        0x10, 0x04, 0x04,     // DLE EOT 4
        0x10, 0x04, 0x07};    // DLE EOT 7: not a status request
    RecordingListener l = new RecordingListener();
    new EscPosParser(l).feed(s);
    assertThat(l.events).containsExactly("status 1", "status 4");
    assertThat(l.unknown).containsExactly("DLE 04 07");
  }

  @Test
  void known_commands_it_ignores_are_skipped_by_their_length() {
    byte[] s = {
        0x1B, 0x2D, 0x41,                         // ESC - n: underline, n looks like 'A'
        0x1B, 0x2A, 0x00, 0x02, 0x00, 0x41, 0x42, // ESC * m=0 nL=2 nH=0 + 2 data bytes 'A' 'B'
        0x1D, 0x76, 0x30, 0x00, 0x01, 0x00, 0x02, 0x00, 0x43, 0x44, // GS v 0: 1 x 2 raster bytes 'C' 'D'
        0x1D, 0x28, 0x4C, 0x02, 0x00, 0x45, 0x46, // GS ( L pL=2: 'E' 'F'
        0x1D, 0x6B, 0x04, 0x31, 0x32, 0x00,       // GS k m=4 "12" NUL: barcode
        0x1D, 0x6B, 0x49, 0x02, 0x47, 0x48,       // GS k m=73 n=2 'G' 'H'
        'o', 'k', 0x0A};
    RecordingListener l = new RecordingListener();
    new EscPosParser(l).feed(s);
    assertThat(l.events).containsExactly("line LEFT [ok]");
    assertThat(l.unknown).contains("ESC * bit image", "GS v 0 raster image", "GS ( 4C", "GS k barcode");
  }

  @Test
  void unknown_commands_are_reported_and_skip_two_bytes() {
    byte[] s = {0x1B, 0x7F, 'a', 0x1D, 0x7E, 'b', 0x1C, 0x7D, 'c', 0x0A};
    RecordingListener l = new RecordingListener();
    new EscPosParser(l).feed(s);
    assertThat(l.events).containsExactly("line LEFT [abc]");
    assertThat(l.unknown).containsExactly("ESC 7F", "GS 7E", "FS 7D");
  }

  @Test
  void all_cut_forms_cut() {
    byte[] s = {
        0x1D, 0x56, 0x00,         // GS V 0 full
        0x1D, 0x56, 0x31,         // GS V 49 partial
        0x1D, 0x56, 0x41, 0x03,   // GS V A n: feed, full
        0x1D, 0x56, 0x42, 0x03,   // GS V B n: feed, partial
        0x1B, 0x69};              // ESC i: partial (old)
    RecordingListener l = new RecordingListener();
    new EscPosParser(l).feed(s);
    assertThat(l.events).containsExactly("cut FULL", "cut PARTIAL", "cut FULL", "cut PARTIAL", "cut PARTIAL");
  }

  @Test
  void text_outside_chinese_mode_is_ascii_and_inside_is_gb18030() {
    byte[] gb = "证".getBytes(EscPos.GB18030);
    byte[] s = {'a', 0x0A, 0x1C, 0x26, gb[0], gb[1], 0x0A, 0x1C, 0x2E, 'b', 0x0A};
    RecordingListener l = new RecordingListener();
    new EscPosParser(l).feed(s);
    assertThat(l.events).containsExactly("line LEFT [a]", "line LEFT [证]", "line LEFT [b]");
  }

  @Test
  void qr_print_without_stored_data_prints_nothing() {
    RecordingListener l = new RecordingListener();
    new EscPosParser(l).feed(new byte[] {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});
    assertThat(l.events).isEmpty();
    assertThat(l.unknown).hasSize(1);
  }

  @Test
  void initialise_resets_modes_and_drops_unprinted_text() {
    byte[] s = {0x1C, 0x26, 0x1B, 0x45, 0x01, 'x', 0x1B, 0x40, 'y', 0x0A};
    RecordingListener l = new RecordingListener();
    new EscPosParser(l).feed(s);
    assertThat(l.events).containsExactly("init", "line LEFT [y]");
  }
}
