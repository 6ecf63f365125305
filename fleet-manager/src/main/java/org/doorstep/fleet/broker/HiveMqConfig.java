package org.doorstep.fleet.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Renders the HiveMQ CE {@code config.xml} for {@link EmbeddedBroker.Options}. The element names are
 * those of the {@code config.xsd} shipped in {@code hivemq-community-edition-embedded} 2025.5
 * ({@code tcp-listener}; {@code tls-tcp-listener} with {@code keystore}, {@code truststore},
 * {@code protocols} and {@code client-authentication-mode}).
 */
final class HiveMqConfig {
  private HiveMqConfig() {}

  /**
   * Where the TLS listener's key material is, as HiveMQ reads it.
   *
   * @param keystore   PKCS#12 with the broker's key and certificate chain
   * @param truststore PKCS#12 with the CA certificates client certificates must chain to
   * @param password   password of both files and of the key entry
   */
  record TlsFiles(Path keystore, Path truststore, String password) {}

  /**
   * The config.xml text.
   *
   * @param plaintextPort the plaintext listener's port (already resolved), or -1 for none
   * @param tlsPort       the TLS listener's port (already resolved), or -1 for none
   * @param tls           the TLS listener's files; required when {@code tlsPort >= 0}
   */
  static String render(EmbeddedBroker.Options options, int plaintextPort, int tlsPort, TlsFiles tls) {
    StringBuilder listeners = new StringBuilder();
    if (plaintextPort >= 0) {
      listeners.append("""
                <tcp-listener>
                  <port>%d</port>
                  <bind-address>%s</bind-address>
                  <name>%s</name>
                </tcp-listener>
            """.formatted(plaintextPort, xmlEscape(options.bindHost()), DeviceSecurity.PLAINTEXT_LISTENER));
    }
    if (tlsPort >= 0) {
      EmbeddedBroker.Tls t = options.tls().orElseThrow();
      listeners.append("""
                <tls-tcp-listener>
                  <port>%d</port>
                  <bind-address>%s</bind-address>
                  <name>%s</name>
                  <tls>
                    <keystore>
                      <path>%s</path>
                      <password>%s</password>
                      <private-key-password>%s</private-key-password>
                    </keystore>
                    <truststore>
                      <path>%s</path>
                      <password>%s</password>
                    </truststore>
                    <protocols>
                      <protocol>TLSv1.3</protocol>
                    </protocols>
                    <client-authentication-mode>REQUIRED</client-authentication-mode>
                    <handshake-timeout>%d</handshake-timeout>
                  </tls>
                </tls-tcp-listener>
            """.formatted(tlsPort, xmlEscape(t.bindHost()), DeviceSecurity.TLS_LISTENER,
          xmlEscape(tls.keystore().toAbsolutePath().toString()), xmlEscape(tls.password()), xmlEscape(tls.password()),
          xmlEscape(tls.truststore().toAbsolutePath().toString()), xmlEscape(tls.password()),
          EmbeddedBroker.Tls.HANDSHAKE_TIMEOUT.toMillis()));
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Written by Doorstep fleet-manager (EmbeddedBroker) on every start; edits are overwritten. -->
        <hivemq>
          <listeners>
        %s  </listeners>
          <mqtt>
            <queued-messages>
              <max-queue-size>%d</max-queue-size>
              <strategy>discard</strategy>
            </queued-messages>
            <receive-maximum>
              <server-receive-maximum>%d</server-receive-maximum>
            </receive-maximum>
            <!-- No topic aliases: Paho 1.2.5 assigns outgoing aliases as it queues publishes and, under
                 concurrent publishes, can send an alias before the PUBLISH that defines it (the broker
                 then disconnects with 0x94). Our topics are short; the saving is not worth it. -->
            <topic-alias>
              <enabled>false</enabled>
            </topic-alias>
          </mqtt>
          <persistence>
            <mode>%s</mode>
          </persistence>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """.formatted(
        listeners,
        options.maxQueuedMessagesPerClient(),
        options.serverReceiveMaximum(),
        options.persistence() == EmbeddedBroker.Persistence.IN_MEMORY ? "in-memory" : "file");
  }

  /**
   * Writes {@code conf/config.xml} under {@code confFolder}, creating the folder. The file names the
   * key store password, so it is owner-only (0600).
   */
  static Path write(Path confFolder, EmbeddedBroker.Options options, int plaintextPort, int tlsPort, TlsFiles tls)
      throws IOException {
    Files.createDirectories(confFolder);
    Path file = confFolder.resolve("config.xml");
    Files.deleteIfExists(file);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, render(options, plaintextPort, tlsPort, tls), StandardCharsets.UTF_8);
    return file;
  }

  private static String xmlEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
