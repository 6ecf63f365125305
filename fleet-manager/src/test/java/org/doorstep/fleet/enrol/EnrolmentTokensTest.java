package org.doorstep.fleet.enrol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Token generation and the hash the store keeps. */
class EnrolmentTokensTest {

  @Test
  void new_tokens_are_43_url_safe_characters_and_differ() {
    String a = EnrolmentTokens.newToken();

    assertThat(a).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(EnrolmentTokens.newToken()).isNotEqualTo(a);
  }

  @Test
  void hash_is_lower_case_hex_sha256_of_the_token() {
    // SHA-256("abc"), FIPS 180-2 appendix B.1
    assertThat(EnrolmentTokens.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
