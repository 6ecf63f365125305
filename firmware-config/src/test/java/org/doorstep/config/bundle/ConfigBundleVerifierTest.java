package org.doorstep.config.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.util.Optional;
import org.doorstep.config.bundle.ConfigBundleVerifier.Accepted;
import org.doorstep.config.bundle.ConfigBundleVerifier.Reason;
import org.doorstep.config.bundle.ConfigBundleVerifier.Refused;
import org.doorstep.config.contract.ConfigBundle;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.testing.SampleBodies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signature, target device, monotonic version and schema checks of received config bundles. */
class ConfigBundleVerifierTest {
  private static final String DEVICE = "kiosk-0042";

  private static ConfigBundleVerifier verifier(KeyPair fleet) {
    return new ConfigBundleVerifier(fleet.getPublic(), DEVICE, ConfigLoader.withoutEnvironment());
  }

  private static WireMessage signed(ConfigBundle bundle, KeyPair key) {
    return WireCodec.decode(WireCodec.encodeSigned(MessageType.CONFIG, bundle, new Signer(key)));
  }

  private static ObjectNode document(int matchRetries) {
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    config.putObject("device").put("id", DEVICE);
    config.putObject("policy").put("matchRetries", matchRetries);
    return config;
  }

  private static Reason refusal(ConfigBundleVerifier.Outcome outcome) {
    assertThat(outcome).isInstanceOf(Refused.class);
    return ((Refused) outcome).reason();
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void newer_signed_valid_bundle_is_accepted_with_its_config(SignatureAlgorithm algorithm) {
    KeyPair fleet = Keys.generate(algorithm);

    var outcome = verifier(fleet).verify(signed(new ConfigBundle(5, document(3), Optional.of(DEVICE)), fleet), 4);

    assertThat(outcome).isInstanceOf(Accepted.class);
    assertThat(((Accepted) outcome).bundle().version()).isEqualTo(5);
    assertThat(((Accepted) outcome).config()).isNotNull();
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void bundle_signed_by_another_key_is_refused_as_bad_signature(SignatureAlgorithm algorithm) {
    KeyPair fleet = Keys.generate(algorithm);
    KeyPair attacker = Keys.generate(algorithm);

    assertThat(refusal(verifier(fleet).verify(signed(SampleBodies.configBundle(), attacker), 0)))
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void tampered_bundle_is_refused_as_bad_signature() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);
    String payload = new String(WireCodec.encodeSigned(MessageType.CONFIG, new ConfigBundle(5, document(3)),
        new Signer(fleet)), java.nio.charset.StandardCharsets.UTF_8);
    WireMessage tampered = WireCodec.decode(payload.replace("\"matchRetries\":3", "\"matchRetries\":4")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(refusal(verifier(fleet).verify(tampered, 0))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void unsigned_bundle_is_refused_as_unsigned() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);
    WireMessage unsigned = WireCodec.decode(WireCodec.encodeUnsigned(MessageType.CONFIG, SampleBodies.configBundle()));

    assertThat(refusal(verifier(fleet).verify(unsigned, 0))).isEqualTo(Reason.UNSIGNED);
  }

  @Test
  void older_version_is_refused_as_rollback() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);

    assertThat(refusal(verifier(fleet).verify(signed(new ConfigBundle(3, document(3)), fleet), 4)))
        .isEqualTo(Reason.ROLLBACK);
  }

  @Test
  void same_version_again_is_refused_as_already_applied() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);

    assertThat(refusal(verifier(fleet).verify(signed(new ConfigBundle(4, document(3)), fleet), 4)))
        .isEqualTo(Reason.ALREADY_APPLIED);
  }

  @Test
  void invalid_document_is_refused_with_every_violation_path() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);

    var outcome = verifier(fleet).verify(signed(new ConfigBundle(5, document(99)), fleet), 4);

    assertThat(refusal(outcome)).isEqualTo(Reason.SCHEMA_INVALID);
    assertThat(((Refused) outcome).violations()).extracting(v -> v.path()).contains("policy.matchRetries");
  }

  @Test
  void bundle_for_another_device_is_refused_as_wrong_device() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);

    assertThat(refusal(verifier(fleet).verify(signed(new ConfigBundle(5, document(3), Optional.of("kiosk-9")), fleet), 4)))
        .isEqualTo(Reason.WRONG_DEVICE);
  }

  @Test
  void message_of_another_type_is_refused_as_wrong_type() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);
    WireMessage command = WireCodec.decode(WireCodec.encodeSigned(MessageType.COMMAND, SampleBodies.COMMAND, new Signer(fleet)));

    assertThat(refusal(verifier(fleet).verify(command, 0))).isEqualTo(Reason.WRONG_TYPE);
  }

  @Test
  void bundle_without_target_device_encodes_without_deviceId_member() {
    byte[] bytes = WireCodec.encodeUnsigned(MessageType.CONFIG, new ConfigBundle(5, document(3)));

    assertThat(WireCodec.decode(bytes).body().has("deviceId")).isFalse();
    assertThat(WireCodec.decode(bytes).bodyAs(ConfigBundle.class).deviceId()).isEmpty();
  }
}
