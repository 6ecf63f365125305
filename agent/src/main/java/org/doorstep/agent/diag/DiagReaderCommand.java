package org.doorstep.agent.diag;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.idcard.CardPresence;
import org.doorstep.agent.device.idcard.ReaderProblem;
import org.doorstep.agent.device.idcard.SamReaderOptions;
import org.doorstep.agent.device.idcard.SamSerialIdCardReader;
import org.doorstep.agent.device.idcard.Sw3;
import org.doorstep.agent.device.idcard.WltPhotoDecoder;
import org.doorstep.agent.device.idcard.sim.SamReaderSimulator;
import org.doorstep.agent.device.idcard.sim.SampleCards;
import org.doorstep.agent.device.idcard.sim.SimCard;
import org.doorstep.agent.device.idcard.sim.TestWltPhotoDecoder;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdCardText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code agent diag reader}: for a technician at the kiosk. Asks the ID card reader for its SAM id and SAM status,
 * then waits for a card and prints its card type, masked number and name, and validity. Never prints a full ID
 * number, a full name, a birth date or an address.
 *
 * <pre>
 * agent diag reader --port /dev/ttyUSB0 [--baud 115200] [--wait 30s]
 * agent diag reader --simulate [--simulate-card RESIDENT|HMT_PERMIT|FOREIGN_PERMANENT|EXPIRED|INVALID_CHECKSUM|NONE]
 * </pre>
 *
 * With {@code --simulate} it starts {@link SamReaderSimulator} on a pseudo-terminal and runs the real driver against
 * it. Stop the agent first: serial ports open exclusively.
 */
@Command(name = "reader", mixinStandardHelpOptions = true,
    description = "Check the ID card reader: SAM id and status, then read a card and show it masked.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:reader works and a card was read (an expired card is reported, still 0)",
        "1:unexpected failure (see the message)",
        "2:usage error",
        "3:no reader answer on the port: check the port name, cable, power and --baud; stop the agent",
        "4:no card placed within --wait: place a card flat on the reader and run again",
        "5:a card was found but could not be read: try another card; if every card fails, replace the reader",
        "6:the reader answers but reports a SAM fault: power-cycle it, then call the vendor"})
public final class DiagReaderCommand implements Callable<Integer> {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_NO_READER = 3;
  public static final int EXIT_NO_CARD = 4;
  public static final int EXIT_CARD_UNREADABLE = 5;
  public static final int EXIT_READER_FAULT = 6;

  /** How often to look for a card: real host software polls find about once a second; we are a little keener. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  /** Cards the simulated reader can hold. */
  public enum SimulatedCard { RESIDENT, HMT_PERMIT, FOREIGN_PERMANENT, EXPIRED, INVALID_CHECKSUM, NONE }

  @Spec
  CommandSpec spec;

  @Option(names = "--port", description = "Serial device of the reader, e.g. /dev/ttyUSB0 or /dev/ttyS1.")
  String port;

  @Option(names = "--baud", defaultValue = "115200",
      description = "Line speed (default ${DEFAULT-VALUE}, the factory setting): 9600, 19200, 38400, 57600 or 115200.")
  int baud;

  @Option(names = "--wait", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to wait for a card (default ${DEFAULT-VALUE}; 500ms, 2m or PT30S also work).")
  Duration wait;

  @Option(names = "--simulate", description = "Run against the reader simulator on a pseudo-terminal.")
  boolean simulate;

  @Option(names = "--simulate-card", defaultValue = "RESIDENT",
      description = "With --simulate: the card on the reader: ${COMPLETION-CANDIDATES}.")
  SimulatedCard simulateCard;

  @Option(names = "--simulate-baud", defaultValue = "115200",
      description = "With --simulate: the simulated reader's line speed (differ from --baud to see exit code 3).")
  int simulateBaud;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!simulate && (port == null || port.isBlank())) {
      err.println("--port is required (or --simulate); e.g. --port /dev/ttyUSB0");
      return EXIT_USAGE;
    }
    SamReaderOptions options;
    SamReaderSimulator sim = null;
    Vertx vertx = null;
    SamSerialIdCardReader reader = null;
    try {
      if (simulate) {
        sim = SamReaderSimulator.startOnPty(simulateBaud);
        simulatedCard(simulateCard).ifPresent(sim::insert);
        port = sim.devicePath();
        out.println("simulated reader on " + port + " (" + simulateBaud + " baud, card " + simulateCard + ")");
      }
      try {
        options = SamReaderOptions.builder(port).baud(baud)
            .photoDecoder(simulate ? new TestWltPhotoDecoder() : WltPhotoDecoder.raw()).build();
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return EXIT_USAGE;
      }
      vertx = Vertx.vertx();
      reader = SamSerialIdCardReader.create(vertx, options);
      return run(reader, out, err);
    } catch (IOException e) {
      err.println("cannot start the simulator: " + e.getMessage());
      return EXIT_FAILED;
    } finally {
      if (reader != null) {
        get(reader.close(), err);
      }
      if (vertx != null) {
        get(vertx.close(), err);
      }
      if (sim != null) {
        sim.close();
      }
      out.flush();
      err.flush();
    }
  }

  private int run(SamSerialIdCardReader reader, PrintWriter out, PrintWriter err) {
    out.printf("reader      %s at %d baud%n", port, baud);
    try {
      out.printf("SAM id      %s%n", await(reader.samId()));
      Sw3 status = await(reader.samStatus());
      out.printf("SAM status  %s (%02X) %s%n", status.name(), status.code(), status.meaning());
      if (status != Sw3.OK) {
        err.println("the SAM module reports a fault: power-cycle the reader; if it persists, call the vendor");
        return EXIT_READER_FAULT;
      }
    } catch (DeviceException e) {
      return failed(e, out, err, false);
    }
    out.printf("waiting up to %s for a card: place it flat on the reader%n", human(wait));
    long deadline = System.nanoTime() + wait.toNanos();
    boolean toldToLift = false;
    try {
      while (true) {
        CardPresence presence = await(reader.presence());
        if (presence == CardPresence.PRESENT) {
          Optional<IdCard> card = await(reader.read());
          if (card.isPresent()) {
            print(card.get(), out);
            return EXIT_OK;
          }
          out.println("card moved away during the read: place it again and keep it still");
        } else if (presence == CardPresence.LIFT_AND_REPLACE && !toldToLift) {
          out.println(ReaderProblem.LIFT_AND_REPLACE.zh() + " (lift the card and place it again)");
          toldToLift = true;
        }
        if (System.nanoTime() - deadline >= 0) {
          err.println("no card within " + human(wait) + ": place a card flat on the reader and run again");
          return EXIT_NO_CARD;
        }
        Thread.sleep(POLL_INTERVAL.toMillis());
      }
    } catch (DeviceException e) {
      return failed(e, out, err, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_FAILED;
    }
  }

  private static void print(IdCard card, PrintWriter out) {
    out.printf("card type   %s%n", card.cardType());
    out.printf("number      %s%n", card.idNumber().masked());
    out.printf("name        %s%n", card.name().masked());
    Optional<IdCardText> text = card.text();
    LocalDate today = LocalDate.now();
    if (text.isPresent()) {
      IdCardText t = text.get();
      IdCardText.Validity v = t.validity(today);
      out.printf("valid       %s – %s: %s%n", t.validFrom(), t.isLongTerm() ? "长期 (long-term)" : t.validUntil(), v);
      if (v == IdCardText.Validity.EXPIRED) {
        out.println("            " + ReaderProblem.CARD_EXPIRED.zh() + " (the reader works; this card is expired)");
      }
    } else {
      out.printf("valid until %s%n", card.validUntil());
    }
    card.photo().ifPresent(photo -> out.printf("photo       %d B (%s)%n", photo.size(),
        isPng(photo.bytes()) ? "decoded, PNG" : "raw WLT: no vendor decoder configured"));
    out.println("result      OK: the reader works");
  }

  private int failed(DeviceException e, PrintWriter out, PrintWriter err, boolean cardStage) {
    ReaderProblem p = ReaderProblem.of(e).orElse(ReaderProblem.READER_FAULT);
    err.println("problem     " + p.name() + " (" + p.key() + "): " + p.zh());
    err.println("detail      " + e.getMessage());
    return switch (p) {
      case NOT_CONNECTED, NO_ANSWER, LINE_ERRORS -> {
        err.println("check the port name (" + port + "), cable, power and --baud; stop the agent first");
        yield EXIT_NO_READER;
      }
      case READER_FAULT -> EXIT_READER_FAULT;
      default -> cardStage ? EXIT_CARD_UNREADABLE : EXIT_READER_FAULT;
    };
  }

  private static Optional<SimCard> simulatedCard(SimulatedCard c) {
    return switch (c) {
      case RESIDENT -> Optional.of(SampleCards.RESIDENT);
      case HMT_PERMIT -> Optional.of(SampleCards.HMT_PERMIT);
      case FOREIGN_PERMANENT -> Optional.of(SampleCards.FOREIGN_PERMANENT);
      case EXPIRED -> Optional.of(SampleCards.RESIDENT_EXPIRED);
      case INVALID_CHECKSUM -> Optional.of(SampleCards.INVALID_CHECKSUM);
      case NONE -> Optional.empty();
    };
  }

  private static boolean isPng(byte[] b) {
    return b.length > 4 && b[0] == (byte) 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** Waits for a device future from this (non-Vert.x) command thread; unwraps its failure. */
  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw ReaderProblem.NO_ANSWER.exception("no result within 60 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ReaderProblem.NO_ANSWER.exception("interrupted");
    }
  }

  private static void get(Future<?> f, PrintWriter err) {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      err.println("while closing: " + e.getMessage());
    }
  }
}
