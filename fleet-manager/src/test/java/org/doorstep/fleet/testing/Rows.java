package org.doorstep.fleet.testing;

import java.time.Instant;
import org.doorstep.config.contract.CanonicalJson;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.fleet.store.RecordSummary;
import org.doorstep.fleet.store.StoredRecord;

/** Store rows made straight from contract records, for store tests that bypass ingest. */
public final class Rows {
  private Rows() {}

  public static StoredRecord row(CertificationRecord r, Instant receivedAt) {
    RecordSummary s = new RecordSummary(r.recordId(), r.deviceId(), r.seq(), r.service(), r.mode().name(),
        r.outcome().name(), r.subject().cardType().name(), r.subject().idNumber().masked(), r.capturedAt(),
        receivedAt, r.configVersion());
    String body = CanonicalJson.text(WireCodec.mapper().valueToTree(r));
    return new StoredRecord(s, body, "{\"alg\":\"Ed25519\",\"kid\":\"0000000000000000\",\"value\":\"AA==\"}");
  }
}
