package org.doorstep.agent.device.sscard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import java.util.List;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.sscard.sim.SampleSsCards;
import org.doorstep.agent.device.sscard.sim.SimulatedTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The port adapter over the in-process terminal (driver SIMULATED), and the T=1 floor of its frames. */
class SimulatedSocialSecurityCardReaderTest {
  private final Vertx vertx = Vertx.vertx();
  private final SimulatedTerminal terminal = new SimulatedTerminal();
  private final TerminalSocialSecurityCardReader reader = new TerminalSocialSecurityCardReader(vertx, terminal,
      TerminalSocialSecurityCardReader.DEFAULT_TIMEOUT);

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void reads_the_inserted_card_and_reads_nothing_without_one() {
    assertThat(reader.read().await()).isEmpty();
    terminal.insert(SampleSsCards.RESIDENT);
    assertThat(reader.cardPresent().await()).isTrue();
    assertThat(reader.read().await()).contains(SampleSsCards.RESIDENT_CARD);
  }

  @Test
  void bank_card_is_refused_and_offline_reader_reports_offline() {
    terminal.insert(SampleSsCards.BANK_ONLY);
    assertThat(SsCardProblem.of(catchThrowable(() -> reader.read().await())))
        .contains(SsCardProblem.NOT_A_SOCIAL_SECURITY_CARD);
    terminal.offline(true);
    assertThat(reader.health().await()).isEqualTo(PeripheralHealth.OFFLINE);
  }

  @Test
  void t1_floor_counts_prologue_epilogue_11_etu_per_byte_and_block_guard_time() {
    byte[] atr = org.doorstep.agent.device.sscard.sim.SimSsCard.ATR_T1;
    assertThat(T1LineTime.cyclesPerEtu(atr)).isEqualTo(16.0);                // TA1 96: Fi 512 / Di 32
    // SELECT SSSE (20 bytes) → 90 00: (20 + 4 + 2 + 4) × 11 + 44 = 374 etu = 1496 µs at 4 µs/etu
    List<CardRead.Exchange> one = List.of(new CardRead.Exchange(CardReadSequence.Command.SELECT_SSSE, 20, 2, 0));
    assertThat(T1LineTime.floorNanos(one, atr, 4_000_000)).isEqualTo(1_496_000);
    assertThat(T1LineTime.cyclesPerEtu(new byte[] {0x3B, 0x00, 0x00})).isEqualTo(372.0); // no TA1: default
  }
}
