package org.doorstep.agent.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.junit.jupiter.api.Test;

class Gb11643Test {
  @Test
  void check_digit_of_the_standard_example_is_x() {
    // The example number of GB 11643-1999 appendix: 11010519491231002X.
    assertThat(Gb11643.checkDigit("11010519491231002")).isEqualTo('X');
    assertThat(Gb11643.isValid("11010519491231002X")).isTrue();
  }

  @Test
  void wrong_check_digit_or_lower_case_x_is_invalid() {
    assertThat(Gb11643.isValid("110105194912310021")).isFalse();
    assertThat(Gb11643.isValid("11010519491231002x")).isFalse();
    assertThat(Gb11643.isValid("1101051949123100")).isFalse();
  }

  @Test
  void rejects_non_digits() {
    assertThatThrownBy(() -> Gb11643.checkDigit("1101051949123100A")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void every_sample_resident_has_a_valid_number_and_masks_itself() {
    SampleResidents.ALL.forEach(c -> {
      assertThat(Gb11643.isValid(c.idNumber().unmasked())).as(c.toString()).isTrue();
      assertThat(c.toString()).doesNotContain(c.idNumber().unmasked()).doesNotContain(c.name().unmasked());
    });
    assertThat(SampleResidents.LI_SI.idNumber().masked()).isEqualTo("110***********002X");
  }
}
