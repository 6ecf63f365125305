package org.doorstep.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class MaskingTest {
  @Test
  void body_keeps_first_3_and_last_4_of_numbers_and_the_first_character_of_names() {
    JsonObject body = new JsonObject()
        .put("subject", new JsonObject().put("idNumber", "11010519491231002X").put("name", "张三丰").put("cardType", "RESIDENT"))
        .put("operator", "staff-000123456")
        .put("seq", 3);

    JsonObject masked = Masking.maskBody(body);

    assertThat(masked.getJsonObject("subject").getString("idNumber")).isEqualTo("110***********002X");
    assertThat(masked.getJsonObject("subject").getString("name")).isEqualTo("张**");
    assertThat(masked.getJsonObject("subject").getString("cardType")).isEqualTo("RESIDENT");
    assertThat(masked.getString("operator")).isEqualTo("sta********3456");
    assertThat(body.getJsonObject("subject").getString("idNumber")).isEqualTo("11010519491231002X");
  }

  @Test
  void short_values_are_fully_starred() {
    assertThat(Masking.mask("1234567", 3, 4)).isEqualTo("*******");
  }
}
