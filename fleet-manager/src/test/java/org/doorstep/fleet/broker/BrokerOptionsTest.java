package org.doorstep.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.doorstep.config.contract.Topics;
import org.doorstep.fleet.testing.TestTls;
import org.junit.jupiter.api.Test;

class BrokerOptionsTest {
  private static final Path DATA = Path.of("/var/lib/doorstep/broker");

  @Test
  void embedded_defaults_are_local_port_1884_in_memory() {
    EmbeddedBroker.Options o = EmbeddedBroker.Options.builder(DATA).build();
    assertThat(o.bindHost()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isEqualTo(1884);
    assertThat(o.maxQueuedMessagesPerClient()).isEqualTo(1000);
    assertThat(o.persistence()).isEqualTo(EmbeddedBroker.Persistence.IN_MEMORY);
    assertThat(o.toBuilder().build()).isEqualTo(o);
  }

  @Test
  void embedded_rejects_out_of_range_values_naming_the_field() {
    assertThatThrownBy(() -> EmbeddedBroker.Options.builder(DATA).port(70000).build()).hasMessageStartingWith("port:");
    assertThatThrownBy(() -> EmbeddedBroker.Options.builder(DATA).maxQueuedMessagesPerClient(0).build())
        .hasMessageStartingWith("maxQueuedMessagesPerClient:");
    assertThatThrownBy(() -> EmbeddedBroker.Options.builder(DATA).serverReceiveMaximum(0).build())
        .hasMessageStartingWith("serverReceiveMaximum:");
  }

  @Test
  void config_xml_carries_every_option() {
    EmbeddedBroker.Options o = EmbeddedBroker.Options.builder(DATA).maxQueuedMessagesPerClient(7)
        .serverReceiveMaximum(42).persistence(EmbeddedBroker.Persistence.FILE).build();
    assertThat(HiveMqConfig.render(o, 18830, -1, null)).contains("<port>18830</port>",
        "<bind-address>127.0.0.1</bind-address>", "<max-queue-size>7</max-queue-size>",
        "<server-receive-maximum>42</server-receive-maximum>", "<mode>file</mode>", "<enabled>false</enabled>")
        .doesNotContain("tls-tcp-listener");
  }

  @Test
  void tls_listener_requires_client_certificates_over_tls13_only_and_turns_plaintext_off() {
    EmbeddedBroker.Options o = EmbeddedBroker.Options.builder(DATA)
        .tls(new EmbeddedBroker.Tls("0.0.0.0", 8883, TestTls.server(TestTls.ca("ca")))).build();
    assertThat(o.plaintext()).isFalse();
    String xml = HiveMqConfig.render(o, -1, 8883, new HiveMqConfig.TlsFiles(Path.of("/k.p12"), Path.of("/t.p12"), "pw"));
    assertThat(xml).contains("<tls-tcp-listener>", "<port>8883</port>", "<bind-address>0.0.0.0</bind-address>",
        "<path>/k.p12</path>", "<path>/t.p12</path>", "<protocol>TLSv1.3</protocol>",
        "<client-authentication-mode>REQUIRED</client-authentication-mode>")
        .doesNotContain("<tcp-listener>");
  }

  @Test
  void plaintext_listener_is_loopback_only_and_some_listener_is_required() {
    assertThatThrownBy(() -> EmbeddedBroker.Options.builder(DATA).bindHost("0.0.0.0").build())
        .hasMessageStartingWith("bindHost: the plaintext listener is for development and binds a loopback address only");
    assertThatThrownBy(() -> EmbeddedBroker.Options.builder(DATA).plaintext(false).build())
        .hasMessageStartingWith("tls: required when the plaintext listener is off");
  }

  @Test
  void external_defaults_to_the_fleet_group_and_masks_the_password() {
    ExternalBroker.Options o = ExternalBroker.Options.builder("tcp://broker:1883", "fleet-1").credentials("fleet", "s3cret").build();
    assertThat(o.sharedFilter(Topics.Channel.RECORDS)).isEqualTo(Topics.shared(Topics.Channel.RECORDS));
    assertThat(o.receiveMaximum()).isEqualTo(1000);
    assertThat(o.toString()).doesNotContain("s3cret").contains("password=Optional[***]");
  }

  @Test
  void external_rejects_bad_uri_and_group_naming_the_field() {
    assertThatThrownBy(() -> ExternalBroker.Options.builder("http://broker", "f").build()).hasMessageStartingWith("serverUri:");
    assertThatThrownBy(() -> ExternalBroker.Options.builder("tcp://broker:1883", "f").sharedGroup("a/b").build())
        .hasMessageStartingWith("sharedGroup:");
  }
}
