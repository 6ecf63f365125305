package org.doorstep.agent.device.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Property-based tests (jqwik) of the {@code DLE EOT} status decoder over every input it can get. */
class PrinterStatusPropertiesTest {

  /** Four arbitrary bytes either decode to a status with a health word, or are refused by name. */
  @Property(tries = 5_000)
  void any_four_bytes_decode_or_are_refused_with_a_status_byte_error(
      @ForAll byte b1, @ForAll byte b2, @ForAll byte b3, @ForAll byte b4) {
    boolean valid = PrinterStatus.isStatusByte(b1 & 0xFF) && PrinterStatus.isStatusByte(b2 & 0xFF)
        && PrinterStatus.isStatusByte(b3 & 0xFF) && PrinterStatus.isStatusByte(b4 & 0xFF);
    if (valid) {
      PrinterStatus s = PrinterStatus.decode(b1, b2, b3, b4);
      assertThat(s.health()).isNotNull();
      assertThat(s.paper()).isNotNull();
      assertThat(s.describe()).isNotNull();
    } else {
      assertThatThrownBy(() -> PrinterStatus.decode(b1, b2, b3, b4)).isInstanceOf(StatusByteException.class);
    }
  }
}
