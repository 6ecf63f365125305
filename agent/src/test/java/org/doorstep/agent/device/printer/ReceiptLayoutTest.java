package org.doorstep.agent.device.printer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.model.IdCard;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.junit.jupiter.api.Test;

class ReceiptLayoutTest {
  @Test
  void receipt_shows_masked_id_and_name_in_beijing_time() {
    IdCard c = SampleResidents.ZHANG_SAN;
    String text = ReceiptLayout.render(new Receipt("kiosk-1", Outcome.CERTIFIED, c.idNumber(), c.name(), "rec-1", 3,
        Instant.parse("2026-03-02T01:02:03Z")), ZoneId.of("Asia/Shanghai"));
    String id = c.idNumber().unmasked();
    assertThat(text).contains(id.substring(0, 3) + "*".repeat(11) + id.substring(14))
        .contains("张*").contains("2026-03-02 09:02:03").contains("认证成功").contains("rec-1")
        .doesNotContain(id).doesNotContain("张三");
  }
}
