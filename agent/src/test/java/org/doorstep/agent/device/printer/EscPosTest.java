package org.doorstep.agent.device.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** Byte-exact checks against the command table of PERIPHERALS.md §3. */
class EscPosTest {
  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  @Test
  void initialise_chinese_mode_bold_size_align_are_the_table_bytes() {
    byte[] job = new EscPos().initialise().chineseMode(true).bold(true).bold(false).size(2, 2).size(1, 1)
        .align(Align.LEFT).align(Align.CENTRE).align(Align.RIGHT).chineseMode(false).bytes();
    assertThat(job).containsExactly(bytes(
        0x1B, 0x40,             // ESC @ initialise
        0x1C, 0x26,             // FS & Chinese mode on
        0x1B, 0x45, 0x01,       // ESC E 1 bold on
        0x1B, 0x45, 0x00,       // ESC E 0 bold off
        0x1D, 0x21, 0x11,       // GS ! n: width 2 (high nibble 1), height 2 (low nibble 1)
        0x1D, 0x21, 0x00,       // GS ! 0: normal size
        0x1B, 0x61, 0x00,       // ESC a 0 left
        0x1B, 0x61, 0x01,       // ESC a 1 centre
        0x1B, 0x61, 0x02,       // ESC a 2 right
        0x1C, 0x2E));           // FS . Chinese mode off
  }

  @Test
  void size_packs_width_in_high_nibble_and_height_in_low() {
    assertThat(new EscPos().size(3, 1).bytes()).containsExactly(bytes(0x1D, 0x21, 0x20));
    assertThat(new EscPos().size(1, 8).bytes()).containsExactly(bytes(0x1D, 0x21, 0x07));
    assertThat(new EscPos().size(8, 8).bytes()).containsExactly(bytes(0x1D, 0x21, 0x77));
    assertThatThrownBy(() -> new EscPos().size(0, 1)).hasMessageContaining("width");
    assertThatThrownBy(() -> new EscPos().size(1, 9)).hasMessageContaining("height");
  }

  @Test
  void chinese_text_is_gb18030_and_lf_ends_the_line() {
    byte[] job = new EscPos().chineseMode(true).line("认证A").bytes();
    assertThat(job).containsExactly(bytes(
        0x1C, 0x26,             // FS &
        0xC8, 0xCF,             // 认 in GB18030
        0xD6, 0xA4,             // 证
        0x41,                   // A
        0x0A));                 // LF
  }

  @Test
  void text_outside_chinese_mode_is_ascii_with_question_marks() {
    assertThat(new EscPos().text("ok认").bytes()).containsExactly(bytes('o', 'k', '?'));
  }

  @Test
  void control_characters_in_text_cannot_inject_commands() {
    byte[] job = new EscPos().chineseMode(true).text("a\u001B@\u001Dz\n").bytes();
    assertThat(job).containsExactly(bytes(
        0x1C, 0x26,
        'a', ' ', '@', ' ', 'z', ' '));   // ESC, GS and LF became spaces
  }

  @Test
  void feed_and_cuts() {
    assertThat(new EscPos().feed(4).cut(Cut.FULL).cut(Cut.PARTIAL).feedAndCut(3).bytes()).containsExactly(bytes(
        0x1B, 0x64, 0x04,       // ESC d 4 feed 4 lines
        0x1D, 0x56, 0x00,       // GS V 0 full cut
        0x1D, 0x56, 0x01,       // GS V 1 partial cut
        0x1D, 0x56, 0x42, 0x03)); // GS V B 3 feed and cut
    assertThatThrownBy(() -> new EscPos().feed(256)).hasMessageContaining("lines");
  }

  @Test
  void qr_code_is_model_size_correction_store_print() {
    byte[] job = new EscPos().qr("rec-1", 6, QrErrorCorrection.M).bytes();
    assertThat(job).containsExactly(bytes(
        0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,   // GS ( k: select model 2
        0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06,         // module size 6
        0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31,         // error correction M
        0x1D, 0x28, 0x6B, 0x08, 0x00, 0x31, 0x50, 0x30,         // store: pL pH = 5 + 3
        'r', 'e', 'c', '-', '1',                                // data
        0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30));       // print
  }

  @Test
  void qr_store_length_uses_both_length_bytes() {
    String data = "x".repeat(300);
    byte[] job = new EscPos().qr(data, 3, QrErrorCorrection.L).bytes();
    int store = 9 + 8 + 8;
    assertThat(job[store + 3] & 0xFF).isEqualTo((300 + 3) & 0xFF);   // pL
    assertThat(job[store + 4] & 0xFF).isEqualTo((300 + 3) >> 8);    // pH
    assertThatThrownBy(() -> new EscPos().qr("", 3, QrErrorCorrection.L)).hasMessageContaining("data");
  }

  @Test
  void status_request_is_dle_eot_n() {
    for (int n = 1; n <= 4; n++) {
      assertThat(EscPos.statusRequest(n)).containsExactly(bytes(0x10, 0x04, n));
    }
    assertThatThrownBy(() -> EscPos.statusRequest(5)).hasMessageContaining("1..4");
  }

  @Test
  void document_starts_with_initialise_and_chinese_mode_and_ends_with_feed_and_cut() {
    ReceiptDocument doc = ReceiptDocument.builder(PaperWidth.MM_58).title("凭条").cut(Cut.PARTIAL).build();
    byte[] job = doc.toEscPos();
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    tail.writeBytes(bytes(0x1B, 0x61, 0x00, 0x1B, 0x64, ReceiptDocument.FEED_BEFORE_CUT_LINES, 0x1D, 0x56, 0x01));
    assertThat(job).startsWith(bytes(0x1B, 0x40, 0x1C, 0x26)).endsWith(tail.toByteArray());
  }
}
