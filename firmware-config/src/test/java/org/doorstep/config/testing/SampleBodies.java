package org.doorstep.config.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.CertificationRecord.CardType;
import org.doorstep.config.contract.CertificationRecord.Challenge;
import org.doorstep.config.contract.CertificationRecord.Evidence;
import org.doorstep.config.contract.CertificationRecord.FaceMatch;
import org.doorstep.config.contract.CertificationRecord.Liveness;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.doorstep.config.contract.CertificationRecord.Subject;
import org.doorstep.config.contract.Command;
import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.ConfigBundle;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/** One fixed, valid body of every message type. Sample ID number from GB 11643's own example. */
public final class SampleBodies {
  /** The record of the golden test vector (docs/wire-protocol.md, worked example). */
  public static final CertificationRecord FULL_RECORD = new CertificationRecord(
      "0195514c-7d40-7a3e-8c1f-4b2d9e6a0f11",
      "kiosk-0042",
      7,
      "certification",
      Mode.RELATIVE_ASSISTED,
      new Subject(CardType.RESIDENT, IdNumber.of("11010519491231002X"), PersonName.of("张三")),
      Optional.of("relative-01"),
      Optional.of(new Liveness(true,
          List.of(new Challenge("BLINK", true, 1830), new Challenge("TURN_LEFT", true, 2410)), 912, 700)),
      Optional.of(new FaceMatch(true, 734, 600, "id-card-photo")),
      Outcome.CERTIFIED,
      List.of(new Evidence("face-frame",
          "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 14336)),
      3,
      "0.1.0",
      Instant.parse("2025-03-01T09:30:15Z"));

  /**
   * A self-service record from the vision pipeline: per-challenge score, threshold and attempts, and the
   * passive anti-spoof check (the optional members added for issue #5).
   */
  public static final CertificationRecord VISION_RECORD = new CertificationRecord(
      "0195514c-7d40-7a3e-8c1f-4b2d9e6a0f13",
      "kiosk-0042",
      8,
      "certification",
      Mode.SELF,
      new Subject(CardType.RESIDENT, IdNumber.of("11010519491231002X"), PersonName.of("张三")),
      Optional.empty(),
      Optional.of(new Liveness(true,
          List.of(new Challenge("BLINK", true, 1830, Optional.of(640), Optional.of(350), Optional.of(1)),
              new Challenge("TURN_LEFT", true, 2410, Optional.of(1000), Optional.of(1000), Optional.of(2))),
          820, 700,
          Optional.of(new CertificationRecord.PassiveCheck(true, "micro-motion", 910, 500, Optional.of(990))))),
      Optional.of(new FaceMatch(true, 734, 600, "id-card-photo")),
      Outcome.CERTIFIED,
      List.of(new Evidence("face-frame",
          "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 14336)),
      3,
      "0.1.0",
      Instant.parse("2025-03-01T09:30:15Z"));

  /** A self-service record without any optional member. */
  public static final CertificationRecord MINIMAL_RECORD = new CertificationRecord(
      "0195514c-7d40-7a3e-8c1f-4b2d9e6a0f12",
      "kiosk-0042",
      8,
      "proof-print",
      Mode.SELF,
      new Subject(CardType.HMT_PERMIT, IdNumber.of("H60000001"), PersonName.of("Lee Chan")),
      Optional.empty(),
      Optional.empty(),
      Optional.empty(),
      Outcome.COMPLETED,
      List.of(),
      0,
      "0.1.0",
      Instant.parse("2025-03-01T09:31:00.250Z"));

  /** A staff-assisted certification with the social-security card (cardType added as an optional v1 value). */
  public static final CertificationRecord SOCIAL_SECURITY_CARD_RECORD = new CertificationRecord(
      "0195514c-7d40-7a3e-8c1f-4b2d9e6a0f14",
      "kiosk-0042",
      9,
      "certification",
      Mode.STAFF_ASSISTED,
      new Subject(CardType.SOCIAL_SECURITY_CARD, IdNumber.of("11010519491231002X"), PersonName.of("张三")),
      Optional.of("staff-07"),
      Optional.empty(),
      Optional.empty(),
      Outcome.STAFF_CONFIRMED,
      List.of(),
      3,
      "0.1.0",
      Instant.parse("2025-03-01T09:40:00Z"));

  public static final Ack ACK_MIXED = new Ack(List.of(FULL_RECORD.recordId(), "0195514c-7d40-7a3e-8c1f-4b2d9e6a0f10"),
      List.of(new Ack.Rejection(Optional.of("x-1"), Ack.RejectReason.BAD_SIGNATURE, "signature does not verify"),
          new Ack.Rejection(Optional.empty(), Ack.RejectReason.MALFORMED, "body.seq: must be >= 1")));

  public static final DeviceState STATE = new DeviceState("kiosk-0042", true, "0.1.0", 3,
      Map.of("printer", "ONLINE", "idCardReader", "ONLINE", "camera", "HWERROR"), 2,
      Instant.parse("2025-03-01T09:32:00Z"));

  public static final Command COMMAND = new Command("cmd-17", "print-test-page", Map.of("copies", "1"),
      "5f1c2a9e0b7d4e83", Instant.parse("2025-03-01T10:00:00Z"));

  public static final CommandResult COMMAND_RESULT = new CommandResult("cmd-17", CommandResult.Status.DONE, "printed");

  public static ConfigBundle configBundle() {
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    config.putObject("device").put("id", "kiosk-0042");
    config.putObject("policy").put("matchRetries", 2);
    return new ConfigBundle(4, config);
  }

  private SampleBodies() {}
}
