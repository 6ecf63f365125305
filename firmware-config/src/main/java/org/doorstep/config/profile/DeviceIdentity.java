package org.doorstep.config.profile;

/**
 * Who the terminal is.
 *
 * @param id      device id, {@code [A-Za-z0-9._-]{1,64}}, also the MQTT client id and topic segment
 * @param region  administrative region code (6 digits, GB/T 2260) of the service point
 * @param kind    kiosk or bank terminal
 * @param dataDir directory for the key, the outbox and evidence
 */
public record DeviceIdentity(String id, String region, TerminalKind kind, String dataDir) {
  /** What sort of terminal (GLOSSARY: 自助服务终端 / 银行网点加载社保服务). */
  public enum TerminalKind { KIOSK, BANK_TERMINAL }
}
