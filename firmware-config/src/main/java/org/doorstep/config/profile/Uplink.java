package org.doorstep.config.profile;

import java.util.Locale;

/**
 * Where the terminal reports.
 *
 * @param brokerUrl          MQTT broker: {@code ssl://host:port} (MQTT over TLS 1.3 with the device's
 *                           client certificate), or {@code tcp://host:port} for development rigs
 * @param signatureAlgorithm deprecated: empty (the default) follows {@code security.suite}; {@code Ed25519}
 *                           or {@code SM2-SM3} must agree with it (configs written before the suite existed)
 * @param enrolment          first contact with the fleet over HTTPS (docs/identity-and-operators.md);
 *                           null or {@link Enrolment#NONE} when the terminal is enrolled by other means
 * @param allowPlaintext     {@code true} lets a {@code tcp://} URL name a broker that is not on this
 *                           machine; by default plaintext MQTT is only accepted to a loopback address
 *                           (a development broker), so a kiosk is never configured to send records
 *                           over the network unencrypted by mistake
 */
public record Uplink(String brokerUrl, String signatureAlgorithm, Enrolment enrolment, Boolean allowPlaintext) {

  /** An uplink without enrolment settings that allows plaintext only to loopback brokers. */
  public Uplink(String brokerUrl, String signatureAlgorithm) {
    this(brokerUrl, signatureAlgorithm, Enrolment.NONE, Boolean.FALSE);
  }

  /** An uplink with enrolment settings that allows plaintext only to loopback brokers. */
  public Uplink(String brokerUrl, String signatureAlgorithm, Enrolment enrolment) {
    this(brokerUrl, signatureAlgorithm, enrolment, Boolean.FALSE);
  }

  /** Whether {@link #brokerUrl()} is MQTT over TLS ({@code ssl://}). */
  public boolean tls() {
    return brokerUrl != null && brokerUrl.regionMatches(true, 0, "ssl://", 0, 6);
  }

  /** Whether an enrolment URL is set. */
  public boolean enrols() {
    return enrolment != null && enrolment.configured();
  }

  /**
   * How the terminal enrols with the fleet and keeps its certificate fresh.
   *
   * @param url                  the fleet's HTTPS base URL ({@code https://fleet.example:8443}); empty = no
   *                             enrolment (the device is registered by hand, or the identity files are
   *                             provisioned)
   * @param token                the one-time enrolment token the operator issued for this device id;
   *                             spent by the first enrolment, not needed afterwards (renewal authenticates
   *                             with the device's TLS certificate)
   * @param caFingerprint        SHA-256 fingerprint of the fleet's TLS CA certificate (64 hex digits, colons
   *                             allowed), printed by the token issuer: pins the first HTTPS contact. Empty
   *                             when {@code tls-ca.pem} is provisioned in the data dir
   * @param renewWhenLeftPercent renew when this share of the certificate's lifetime is left (default 33:
   *                             a 30-day certificate is renewed 10 days before expiry, leaving room for
   *                             days of fleet outage and retries)
   */
  public record Enrolment(String url, String token, String caFingerprint, Integer renewWhenLeftPercent) {
    /** Default of {@link #renewWhenLeftPercent()}. */
    public static final int DEFAULT_RENEW_WHEN_LEFT_PERCENT = 33;
    /** No enrolment. */
    public static final Enrolment NONE = new Enrolment("", "", "", DEFAULT_RENEW_WHEN_LEFT_PERCENT);

    /** Whether {@link #url()} is set. */
    public boolean configured() {
      return url != null && !url.isBlank();
    }

    /** The fingerprint as 64 lower-case hex digits without separators (empty when unset). */
    public String normalizedFingerprint() {
      return caFingerprint == null ? "" : caFingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
    }

    /** Leaves the token out: it is a credential until spent. */
    @Override
    public String toString() {
      return "Enrolment[url=" + url + ", token=" + (token == null || token.isEmpty() ? "" : "***")
          + ", caFingerprint=" + caFingerprint + ", renewWhenLeftPercent=" + renewWhenLeftPercent + "]";
    }
  }
}
