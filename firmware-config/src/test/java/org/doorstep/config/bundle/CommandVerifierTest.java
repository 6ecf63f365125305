package org.doorstep.config.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.doorstep.config.bundle.CommandVerifier.Accepted;
import org.doorstep.config.bundle.CommandVerifier.Reason;
import org.doorstep.config.bundle.CommandVerifier.Refused;
import org.doorstep.config.contract.Command;
import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signature, target device, expiry and nonce replay checks of received commands. */
class CommandVerifierTest {
  private static final String DEVICE = "kiosk-0042";
  private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    Instant now = NOW;

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MutableClock clock = new MutableClock();

  private static Command command(String nonce, Instant expiresAt) {
    return new Command("cmd-" + nonce, "self-test", Map.of(), nonce, expiresAt);
  }

  private static WireMessage signed(Command command, KeyPair key) {
    return WireCodec.decode(WireCodec.encodeSigned(MessageType.COMMAND, command, new Signer(key)));
  }

  private static Reason refusal(CommandVerifier.Outcome outcome) {
    assertThat(outcome).isInstanceOf(Refused.class);
    return ((Refused) outcome).reason();
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void fresh_signed_command_is_accepted_once_and_replay_is_refused(SignatureAlgorithm algorithm) {
    KeyPair fleet = Keys.generate(algorithm);
    CommandVerifier verifier = new CommandVerifier(fleet.getPublic(), DEVICE, clock);
    WireMessage message = signed(command("n-1", NOW.plus(Duration.ofMinutes(5))), fleet);

    assertThat(verifier.verify(message)).isInstanceOf(Accepted.class);
    assertThat(refusal(verifier.verify(message))).isEqualTo(Reason.REPLAYED);
    assertThat(Reason.REPLAYED.resultStatus()).isEqualTo(CommandResult.Status.REFUSED_REPLAY);
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void command_signed_by_another_key_is_refused_as_bad_signature(SignatureAlgorithm algorithm) {
    KeyPair fleet = Keys.generate(algorithm);
    CommandVerifier verifier = new CommandVerifier(fleet.getPublic(), DEVICE, clock);

    var outcome = verifier.verify(signed(command("n-1", NOW.plusSeconds(60)), Keys.generate(algorithm)));

    assertThat(refusal(outcome)).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(((Refused) outcome).commandId()).contains("cmd-n-1");
  }

  @Test
  void tampered_command_is_refused_as_bad_signature() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);
    String payload = new String(WireCodec.encodeSigned(MessageType.COMMAND, command("n-1", NOW.plusSeconds(60)),
        new Signer(fleet)), StandardCharsets.UTF_8);
    WireMessage tampered = WireCodec.decode(payload.replace("self-test", "purge").getBytes(StandardCharsets.UTF_8));

    assertThat(refusal(new CommandVerifier(fleet.getPublic(), DEVICE, clock).verify(tampered))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void unsigned_command_is_refused_as_unsigned() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);
    WireMessage unsigned = WireCodec.decode(WireCodec.encodeUnsigned(MessageType.COMMAND, command("n-1", NOW.plusSeconds(60))));

    assertThat(refusal(new CommandVerifier(fleet.getPublic(), DEVICE, clock).verify(unsigned))).isEqualTo(Reason.UNSIGNED);
  }

  @Test
  void command_past_expiry_and_skew_is_refused_as_expired_but_within_skew_is_accepted() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);
    CommandVerifier verifier = new CommandVerifier(fleet.getPublic(), DEVICE, clock);

    assertThat(refusal(verifier.verify(signed(command("n-1", NOW.minusSeconds(31)), fleet)))).isEqualTo(Reason.EXPIRED);
    assertThat(verifier.verify(signed(command("n-2", NOW.minusSeconds(29)), fleet))).isInstanceOf(Accepted.class);
  }

  @Test
  void command_expiring_beyond_max_lifetime_is_refused() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);
    CommandVerifier verifier = new CommandVerifier(fleet.getPublic(), DEVICE, clock);

    assertThat(refusal(verifier.verify(signed(command("n-1", NOW.plus(Duration.ofDays(2))), fleet))))
        .isEqualTo(Reason.EXPIRY_TOO_FAR);
  }

  @Test
  void command_for_another_device_is_refused_as_wrong_device() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);
    Command other = new Command("c-1", "purge", Map.of(), "n-1", NOW.plusSeconds(60), Optional.of("kiosk-9"));

    assertThat(refusal(new CommandVerifier(fleet.getPublic(), DEVICE, clock).verify(signed(other, fleet))))
        .isEqualTo(Reason.WRONG_DEVICE);
  }

  @Test
  void replay_after_expiry_is_refused_as_expired_and_nonce_is_forgotten() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);
    CommandVerifier verifier = new CommandVerifier(fleet.getPublic(), DEVICE, clock);
    WireMessage message = signed(command("n-1", NOW.plusSeconds(60)), fleet);
    verifier.verify(message);

    clock.now = NOW.plusSeconds(120);

    assertThat(refusal(verifier.verify(message))).isEqualTo(Reason.EXPIRED);
    assertThat(verifier.rememberedNonces()).isZero();
  }

  @Test
  void full_cache_of_live_nonces_refuses_rather_than_forgetting_one() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);
    CommandVerifier verifier = new CommandVerifier(fleet.getPublic(), DEVICE, clock,
        Duration.ZERO, Duration.ofHours(1), 2);
    WireMessage first = signed(command("n-1", NOW.plusSeconds(60)), fleet);
    verifier.verify(first);
    verifier.verify(signed(command("n-2", NOW.plusSeconds(600)), fleet));

    assertThat(refusal(verifier.verify(signed(command("n-3", NOW.plusSeconds(60)), fleet))))
        .isEqualTo(Reason.REPLAY_CACHE_FULL);
    assertThat(refusal(verifier.verify(first))).isEqualTo(Reason.REPLAYED);

    clock.now = NOW.plusSeconds(61);
    assertThat(verifier.verify(signed(command("n-3", NOW.plusSeconds(120)), fleet))).isInstanceOf(Accepted.class);
  }

  @Test
  void message_of_another_type_is_refused_as_wrong_type() {
    KeyPair fleet = Keys.generate(SignatureAlgorithm.ED25519);
    WireMessage config = WireCodec.decode(WireCodec.encodeSigned(MessageType.CONFIG,
        org.doorstep.config.testing.SampleBodies.configBundle(), new Signer(fleet)));

    assertThat(refusal(new CommandVerifier(fleet.getPublic(), DEVICE, clock).verify(config))).isEqualTo(Reason.WRONG_TYPE);
  }
}
