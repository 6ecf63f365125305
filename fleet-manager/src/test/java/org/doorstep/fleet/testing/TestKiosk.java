package org.doorstep.fleet.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.PersonName;
import org.doorstep.config.contract.RecordIds;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;

/**
 * A kiosk made only of firmware-config: its own key, a sequence counter, and signed records and
 * states exactly as the agent would publish them. Fleet tests drive ingest with it.
 */
public final class TestKiosk {
  /** A resident as read from a card (fictitious, but shaped like a real 18-character number). */
  public static final IdNumber RESIDENT_ID = IdNumber.of("11010519491231002X");
  public static final PersonName RESIDENT_NAME = PersonName.of("张三");

  private final String deviceId;
  private final Signer signer;
  private final AtomicLong seq = new AtomicLong();
  private final Clock clock;

  private TestKiosk(String deviceId, Signer signer, Clock clock) {
    this.deviceId = deviceId;
    this.signer = signer;
    this.clock = clock;
  }

  /** A kiosk with a fresh Ed25519 key. */
  public static TestKiosk create(String deviceId) {
    return create(deviceId, SignatureAlgorithm.ED25519);
  }

  /** A kiosk with a fresh key of {@code algorithm}. */
  public static TestKiosk create(String deviceId, SignatureAlgorithm algorithm) {
    return create(deviceId, Keys.generate(algorithm));
  }

  /** A kiosk signing with {@code deviceKey} (e.g. the key of an agent's identity files). */
  public static TestKiosk create(String deviceId, java.security.KeyPair deviceKey) {
    return new TestKiosk(deviceId, new Signer(deviceKey), Clock.systemUTC());
  }

  public String deviceId() {
    return deviceId;
  }

  public Signer signer() {
    return signer;
  }

  /** PEM of the kiosk's public key, as registration needs it. */
  public String publicKeyPem() {
    return Keys.toPem(signer.publicKey());
  }

  public String recordsTopic() {
    return Topics.topic(deviceId, Topics.Channel.RECORDS);
  }

  public String stateTopic() {
    return Topics.topic(deviceId, Topics.Channel.STATE);
  }

  public String acksTopic() {
    return Topics.topic(deviceId, Topics.Channel.ACKS);
  }

  /** The next self-service certification (fresh id, next seq), captured now. */
  public CertificationRecord nextRecord() {
    return record(seq.incrementAndGet(), "certification", clock.instant());
  }

  /** The next self-service certification with a resident who presented a {@code cardType} card. */
  public CertificationRecord nextRecord(CertificationRecord.CardType cardType) {
    return record(seq.incrementAndGet(), "certification", clock.instant(), cardType);
  }

  /** A record with the given sequence, service and capture time. */
  public CertificationRecord record(long sequence, String service, Instant capturedAt) {
    return record(sequence, service, capturedAt, CertificationRecord.CardType.RESIDENT);
  }

  private CertificationRecord record(long sequence, String service, Instant capturedAt,
      CertificationRecord.CardType cardType) {
    return new CertificationRecord(
        RecordIds.next(clock),
        deviceId,
        sequence,
        service,
        CertificationRecord.Mode.SELF,
        new CertificationRecord.Subject(cardType, RESIDENT_ID, RESIDENT_NAME),
        Optional.empty(),
        Optional.of(new CertificationRecord.Liveness(true,
            List.of(new CertificationRecord.Challenge("blink", true, 900)), 930, 800)),
        Optional.of(new CertificationRecord.FaceMatch(true, 712, 600, "card-photo")),
        CertificationRecord.Outcome.CERTIFIED,
        List.of(),
        7,
        "0.1.0",
        capturedAt.truncatedTo(ChronoUnit.MILLIS));
  }

  /** The record as a signed envelope. */
  public byte[] signed(CertificationRecord record) {
    return WireCodec.encodeSigned(MessageType.RECORD, record, signer);
  }

  /** The record signed with somebody else's key. */
  public static byte[] signedBy(Signer other, CertificationRecord record) {
    return WireCodec.encodeSigned(MessageType.RECORD, record, other);
  }

  /** A state body as the agent reports it. */
  public DeviceState state(boolean online, Instant reportedAt) {
    return new DeviceState(deviceId, online, "0.1.0", 7, Map.of("printer", "ONLINE", "idcard", "ONLINE"), 0, reportedAt);
  }

  /** A state message (unsigned in v1). */
  public byte[] stateMessage(boolean online, Instant reportedAt) {
    return WireCodec.encodeUnsigned(MessageType.STATE, state(online, reportedAt));
  }
}
