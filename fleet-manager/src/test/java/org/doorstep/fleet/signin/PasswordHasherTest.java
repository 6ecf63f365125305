package org.doorstep.fleet.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
  /**
   * Made by the reference implementation's CLI (Debian package argon2, 20190702):
   * {@code echo -n "correct horse battery" | argon2 "doorstep-salt-16" -id -t 2 -k 19456 -p 1 -l 32 -e}.
   */
  private static final String REFERENCE =
      "$argon2id$v=19$m=19456,t=2,p=1$ZG9vcnN0ZXAtc2FsdC0xNg$MevDavOHocrLTvqA0qy6xW3kj8hGpcRlcJhxB2vaTZo";

  @Test
  void verifies_a_hash_made_by_the_reference_implementation() {
    assertThat(PasswordHasher.matches("correct horse battery", REFERENCE)).isTrue();
    assertThat(PasswordHasher.matches("correct horse batterY", REFERENCE)).isFalse();
  }

  @Test
  void new_hashes_are_argon2id_phc_strings_with_a_fresh_salt_that_verify() {
    String a = PasswordHasher.hash("长城永不倒 great wall");
    String b = PasswordHasher.hash("长城永不倒 great wall");
    assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(b);
    assertThat(PasswordHasher.matches("长城永不倒 great wall", a)).isTrue();
    assertThat(PasswordHasher.matches("长城永不倒 great wal", a)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "plain",
      "$argon2i$v=19$m=19456,t=2,p=1$ZG9vcnN0ZXAtc2FsdC0xNg$MevDavOHocrLTvqA0qy6xW3kj8hGpcRlcJhxB2vaTZo",
      "$argon2id$v=16$m=19456,t=2,p=1$ZG9vcnN0ZXAtc2FsdC0xNg$MevDavOHocrLTvqA0qy6xW3kj8hGpcRlcJhxB2vaTZo",
      "$argon2id$v=19$m=4194304,t=2,p=1$ZG9vcnN0ZXAtc2FsdC0xNg$MevDavOHocrLTvqA0qy6xW3kj8hGpcRlcJhxB2vaTZo",
      "$argon2id$v=19$m=19456,t=99,p=1$ZG9vcnN0ZXAtc2FsdC0xNg$MevDavOHocrLTvqA0qy6xW3kj8hGpcRlcJhxB2vaTZo"})
  void a_malformed_or_unbounded_stored_hash_matches_nothing(String stored) {
    assertThat(PasswordHasher.matches("correct horse battery", stored)).isFalse();
  }
}
