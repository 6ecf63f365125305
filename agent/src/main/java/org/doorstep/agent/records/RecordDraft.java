package org.doorstep.agent.records;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.config.contract.CertificationRecord.Evidence;
import org.doorstep.config.contract.CertificationRecord.FaceMatch;
import org.doorstep.config.contract.CertificationRecord.Liveness;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.doorstep.config.contract.CertificationRecord.Subject;

/**
 * Everything a record says that the session knows; {@link RecordFactory} adds identity, sequence and
 * versions. {@code toString()} is safe to log (the subject masks itself).
 */
public record RecordDraft(String service, Mode mode, Subject subject, Optional<String> operator,
    Optional<Liveness> liveness, Optional<FaceMatch> match, Outcome outcome, List<Evidence> evidence,
    Instant capturedAt) {
  public RecordDraft {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(subject, "subject");
    operator = operator == null ? Optional.empty() : operator;
    liveness = liveness == null ? Optional.empty() : liveness;
    match = match == null ? Optional.empty() : match;
    Objects.requireNonNull(outcome, "outcome");
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    Objects.requireNonNull(capturedAt, "capturedAt");
  }
}
