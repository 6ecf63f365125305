package org.doorstep.config.profile;

/**
 * Where the terminal reports.
 *
 * @param brokerUrl          MQTT broker ({@code tcp://host:port} or {@code ssl://host:port})
 * @param signatureAlgorithm {@code Ed25519} (default) or {@code SM2-SM3}
 */
public record Uplink(String brokerUrl, String signatureAlgorithm) {}
