package org.doorstep.agent.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.idcard.ReaderProblem;
import org.doorstep.agent.device.printer.PrinterProblem;
import org.doorstep.agent.device.sscard.SsCardProblem;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.session.ResidentMessage;
import org.junit.jupiter.api.Test;

class DeviceMessagesTest {

  @Test
  void every_reader_problem_shows_the_message_with_its_key_and_words() {
    for (ReaderProblem p : ReaderProblem.values()) {
      ResidentMessage m = DeviceMessages.of(p);
      assertThat(m.key()).isEqualTo(p.key());
      assertThat(m.zh()).isEqualTo(p.zh());
      assertThat(m.words()).isEqualTo(p.words());
    }
  }

  @Test
  void every_printer_problem_shows_the_message_with_its_key() {
    for (PrinterProblem p : PrinterProblem.values()) {
      assertThat(DeviceMessages.of(p).key()).isEqualTo(p.messageKey());
      assertThat(DeviceMessages.of(p).zh()).isEqualTo(p.zh());
    }
  }

  @Test
  void read_failure_carrying_a_reader_problem_shows_its_message_and_others_none() {
    assertThat(DeviceMessages.forReadFailure(ReaderProblem.PLACE_CARD_FLAT.exception("SELECT answered 81")))
        .contains(ResidentMessage.READER_PLACE_CARD_FLAT);
    assertThat(DeviceMessages.forReadFailure(new DeviceException(DeviceFault.TIMEOUT, "no reply"))).isEmpty();
  }

  @Test
  void every_social_security_card_problem_shows_the_message_with_its_key_and_chinese_text() {
    for (SsCardProblem p : SsCardProblem.values()) {
      ResidentMessage m = DeviceMessages.of(p);
      assertThat(m.key()).isEqualTo(p.key());
      assertThat(m.zh()).isEqualTo(p.zh());
    }
  }

  @Test
  void read_failure_carrying_a_social_security_card_problem_shows_its_message() {
    assertThat(DeviceMessages.forReadFailure(SsCardProblem.NOT_A_SOCIAL_SECURITY_CARD.exception("SELECT SSSE: 6A82")))
        .contains(ResidentMessage.SSCARD_NOT_SSCARD);
    assertThat(DeviceMessages.forReadFailure(SsCardProblem.CARD_REMOVED.exception("SCARD_W_REMOVED_CARD")))
        .contains(ResidentMessage.SSCARD_CARD_REMOVED);
  }

  @Test
  void print_failure_shows_its_problem_or_paper_out_for_a_bare_paper_out_fault() {
    assertThat(DeviceMessages.forPrintFailure(new DeviceException(DeviceFault.HARDWARE_ERROR,
        PrinterProblem.COVER_OPEN, "printer not ready: COVER_OPEN"))).contains(ResidentMessage.PRINTER_COVER_OPEN);
    assertThat(DeviceMessages.forPrintFailure(new DeviceException(DeviceFault.PAPER_OUT, "paper out")))
        .contains(ResidentMessage.PRINTER_PAPER_OUT);
    assertThat(DeviceMessages.forPrintFailure(new DeviceException(DeviceFault.TIMEOUT, "no reply"))).isEmpty();
  }
}
