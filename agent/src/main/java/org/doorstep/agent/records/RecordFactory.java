package org.doorstep.agent.records;

import java.time.Clock;
import java.util.Objects;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.RecordIds;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.Signer;

/**
 * Turns a {@link RecordDraft} and a sequence number into a signed record envelope. The sequence comes
 * from the outbox inside its commit transaction ({@link Outbox#commit}), so a factory is usually passed
 * as {@code seq -> factory.sign(draft, seq)}.
 *
 * <p>Thread-safe (the signer keeps one JCA instance per thread); signing an Ed25519 record takes
 * ~50 µs, cheap enough for the outbox worker.
 */
public final class RecordFactory {
  private final String deviceId;
  private final long configVersion;
  private final String agentVersion;
  private final Signer signer;
  private final Clock clock;

  /**
   * @param deviceId      the device, as in the config and the MQTT client id
   * @param configVersion version of the config bundle in force (0 = local file, no bundle yet)
   * @param agentVersion  agent software version
   * @param signer        the device key
   * @param clock         for record ids (UUIDv7 milliseconds)
   */
  public RecordFactory(String deviceId, long configVersion, String agentVersion, Signer signer, Clock clock) {
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.configVersion = configVersion;
    this.agentVersion = Objects.requireNonNull(agentVersion, "agentVersion");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A fresh record id (UUIDv7 of the clock), for a record whose evidence is stored before it is built: the
   * evidence store binds items to the record id ({@link org.doorstep.agent.privacy.EvidenceStore#put}).
   */
  public String newRecordId() {
    return RecordIds.next(clock);
  }

  /** The record for {@code draft} with a fresh id and sequence {@code seq}. */
  public CertificationRecord build(RecordDraft draft, long seq) {
    return build(newRecordId(), draft, seq);
  }

  /** The record for {@code draft} with id {@code recordId} (from {@link #newRecordId()}) and sequence {@code seq}. */
  public CertificationRecord build(String recordId, RecordDraft draft, long seq) {
    return new CertificationRecord(recordId, deviceId, seq, draft.service(), draft.mode(),
        draft.subject(), draft.operator(), draft.liveness(), draft.match(), draft.outcome(), draft.evidence(),
        configVersion, agentVersion, draft.capturedAt());
  }

  /** Builds and signs: {@code WireCodec.encodeSigned(RECORD, record, deviceKey)}. */
  public SignedRecord sign(RecordDraft draft, long seq) {
    return sign(newRecordId(), draft, seq);
  }

  /** {@link #sign(RecordDraft, long)} with id {@code recordId} (from {@link #newRecordId()}). */
  public SignedRecord sign(String recordId, RecordDraft draft, long seq) {
    CertificationRecord r = build(recordId, draft, seq);
    return new SignedRecord(r.recordId(), seq, WireCodec.encodeSigned(MessageType.RECORD, r, signer));
  }

  public String deviceId() {
    return deviceId;
  }
}
