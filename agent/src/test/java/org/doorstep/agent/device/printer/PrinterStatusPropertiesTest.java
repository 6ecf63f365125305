package org.doorstep.agent.device.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.doorstep.agent.testing.Theories.qt;

import java.util.concurrent.TimeUnit;
import org.doorstep.agent.testing.Theories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;

/**
 * Property-based tests (QuickTheories, fixed seed, see {@link Theories}) of the {@code DLE EOT} status
 * decoder over every input it can get; {@code @Timeout} bounds a hang.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PrinterStatusPropertiesTest {
  private static final long SEED = 0xD1E_E07L;

  /**
   * Half the time any byte, half the time a byte with the fixed bits right and the free bits random: four
   * uniform bytes are all status bytes only once in 65536 tries, this way about one try in twelve.
   */
  private static final Gen<Byte> REPLY = Theories.anyByte().mix(Theories.anyByte()
      .map(b -> (byte) (b & ~PrinterStatus.FIXED_MASK | PrinterStatus.FIXED_VALUE)));

  /** Four arbitrary bytes either decode to a status with a health word, or are refused by name. */
  @Test
  void any_four_bytes_decode_or_are_refused_with_a_status_byte_error() {
    qt(SEED, 5_000).forAll(REPLY, REPLY, REPLY, REPLY).checkAssert(PrinterStatusPropertiesTest::decodeOrRefuse);
  }

  private static void decodeOrRefuse(byte b1, byte b2, byte b3, byte b4) {
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
