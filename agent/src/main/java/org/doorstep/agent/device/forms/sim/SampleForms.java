package org.doorstep.agent.device.forms.sim;

import java.time.Instant;
import org.doorstep.agent.device.forms.RegistrationApplication;
import org.doorstep.agent.device.idcard.sim.SampleCards;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.device.printer.Receipt;
import org.doorstep.config.contract.CertificationRecord.Outcome;

/** Fictitious forms for the demo, {@code agent diag form --sample}, tests and benchmarks (the sample residents). */
public final class SampleForms {
  /** When the samples were submitted. */
  public static final Instant AT = Instant.parse("2026-03-02T02:15:00Z");

  private SampleForms() {}

  /** 张三's registration application, from the full text of his sample ID card. */
  public static RegistrationApplication application(String recordId) {
    return new RegistrationApplication("kiosk-demo-001", "示例市示例区幸福街道", recordId,
        SampleCards.text(SampleResidents.ZHANG_SAN), "示例市示例区幸福路18号3单元502室", "138****0000",
        "城乡居民基本养老保险参保登记", AT);
  }

  /** 张三's passed certification, as the receipt printer has it. */
  public static Receipt certified(String recordId) {
    return new Receipt("kiosk-demo-001", Outcome.CERTIFIED, SampleResidents.ZHANG_SAN.idNumber(),
        SampleResidents.ZHANG_SAN.name(), recordId, 42, AT);
  }
}
