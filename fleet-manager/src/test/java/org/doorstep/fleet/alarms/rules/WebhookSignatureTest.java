package org.doorstep.fleet.alarms.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  @Test
  void signature_is_hmac_sha256_over_timestamp_dot_body() {
    // Independent value: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'it-is-a-shared-secret'
    String sig = WebhookSignature.sign("it-is-a-shared-secret", 1_700_000_000L, "{\"a\":1}");
    assertThat(sig).isEqualTo("sha256=" + OPENSSL);
    assertThat(WebhookSignature.verify("it-is-a-shared-secret", 1_700_000_000L, "{\"a\":1}", sig)).isTrue();
  }

  @Test
  void verify_refuses_another_body_timestamp_secret_or_malformed_header() {
    String sig = WebhookSignature.sign("it-is-a-shared-secret", 1_700_000_000L, "{\"a\":1}");
    assertThat(WebhookSignature.verify("it-is-a-shared-secret", 1_700_000_000L, "{\"a\":2}", sig)).isFalse();
    assertThat(WebhookSignature.verify("it-is-a-shared-secret", 1_700_000_001L, "{\"a\":1}", sig)).isFalse();
    assertThat(WebhookSignature.verify("another-shared-secret", 1_700_000_000L, "{\"a\":1}", sig)).isFalse();
    assertThat(WebhookSignature.verify("it-is-a-shared-secret", 1_700_000_000L, "{\"a\":1}", "sha256=zz")).isFalse();
    assertThat(WebhookSignature.verify("it-is-a-shared-secret", 1_700_000_000L, "{\"a\":1}", null)).isFalse();
  }

  private static final String OPENSSL = "8033f59bd824ec605aa4cbe962ace1581f156719be0df4e5fd27fc12ab43072a";
}
