package org.doorstep.config.profile;

/**
 * Where the terminal reports.
 *
 * @param brokerUrl          MQTT broker ({@code tcp://host:port} or {@code ssl://host:port})
 * @param signatureAlgorithm deprecated: empty (the default) follows {@code security.suite}; {@code Ed25519}
 *                           or {@code SM2-SM3} must agree with it (configs written before the suite existed)
 */
public record Uplink(String brokerUrl, String signatureAlgorithm) {}
