package org.doorstep.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.doorstep.config.contract.Topics;
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
    EmbeddedBroker.Options o = EmbeddedBroker.Options.builder(DATA).bindHost("0.0.0.0").maxQueuedMessagesPerClient(7)
        .serverReceiveMaximum(42).persistence(EmbeddedBroker.Persistence.FILE).build();
    assertThat(HiveMqConfig.render(o, 18830)).contains("<port>18830</port>", "<bind-address>0.0.0.0</bind-address>",
        "<max-queue-size>7</max-queue-size>", "<server-receive-maximum>42</server-receive-maximum>", "<mode>file</mode>",
        "<enabled>false</enabled>");
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
