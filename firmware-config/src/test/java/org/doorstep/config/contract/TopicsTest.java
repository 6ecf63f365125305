package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

  @ParameterizedTest
  @EnumSource(Topics.Channel.class)
  void topic_thenParse_givesDeviceAndChannelBack(Topics.Channel channel) {
    String topic = Topics.topic("kiosk-0042", channel);

    assertThat(topic).isEqualTo("doorstep/v1/kiosk-0042/" + channel.segment());
    assertThat(Topics.parse(topic)).contains(new Topics.Parsed("kiosk-0042", channel));
  }

  @Test
  void channels_haveTheDocumentedSegments() {
    assertThat(Topics.topic("a", Topics.Channel.COMMAND_RESULTS)).isEqualTo("doorstep/v1/a/command-results");
    assertThat(Topics.allDevices(Topics.Channel.RECORDS)).isEqualTo("doorstep/v1/+/records");
    assertThat(Topics.shared(Topics.Channel.STATE)).isEqualTo("$share/fleet/doorstep/v1/+/state");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a+b", "x#", "with space", "é"})
  void topic_invalidDeviceId_isRefused(String id) {
    assertThatThrownBy(() -> Topics.topic(id, Topics.Channel.RECORDS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("deviceId: must match");
  }

  @Test
  void topic_deviceIdOf64Characters_isAccepted_65IsRefused() {
    assertThat(Topics.isValidDeviceId("a".repeat(64))).isTrue();
    assertThat(Topics.isValidDeviceId("a".repeat(65))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"doorstep/v2/k/records", "doorstep/v1/k/unknown", "doorstep/v1/k/records/extra",
      "doorstep/v1//records", "doorstep/v1/+/records", "doorstep/v1/k", "other/v1/k/records", "doorstep/v1/k/Records"})
  void parse_notAV1DeviceTopic_isEmpty(String topic) {
    assertThat(Topics.parse(topic)).isEmpty();
  }

  @Test
  void parse_null_isEmpty() {
    assertThat(Topics.parse(null)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(MessageType.class)
  void messageType_wireName_roundTrips_andNamesItsChannel(MessageType type) {
    assertThat(MessageType.fromWireName(type.wireName())).isEqualTo(type);
    assertThat(type.channel()).isNotNull();
  }
}
