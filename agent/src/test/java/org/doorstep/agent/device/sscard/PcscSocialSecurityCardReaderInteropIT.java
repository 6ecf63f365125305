package org.doorstep.agent.device.sscard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.diag.DiagSsCardCommand;
import org.doorstep.agent.device.sscard.sim.SampleSsCards;
import org.doorstep.agent.device.sscard.sim.SimSsCard;
import org.doorstep.agent.device.sscard.sim.VpcdVirtualCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real adapter ({@link PcscTerminal} on javax.smartcardio → libpcsclite → a pcscd started here → vsmartcard's
 * vpcd driver) against the virtual card ({@link VpcdVirtualCard} running the card applet). Needs Debian's pcscd
 * and vsmartcard-vpcd, and root (pcscd's /run/pcscd): interop profile only; fails naming missing packages.
 */
class PcscSocialSecurityCardReaderInteropIT {
  @TempDir
  static Path dir;
  static PcscdWithVpcd pcscd;
  static Vertx vertx;
  static TerminalSocialSecurityCardReader reader;
  VpcdVirtualCard card;

  @BeforeAll
  static void startPcscd() throws Exception {
    pcscd = PcscdWithVpcd.start(dir);
    vertx = Vertx.vertx();
    reader = new TerminalSocialSecurityCardReader(vertx, new PcscTerminal("Virtual PCD 00 00"),
        TerminalSocialSecurityCardReader.DEFAULT_TIMEOUT);
  }

  @AfterAll
  static void stopPcscd() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (pcscd != null) {
      pcscd.close();
    }
  }

  @AfterEach
  void pullCard() {
    if (card != null) {
      card.remove();
      await().atMost(Duration.ofSeconds(5)).until(() -> !reader.cardPresent().await());
    }
  }

  private void insert(SimSsCard c) {
    card = VpcdVirtualCard.insert("127.0.0.1", pcscd.port(), c);
    await().atMost(Duration.ofSeconds(5)).until(() -> reader.cardPresent().await());
  }

  @Test
  void reads_the_residents_card_through_pcscd() {
    insert(SampleSsCards.RESIDENT);
    Optional<SocialSecurityCard> read = reader.read().await();
    assertThat(read).contains(SampleSsCards.RESIDENT_CARD);
    assertThat(card.apdusAnswered()).isEqualTo(13);
  }

  @Test
  void no_card_is_an_empty_read_and_the_reader_is_online() {
    assertThat(reader.read().await()).isEmpty();
    assertThat(reader.health().await()).isEqualTo(PeripheralHealth.ONLINE);
  }

  @Test
  void bank_only_card_is_refused_as_not_a_social_security_card() {
    insert(SampleSsCards.BANK_ONLY);
    Throwable e = failure();
    assertThat(SsCardProblem.of(e)).contains(SsCardProblem.NOT_A_SOCIAL_SECURITY_CARD);
    assertThat(e).hasMessageContaining("6A82");
  }

  @Test
  void holder_data_behind_a_pin_fails_with_needs_authentication() {
    insert(SampleSsCards.HOLDER_DATA_GUARDED);
    assertThat(SsCardProblem.of(failure())).contains(SsCardProblem.NEEDS_AUTHENTICATION);
  }

  @Test
  void card_pulled_mid_read_fails_with_card_removed() {
    insert(SampleSsCards.RESIDENT);
    card.pullAfterApdus(5);
    Throwable e = failure();
    assertThat(SsCardProblem.of(e)).as("%s", e).contains(SsCardProblem.CARD_REMOVED);
  }

  @Test
  void unknown_reader_name_is_not_connected() {
    TerminalSocialSecurityCardReader other = new TerminalSocialSecurityCardReader(vertx,
        new PcscTerminal("no such reader"), TerminalSocialSecurityCardReader.DEFAULT_TIMEOUT);
    assertThat(other.health().await()).isEqualTo(PeripheralHealth.OFFLINE);
  }

  @Test
  void diag_bench_reads_the_virtual_card_through_pcscd_masked_with_the_t1_floor() {
    StringWriter out = new StringWriter();
    int code = new CommandLine(new DiagSsCardCommand())
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
        .execute("--reader", PcscdWithVpcd.READER, "--vpcd-card", "127.0.0.1:" + pcscd.port(), "--repeat", "3",
            "--wait", "5s");
    assertThat(code).as("%s", out).isZero();
    assertThat(out.toString()).contains("read time   13 APDUs").contains("over 3 read(s)").contains("T=1 floor   17.12 ms")
        .doesNotContain(SampleSsCards.RESIDENT_CARD.idNumber().unmasked());
    await().atMost(Duration.ofSeconds(5)).until(() -> !reader.cardPresent().await());
  }

  private Throwable failure() {
    try {
      reader.read().await();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("read succeeded");
  }
}
