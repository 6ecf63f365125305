package org.doorstep.fleet.alarms.rules;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how alarm events are delivered (config {@code alarms.webhook}, docs/alarms-webhook.md).
 *
 * @param url          the receiver ({@code https://…}, or {@code http://} for a receiver on the same
 *                     host); empty: no webhook
 * @param secret       the HMAC-SHA256 key shared with the receiver (at least 16 characters when a url is set)
 * @param firstRetry   wait before the second attempt; each further wait doubles (exponential backoff)
 * @param maxAttempts  attempts in all before the delivery goes to the dead letters (≥ 1)
 * @param timeout      the longest one attempt may take
 */
public record WebhookOptions(Optional<URI> url, String secret, Duration firstRetry, int maxAttempts, Duration timeout) {
  /** Shortest secret accepted: 128 bits of a random hex or base64 string. */
  public static final int MIN_SECRET_LENGTH = 16;

  /** Validates, naming the field. */
  public WebhookOptions {
    url = url == null ? Optional.empty() : url;
    secret = secret == null ? "" : secret;
    url.ifPresent(u -> {
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException("url: must be an https:// (or http://) URL with a host, was " + u);
      }
    });
    if (url.isPresent() && secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("secret: must be at least " + MIN_SECRET_LENGTH
          + " characters when a url is set");
    }
    Objects.requireNonNull(firstRetry, "firstRetry");
    if (firstRetry.isNegative() || firstRetry.isZero()) {
      throw new IllegalArgumentException("firstRetry: must be a positive ISO-8601 duration, was " + firstRetry);
    }
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts: must be in 1..20, was " + maxAttempts);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: must be a positive ISO-8601 duration, was " + timeout);
    }
  }

  /** No webhook; the defaults for one: first retry after 5 s, 6 attempts (about 2.5 minutes), 10 s timeout. */
  public static WebhookOptions none() {
    return new WebhookOptions(Optional.empty(), "", Duration.ofSeconds(5), 6, Duration.ofSeconds(10));
  }

  /** The wait before attempt {@code attempt} (2 = the first retry): {@code firstRetry × 2^(attempt-2)}. */
  public Duration backoff(int attempt) {
    return firstRetry.multipliedBy(1L << Math.min(30, Math.max(0, attempt - 2)));
  }
}
