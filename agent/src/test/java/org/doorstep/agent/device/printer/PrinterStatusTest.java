package org.doorstep.agent.device.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.model.DeviceFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrinterStatusTest {
  private static final int F = 0x12; // fixed bits: 1 and 4 set

  private static PrinterStatus status(int printer, int offline, int error, int paper) {
    return PrinterStatus.decode((byte) printer, (byte) offline, (byte) error, (byte) paper);
  }

  @Test
  void all_clear_is_ready_online_full_without_message() {
    PrinterStatus s = status(0x12, 0x12, 0x12, 0x12);
    assertThat(s.readyToPrint()).isTrue();
    assertThat(s.health()).isEqualTo(PeripheralHealth.ONLINE);
    assertThat(s.paper()).isEqualTo(Paper.FULL);
    assertThat(s.problems()).isEmpty();
    assertThat(s.fault()).isEmpty();
    assertThat(s.messageKey()).isEmpty();
  }

  /** Each scripted condition: DLE EOT 1..4 bytes → paper, health, fault, screen message. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // condition,        n=1,  n=2,  n=3,  n=4,  paper,  health,  fault,          message key
      "paper near end,     0x12, 0x12, 0x12, 0x1E, LOW,    ONLINE,  ,               printer.paper-low",
      "near end bit 2 only,0x12, 0x12, 0x12, 0x16, LOW,    ONLINE,  ,               printer.paper-low",
      "near end bit 3 only,0x12, 0x12, 0x12, 0x1A, LOW,    ONLINE,  ,               printer.paper-low",
      "paper out,          0x1A, 0x32, 0x12, 0x7E, OUT,    HWERROR, PAPER_OUT,      printer.paper-out",
      "paper out bits 5+6, 0x12, 0x12, 0x12, 0x72, OUT,    HWERROR, PAPER_OUT,      printer.paper-out",
      "stopped: paper end, 0x1A, 0x32, 0x12, 0x12, OUT,    HWERROR, PAPER_OUT,      printer.paper-out",
      "cover open,         0x1A, 0x16, 0x12, 0x12, FULL,   HWERROR, HARDWARE_ERROR, printer.cover-open",
      "cutter error,       0x1A, 0x52, 0x1A, 0x12, FULL,   HWERROR, HARDWARE_ERROR, printer.cutter-error",
      "head overheat,      0x1A, 0x52, 0x52, 0x12, FULL,   HWERROR, HARDWARE_ERROR, printer.head-hot",
      "recoverable = jam,  0x1A, 0x52, 0x16, 0x12, JAMMED, HWERROR, HARDWARE_ERROR, printer.paper-jam",
      "unrecoverable,      0x1A, 0x52, 0x32, 0x12, FULL,   HWERROR, HARDWARE_ERROR, printer.fault",
      "offline feeding,    0x1A, 0x1A, 0x12, 0x12, FULL,   HWERROR, HARDWARE_ERROR, printer.offline",
      "feed button only,   0x52, 0x12, 0x12, 0x12, FULL,   ONLINE,  ,               ",
      "drawer signal only, 0x16, 0x12, 0x12, 0x12, FULL,   ONLINE,  ,               ",
  })
  void decodes_condition(String condition, int n1, int n2, int n3, int n4, Paper paper, PeripheralHealth health,
      DeviceFault fault, String messageKey) {
    PrinterStatus s = status(n1, n2, n3, n4);
    assertThat(s.paper()).as("paper").isEqualTo(paper);
    assertThat(s.health()).as("health").isEqualTo(health);
    assertThat(s.fault()).as("fault").isEqualTo(Optional.ofNullable(fault));
    assertThat(s.messageKey()).as("message").isEqualTo(Optional.ofNullable(messageKey));
    assertThat(s.readyToPrint()).isEqualTo(health == PeripheralHealth.ONLINE);
    assertThat(s.describe()).hasSize(4);
  }

  @Test
  void most_severe_problem_comes_first_and_paper_out_hides_near_end() {
    PrinterStatus s = status(0x1A, 0x36, 0x7E, 0x7E); // everything at once
    assertThat(s.problems()).containsExactly(PrinterProblem.UNRECOVERABLE_ERROR, PrinterProblem.COVER_OPEN,
        PrinterProblem.PAPER_OUT, PrinterProblem.PAPER_JAM, PrinterProblem.CUTTER_ERROR, PrinterProblem.HEAD_OVERHEAT);
    assertThat(s.fault()).contains(DeviceFault.HARDWARE_ERROR);
    assertThat(status(0x1A, 0x32, 0x12, 0x7E).problems()).containsExactly(PrinterProblem.PAPER_OUT);
  }

  @Test
  void near_end_alongside_a_blocking_problem_is_still_listed_but_not_the_fault() {
    PrinterStatus s = status(0x1A, 0x16, 0x12, 0x1E);
    assertThat(s.problems()).containsExactly(PrinterProblem.COVER_OPEN, PrinterProblem.PAPER_NEAR_END);
    assertThat(s.blockingProblem()).contains(PrinterProblem.COVER_OPEN);
  }

  @Test
  void every_byte_with_fixed_bits_right_decodes_and_every_other_is_rejected_naming_n() {
    int valid = 0;
    for (int n = 1; n <= 4; n++) {
      for (int b = 0; b < 256; b++) {
        int[] bytes = {F, F, F, F};
        bytes[n - 1] = b;
        boolean fixedOk = (b & 0x01) == 0 && (b & 0x02) != 0 && (b & 0x10) != 0 && (b & 0x80) == 0;
        if (fixedOk) {
          PrinterStatus s = status(bytes[0], bytes[1], bytes[2], bytes[3]);
          assertThat(s.problems()).doesNotHaveDuplicates();
          assertThat(s.health()).isIn(PeripheralHealth.ONLINE, PeripheralHealth.HWERROR);
          valid++;
        } else {
          int nn = n;
          int bb = b;
          assertThatThrownBy(() -> status(bytes[0], bytes[1], bytes[2], bytes[3]))
              .isInstanceOfSatisfying(StatusByteException.class, e -> {
                assertThat(e.n()).isEqualTo(nn);
                assertThat(e.value()).isEqualTo(bb);
              })
              .hasMessageContaining("DLE EOT " + n).hasMessageContaining(String.format("0x%02X", b));
        }
      }
    }
    assertThat(valid).isEqualTo(4 * 16); // 4 free bits per byte
  }

  @Test
  void is_status_byte_follows_the_fixed_bits() {
    assertThat(PrinterStatus.isStatusByte(0x12)).isTrue();
    assertThat(PrinterStatus.isStatusByte(0x7E)).isTrue();
    assertThat(PrinterStatus.isStatusByte(0x00)).isFalse();
    assertThat(PrinterStatus.isStatusByte(0x13)).isFalse();   // bit 0 set
    assertThat(PrinterStatus.isStatusByte(0x92)).isFalse();   // bit 7 set
    assertThat(PrinterStatus.isStatusByte(0x10)).isFalse();   // bit 1 clear
    assertThat(PrinterStatus.isStatusByte(0x02)).isFalse();   // bit 4 clear
    assertThat(PrinterStatus.isStatusByte(0x112)).isFalse();  // not a byte
  }

  @Test
  void decode_needs_four_bytes() {
    assertThatThrownBy(() -> PrinterStatus.decode((byte) 0x12)).hasMessageContaining("4 bytes");
  }
}
