package org.doorstep.fleet.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the HiveMQ CE {@code config.xml} for {@link EmbeddedBroker.Options}. The element names are
 * those of the {@code config.xsd} shipped in {@code hivemq-community-edition-embedded} 2025.5.
 */
final class HiveMqConfig {
  private HiveMqConfig() {}

  /** The config.xml text for {@code options} with the listener on {@code port} (already resolved, never 0). */
  static String render(EmbeddedBroker.Options options, int port) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Written by Doorstep fleet-manager (EmbeddedBroker) on every start; edits are overwritten. -->
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>%s</bind-address>
              <name>doorstep-devices</name>
            </tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages>
              <max-queue-size>%d</max-queue-size>
              <strategy>discard</strategy>
            </queued-messages>
            <receive-maximum>
              <server-receive-maximum>%d</server-receive-maximum>
            </receive-maximum>
          </mqtt>
          <persistence>
            <mode>%s</mode>
          </persistence>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """.formatted(
        port,
        xmlEscape(options.bindHost()),
        options.maxQueuedMessagesPerClient(),
        options.serverReceiveMaximum(),
        options.persistence() == EmbeddedBroker.Persistence.IN_MEMORY ? "in-memory" : "file");
  }

  /** Writes {@code conf/config.xml} under {@code confFolder}, creating the folder. */
  static Path write(Path confFolder, EmbeddedBroker.Options options, int port) throws IOException {
    Files.createDirectories(confFolder);
    Path file = confFolder.resolve("config.xml");
    Files.writeString(file, render(options, port), StandardCharsets.UTF_8);
    return file;
  }

  private static String xmlEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
