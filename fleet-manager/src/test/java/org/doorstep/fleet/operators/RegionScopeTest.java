package org.doorstep.fleet.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegionScopeTest {

  @Test
  void province_covers_its_counties_and_no_other_province() {
    RegionScope guangdong = RegionScope.of("44");

    assertThat(guangdong.covers("440106")).isTrue();
    assertThat(guangdong.covers("440000")).isTrue();
    assertThat(guangdong.covers("110101")).isFalse();
    assertThat(guangdong.covers("4")).isFalse();
  }

  @Test
  void zero_padded_codes_are_normalised_to_their_level() {
    assertThat(RegionScope.of("440000").code()).isEqualTo("44");
    assertThat(RegionScope.of("440100").code()).isEqualTo("4401");
    assertThat(RegionScope.of("440106").code()).isEqualTo("440106");
    assertThat(RegionScope.of("440100").covers("440106")).isTrue();
    assertThat(RegionScope.of("440100").covers("440206")).isFalse();
  }

  @Test
  void national_covers_everything_even_free_text_regions() {
    RegionScope national = RegionScope.national();

    assertThat(national.isNational()).isTrue();
    assertThat(national.covers("440106")).isTrue();
    assertThat(national.covers("cn-110105")).isTrue();
    assertThat(RegionScope.of("11").covers("cn-110105")).isFalse();
    assertThat(RegionScope.of("11").covers((String) null)).isFalse();
  }

  @Test
  void scope_covers_only_scopes_below_it() {
    assertThat(RegionScope.national().covers(RegionScope.of("44"))).isTrue();
    assertThat(RegionScope.of("44").covers(RegionScope.of("4401"))).isTrue();
    assertThat(RegionScope.of("44").covers(RegionScope.national())).isFalse();
    assertThat(RegionScope.of("4401").covers(RegionScope.of("44"))).isFalse();
  }

  @Test
  void invalid_codes_are_refused_naming_the_syntax() {
    for (String bad : new String[] {"", "4", "441", "44010", "4401066", "cn-44", "８６"}) {
      assertThatThrownBy(() -> RegionScope.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("GB/T 2260");
    }
    assertThatThrownBy(() -> RegionScope.of(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
