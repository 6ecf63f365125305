package org.doorstep.agent.diag;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LongSummaryStatistics;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doorstep.agent.device.sscard.ApduTerminal;
import org.doorstep.agent.device.sscard.CardRead;
import org.doorstep.agent.device.sscard.PcscTerminal;
import org.doorstep.agent.device.sscard.SocialSecurityCard;
import org.doorstep.agent.device.sscard.SsCardProblem;
import org.doorstep.agent.device.sscard.T1LineTime;
import org.doorstep.agent.device.sscard.sim.SampleSsCards;
import org.doorstep.agent.device.sscard.sim.SimSsCard;
import org.doorstep.agent.device.sscard.sim.SimulatedTerminal;
import org.doorstep.agent.device.sscard.sim.VpcdVirtualCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code agent diag sscard}: lists the PC/SC readers, waits for a social-security card, reads its basic data and
 * prints it masked (number first 3 and last 4, name first character), with the time of each APDU, the total and
 * the T=1 line-time floor at the ATR's speed (agent/docs/social-security-card.md §6). Never prints a full number
 * or name; never sends a PIN.
 *
 * <pre>
 * agent diag sscard [--reader "Virtual PCD"] [--wait 30s] [--repeat 1]
 * agent diag sscard --vpcd-card 127.0.0.1:35963 [--simulate-card RESIDENT|BANK_ONLY|HOLDER_DATA_GUARDED]
 * agent diag sscard --simulate [--simulate-card …|NONE]
 * </pre>
 *
 * {@code --vpcd-card} inserts the simulated card into a running pcscd's vpcd reader and reads it through the real
 * PC/SC stack (the bench command); {@code --simulate} reads it in-process, without pcscd.
 */
@Command(name = "sscard", mixinStandardHelpOptions = true,
    description = "Check the social-security card reader (PC/SC): read a card's basic data and show it masked, timed.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:a card was read",
        "1:unexpected failure (see the message)",
        "2:usage error",
        "3:no PC/SC reader: is pcscd running, the reader plugged in, --reader right?",
        "4:no card inserted within --wait",
        "5:a card was inserted but not read (the message says why: not a social-security card, pulled out, …)"})
public final class DiagSsCardCommand implements Callable<Integer> {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_NO_READER = 3;
  public static final int EXIT_NO_CARD = 4;
  public static final int EXIT_CARD_UNREADABLE = 5;
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  /** Cards the simulator can hold. */
  public enum SimulatedCard { RESIDENT, BANK_ONLY, HOLDER_DATA_GUARDED, NONE }

  @Spec
  CommandSpec spec;

  @Option(names = "--reader", defaultValue = "",
      description = "Part of the PC/SC reader name (default: the first reader).")
  String reader;

  @Option(names = "--wait", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to wait for a card (default ${DEFAULT-VALUE}).")
  Duration wait;

  @Option(names = "--repeat", defaultValue = "1", description = "Read the card this many times (timing figures).")
  int repeat;

  @Option(names = "--simulate", description = "Read the simulated card in-process (no pcscd).")
  boolean simulate;

  @Option(names = "--vpcd-card", description = "Insert the simulated card into vpcd at host:port (pcscd running).")
  String vpcdCard;

  @Option(names = "--simulate-card", defaultValue = "RESIDENT",
      description = "The simulated card: ${COMPLETION-CANDIDATES}.")
  SimulatedCard simulateCard;

  @Option(names = "--clock-hz", defaultValue = "4000000",
      description = "Reader clock for the T=1 floor (default ${DEFAULT-VALUE}; not in the ATR).")
  double clockHz;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (repeat < 1 || (simulate && vpcdCard != null)) {
      err.println(repeat < 1 ? "--repeat must be at least 1" : "--simulate and --vpcd-card exclude each other");
      return EXIT_USAGE;
    }
    VpcdVirtualCard inserted = null;
    try {
      ApduTerminal terminal;
      if (simulate) {
        SimulatedTerminal sim = new SimulatedTerminal();
        card(simulateCard).ifPresent(sim::insert);
        terminal = sim;
        out.println("simulated terminal (in-process), card " + simulateCard);
      } else {
        out.println("PC/SC readers: " + PcscTerminal.readerNames());
        terminal = new PcscTerminal(reader);
        if (vpcdCard != null) {
          String[] hp = vpcdCard.split(":", 2);
          if (hp.length != 2 || card(simulateCard).isEmpty()) {
            err.println("--vpcd-card wants host:port and a card other than NONE");
            return EXIT_USAGE;
          }
          inserted = VpcdVirtualCard.insert(hp[0], Integer.parseInt(hp[1]), card(simulateCard).orElseThrow());
          out.println("virtual card " + simulateCard + " inserted into vpcd at " + vpcdCard);
        }
      }
      if (!waitForCard(terminal)) {
        err.println("no card within " + wait.toSeconds() + " s: insert the card chip first and run again");
        return EXIT_NO_CARD;
      }
      LongSummaryStatistics totals = new LongSummaryStatistics();
      long floor = 0;
      int apdus = 0;
      for (int i = 0; i < repeat; i++) {
        ApduTerminal.Session session = terminal.connect().orElseThrow(
            () -> SsCardProblem.CARD_REMOVED.exception("card gone before the read"));
        CardRead read;
        byte[] atr;
        String protocol;
        try (session) {
          atr = session.atr();
          protocol = session.protocol();
          read = CardRead.run(session);
        }
        if (read.failure().isPresent()) {
          throw read.failure().get();
        }
        totals.accept(read.totalNanos());
        floor = T1LineTime.floorNanos(read.exchanges(), atr, clockHz);
        apdus = read.exchanges().size();
        if (i == 0) {
          print(out, read, atr, protocol);
        }
      }
      out.printf("read time   %d APDUs, mean %.2f ms, min %.2f ms, max %.2f ms over %d read(s)%n",
          apdus, totals.getAverage() / 1e6, totals.getMin() / 1e6, totals.getMax() / 1e6, totals.getCount());
      out.printf("T=1 floor   %.2f ms (frames at the ATR's Fi/Di, %.1f MHz clock)%n", floor / 1e6, clockHz / 1e6);
      return EXIT_OK;
    } catch (RuntimeException e) {
      Optional<SsCardProblem> problem = SsCardProblem.of(e);
      if (problem.isEmpty()) {
        err.println("failed: " + e);
        return EXIT_FAILED;
      }
      err.println(problem.get().zh() + " / " + problem.get().words());
      err.println("detail: " + e.getMessage());
      return problem.get() == SsCardProblem.NOT_CONNECTED ? EXIT_NO_READER : EXIT_CARD_UNREADABLE;
    } finally {
      if (inserted != null) {
        inserted.close();
      }
    }
  }

  private boolean waitForCard(ApduTerminal terminal) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!terminal.cardPresent()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());      // polling a PC/SC reader from a command line: no event to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static void print(PrintWriter out, CardRead read, byte[] atr, String protocol) {
    SocialSecurityCard c = read.card().orElseThrow();
    out.println("ATR         " + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(atr) + " (" + protocol + ")");
    out.println("number      " + c.idNumber().masked());
    out.println("name        " + c.name().masked());
    out.println("card        " + c);
    out.println("valid until " + c.validUntil() + (c.validOn(LocalDate.now()) ? "" : " (EXPIRED)"));
    read.exchanges().forEach(x -> out.printf("  %-13s %3d → %3d bytes %8.3f ms%n", x.command(), x.commandBytes(),
        x.responseBytes(), x.nanos() / 1e6));
  }

  private static Optional<SimSsCard> card(SimulatedCard c) {
    return switch (c) {
      case RESIDENT -> Optional.of(SampleSsCards.RESIDENT);
      case BANK_ONLY -> Optional.of(SampleSsCards.BANK_ONLY);
      case HOLDER_DATA_GUARDED -> Optional.of(SampleSsCards.HOLDER_DATA_GUARDED);
      case NONE -> Optional.empty();
    };
  }
}
