package org.doorstep.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogMaskerTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      id 110101194001011234 read               | id 110***********1234 read
      id 11010119400101123X read               | id 110***********123X read
      id 11010119400101123x.                   | id 110***********123x.
      old card 110101400101123                 | old card 110********1123
      call 13812345678 now                     | call 138****5678 now
      two 110101194001011234,13812345678       | two 110***********1234,138****5678
      seq 1234567890123456789 is no id         | seq 1234567890123456789 is no id
      record r-110101194001011234x stays       | record r-110101194001011234x stays
      12:00:01.123 seq 42 nothing personal     | 12:00:01.123 seq 42 nothing personal
      phone 12812345678 is not mobile          | phone 12812345678 is not mobile
      """)
  void masks_whole_id_and_phone_numbers_only(String line, String expected) {
    assertThat(LogMasker.mask(line)).isEqualTo(expected);
  }
}
