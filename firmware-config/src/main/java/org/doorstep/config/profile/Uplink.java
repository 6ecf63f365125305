package org.doorstep.config.profile;

/**
 * Where the terminal reports.
 *
 * @param brokerUrl          MQTT broker: {@code ssl://host:port} (MQTT over TLS 1.3 with the device's
 *                           client certificate), or {@code tcp://host:port} for development rigs
 * @param signatureAlgorithm {@code Ed25519} (default) or {@code SM2-SM3}
 * @param allowPlaintext     {@code true} lets a {@code tcp://} URL name a broker that is not on this
 *                           machine; by default plaintext MQTT is only accepted to a loopback address
 *                           (a development broker), so a kiosk is never configured to send records
 *                           over the network unencrypted by mistake
 */
public record Uplink(String brokerUrl, String signatureAlgorithm, Boolean allowPlaintext) {

  /** An uplink that allows plaintext only to loopback brokers. */
  public Uplink(String brokerUrl, String signatureAlgorithm) {
    this(brokerUrl, signatureAlgorithm, Boolean.FALSE);
  }

  /** Whether {@link #brokerUrl()} is MQTT over TLS ({@code ssl://}). */
  public boolean tls() {
    return brokerUrl != null && brokerUrl.regionMatches(true, 0, "ssl://", 0, 6);
  }
}
