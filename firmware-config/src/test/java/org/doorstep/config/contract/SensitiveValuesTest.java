package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.doorstep.config.testing.SampleBodies;
import org.junit.jupiter.api.Test;

/** ID numbers and names mask themselves wherever they are printed. */
class SensitiveValuesTest {

  @Test
  void idNumber_toString_keepsFirstThreeAndLastFour() {
    IdNumber id = IdNumber.of("11010519491231002X");

    assertThat(id.toString()).isEqualTo("110***********002X");
    assertThat(id.masked()).isEqualTo(id.toString());
    assertThat(id.unmasked()).isEqualTo("11010519491231002X");
  }

  @Test
  void idNumber_shortValue_isFullyStarred() {
    assertThat(IdNumber.of("1234567").toString()).isEqualTo("*******");
    assertThat(IdNumber.of("12345678").toString()).isEqualTo("123*5678");
  }

  @Test
  void idNumber_blankOrTooLong_isRefusedNamingMember() {
    assertThatThrownBy(() -> IdNumber.of(" ")).hasMessage("idNumber: must not be blank");
    assertThatThrownBy(() -> IdNumber.of("1".repeat(33))).hasMessage("idNumber: at most 32 characters");
  }

  @Test
  void personName_toString_keepsFirstCharacterOnly() {
    assertThat(PersonName.of("张三").toString()).isEqualTo("张*");
    assertThat(PersonName.of("欧阳娜娜").toString()).isEqualTo("欧***");
    assertThat(PersonName.of("John").toString()).isEqualTo("J***");
    assertThat(PersonName.of("李").toString()).isEqualTo("李*");
  }

  @Test
  void personName_supplementaryFirstCharacter_isKeptWhole() {
    assertThat(PersonName.of("\ud840\udc0b明").toString()).isEqualTo("\ud840\udc0b*");
  }

  @Test
  void record_toString_neverContainsRawIdNumberOrName() {
    String text = SampleBodies.FULL_RECORD.toString();

    assertThat(text).doesNotContain("11010519491231002X").doesNotContain("张三")
        .contains("110***********002X").contains("张*");
  }

  @Test
  void equality_isByRawValue() {
    assertThat(IdNumber.of("11010519491231002X")).isEqualTo(IdNumber.of("11010519491231002X"))
        .hasSameHashCodeAs(IdNumber.of("11010519491231002X")).isNotEqualTo(IdNumber.of("11010519491231003X"));
    assertThat(PersonName.of("张三")).isEqualTo(PersonName.of("张三")).isNotEqualTo(PersonName.of("张四"));
  }
}
