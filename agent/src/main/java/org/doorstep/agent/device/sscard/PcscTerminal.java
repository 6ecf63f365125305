package org.doorstep.agent.device.sscard;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import org.doorstep.agent.device.DeviceException;

/**
 * The PC/SC terminal on the JDK's {@code javax.smartcardio} (module java.smartcardio; pcsc-lite's libpcsclite
 * underneath, talking to {@code pcscd}). Thin: it only finds the reader, connects and transmits; every decision is
 * in {@link CardReadSequence}.
 *
 * <p>The library: OpenJDK 17 on Debian finds {@code libpcsclite.so.1} by itself (checked with 17.0.15); older
 * builds look only for the unversioned {@code libpcsclite.so} of the -dev package and need
 * {@code -Dsun.security.smartcardio.library=/usr/lib/x86_64-linux-gnu/libpcsclite.so.1} (set it in
 * {@code JAVA_OPTS}; {@link #LIBRARY_PROPERTY}). The JDK keeps one PC/SC context per process: after pcscd restarts,
 * the agent must restart too (every call then fails with {@code NOT_CONNECTED}).
 */
public final class PcscTerminal implements ApduTerminal {
  /** The JDK's system property naming the PC/SC library. */
  public static final String LIBRARY_PROPERTY = "sun.security.smartcardio.library";

  private final String readerNamePart;

  /** @param readerNamePart part of the PC/SC reader name to use (case-insensitive); empty = the first reader */
  public PcscTerminal(String readerNamePart) {
    this.readerNamePart = readerNamePart == null ? "" : readerNamePart;
  }

  /** The PC/SC reader names pcscd reports now. */
  public static List<String> readerNames() {
    try {
      return TerminalFactory.getDefault().terminals().list().stream().map(CardTerminal::getName).toList();
    } catch (CardException | RuntimeException e) {
      throw notConnected(e);
    }
  }

  @Override
  public boolean cardPresent() {
    try {
      return terminal().isCardPresent();
    } catch (CardException e) {
      throw translate(e);
    }
  }

  @Override
  public Optional<Session> connect() {
    CardTerminal terminal = terminal();
    try {
      if (!terminal.isCardPresent()) {
        return Optional.empty();
      }
      Card card = terminal.connect("*");
      return Optional.of(new PcscSession(card));
    } catch (CardException e) {
      DeviceException d = translate(e);
      if (SsCardProblem.of(d).orElse(null) == SsCardProblem.CARD_REMOVED) {
        return Optional.empty();                  // pulled between the presence check and the connect
      }
      throw d;
    }
  }

  private CardTerminal terminal() {
    List<CardTerminal> list;
    try {
      list = TerminalFactory.getDefault().terminals().list();
    } catch (CardException | RuntimeException e) {
      throw notConnected(e);
    }
    String part = readerNamePart.toLowerCase(Locale.ROOT);
    return list.stream().filter(t -> t.getName().toLowerCase(Locale.ROOT).contains(part)).findFirst()
        .orElseThrow(() -> SsCardProblem.NOT_CONNECTED.exception("no PC/SC reader named like \"" + readerNamePart
            + "\" among " + list.size() + " reader(s)"));
  }

  private static DeviceException notConnected(Exception e) {
    return SsCardProblem.NOT_CONNECTED.exception("PC/SC unavailable (is pcscd running? " + LIBRARY_PROPERTY
        + " set if the JDK cannot load libpcsclite): " + pcscCode(e));
  }

  /** Maps a PC/SC failure (the JDK puts the SCARD_* name in the cause's message) to a problem. */
  static DeviceException translate(Exception e) {
    String code = pcscCode(e);
    if (code.contains("REMOVED_CARD") || code.contains("NOT_TRANSACTED") || code.contains("NO_SMARTCARD")
        || code.contains("RESET_CARD") || code.contains("UNPOWERED_CARD")) {
      return SsCardProblem.CARD_REMOVED.exception(code);
    }
    if (code.contains("TIMEOUT")) {
      return SsCardProblem.NO_ANSWER.exception(code);
    }
    if (code.contains("UNRESPONSIVE_CARD") || code.contains("PROTO_MISMATCH") || code.contains("COMM_ERROR")) {
      return SsCardProblem.READ_FAILED_TRY_AGAIN.exception(code);
    }
    return SsCardProblem.NOT_CONNECTED.exception(code);
  }

  private static String pcscCode(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      s.append(s.length() == 0 ? "" : " / ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
    }
    return s.toString();
  }

  private static final class PcscSession implements Session {
    private final Card card;

    PcscSession(Card card) {
      this.card = card;
    }

    @Override
    public byte[] atr() {
      return card.getATR().getBytes();
    }

    @Override
    public String protocol() {
      return card.getProtocol();
    }

    @Override
    public byte[] transmit(byte[] command) {
      try {
        ResponseAPDU r = card.getBasicChannel().transmit(new CommandAPDU(command));
        return r.getBytes();
      } catch (CardException | IllegalStateException e) {
        throw translate(e instanceof CardException c ? c : new CardException(e.getMessage(), e));
      } catch (IllegalArgumentException e) {
        // The stack returned fewer than 2 bytes (no SW1 SW2): the card stopped answering mid-command. vpcd does
        // this when its card disconnects, and pcscd reports the removal only at the next call.
        throw SsCardProblem.CARD_REMOVED.exception("response without status word (" + e.getMessage() + ")");
      }
    }

    @Override
    public void close() {
      try {
        card.disconnect(false);
      } catch (CardException | IllegalStateException e) {
        // the card went away already: nothing left to release
      }
    }
  }
}
