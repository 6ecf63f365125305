package org.doorstep.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicAclTest {

  @ParameterizedTest(name = "{0} publishes {1}: allowed={2}")
  @CsvSource(delimiter = '|', textBlock = """
      kiosk-a | doorstep/v1/kiosk-a/records         | true
      kiosk-a | doorstep/v1/kiosk-a/state           | true
      kiosk-a | doorstep/v1/kiosk-a/command-results | true
      kiosk-a | doorstep/v1/kiosk-b/records         | false
      kiosk-a | doorstep/v1/kiosk-a/acks            | false
      kiosk-a | doorstep/v1/kiosk-a/config          | false
      kiosk-a | doorstep/v1/kiosk-a/commands        | false
      kiosk-a | doorstep/v1/kiosk-a/records/x       | false
      kiosk-a | other/topic                         | false
      """)
  void publish(String device, String topic, boolean allowed) {
    assertThat(TopicAcl.publishRefusal(device, topic).isEmpty()).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0} subscribes {1}: allowed={2}")
  @CsvSource(delimiter = '|', textBlock = """
      kiosk-a | doorstep/v1/kiosk-a/acks            | true
      kiosk-a | doorstep/v1/kiosk-a/config          | true
      kiosk-a | doorstep/v1/kiosk-a/commands        | true
      kiosk-a | doorstep/v1/kiosk-b/config          | false
      kiosk-a | doorstep/v1/kiosk-b/commands        | false
      kiosk-a | doorstep/v1/+/config                | false
      kiosk-a | doorstep/v1/kiosk-a/#               | false
      kiosk-a | #                                   | false
      kiosk-a | $share/fleet/doorstep/v1/+/records  | false
      kiosk-a | $SYS/#                              | false
      kiosk-a | doorstep/v1/kiosk-a/records         | false
      kiosk-a | doorstep/v1/kiosk-a/state           | false
      """)
  void subscribe(String device, String filter, boolean allowed) {
    assertThat(TopicAcl.subscribeRefusal(device, filter).isEmpty()).isEqualTo(allowed);
  }

  @org.junit.jupiter.api.Test
  void refusals_say_why() {
    assertThat(TopicAcl.publishRefusal("kiosk-a", "doorstep/v1/kiosk-b/records"))
        .hasValue("topic 'doorstep/v1/kiosk-b/records' belongs to device kiosk-b");
    assertThat(TopicAcl.subscribeRefusal("kiosk-a", "doorstep/v1/kiosk-a/records"))
        .hasValue("a device may not subscribe to its records channel (only acks,config,commands)");
    assertThat(TopicAcl.subscribeRefusal("kiosk-a", "#")).get().asString()
        .startsWith("may only subscribe to its own doorstep/v1/kiosk-a/{");
  }
}
