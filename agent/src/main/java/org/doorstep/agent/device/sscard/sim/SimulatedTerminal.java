package org.doorstep.agent.device.sscard.sim;

import java.util.Optional;
import org.doorstep.agent.device.sscard.ApduTerminal;
import org.doorstep.agent.device.sscard.SsCardProblem;

/**
 * An in-process terminal (driver SIMULATED: the demo without pcscd): the same {@link SsCardApplet} the vpcd card
 * runs, without the PC/SC stack. {@link #insert}/{@link #remove} act as the resident; {@link #offline} as a
 * disconnected reader. Thread safe.
 */
public final class SimulatedTerminal implements ApduTerminal {
  private SsCardApplet applet;
  private boolean offline;

  /** Inserts {@code card}. */
  public synchronized void insert(SimSsCard card) {
    applet = new SsCardApplet(card);
  }

  /** Pulls the card out. */
  public synchronized void remove() {
    applet = null;
  }

  /** Disconnects (or reconnects) the reader. */
  public synchronized void offline(boolean on) {
    offline = on;
  }

  @Override
  public synchronized boolean cardPresent() {
    checkOnline();
    return applet != null;
  }

  @Override
  public synchronized Optional<Session> connect() {
    checkOnline();
    if (applet == null) {
      return Optional.empty();
    }
    SsCardApplet a = applet;
    a.reset();
    return Optional.of(new Session() {
      @Override
      public byte[] atr() {
        return a.atr();
      }

      @Override
      public String protocol() {
        return "T=1";
      }

      @Override
      public byte[] transmit(byte[] command) {
        synchronized (SimulatedTerminal.this) {
          if (applet != a) {
            throw SsCardProblem.CARD_REMOVED.exception("simulated card pulled");
          }
          return a.process(command);
        }
      }

      @Override
      public void close() {
      }
    });
  }

  private void checkOnline() {
    if (offline) {
      throw SsCardProblem.NOT_CONNECTED.exception("simulated reader offline");
    }
  }
}
