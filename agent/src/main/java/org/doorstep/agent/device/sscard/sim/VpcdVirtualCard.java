package org.doorstep.agent.device.sscard.sim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual card in vsmartcard's virtual reader {@code vpcd} (Debian vsmartcard-vpcd, a pcsc-lite driver): the
 * card side of the vpcd socket protocol, so the real PC/SC stack (pcscd, libpcsclite, javax.smartcardio) reads an
 * {@link SsCardApplet}. The protocol (vsmartcard {@code vpcd.c}/{@code vicc}): vpcd listens on TCP (port from
 * its reader.conf {@code DEVICENAME /dev/null:<port>}); the card connects; every message both ways is a 2-byte
 * big-endian length then the payload. From vpcd, a 1-byte payload is a control: {@code 00} power off, {@code 01}
 * power on, {@code 02} reset, {@code 04} get ATR (the card answers with its ATR); any longer payload is a command
 * APDU, answered with the response APDU. Connected = card inserted; {@link #remove()} = card pulled.
 *
 * <pre>{@code
 * try (VpcdVirtualCard card = VpcdVirtualCard.insert("127.0.0.1", port, SampleSsCards.RESIDENT)) { ... }
 * }</pre>
 */
public final class VpcdVirtualCard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VpcdVirtualCard.class);

  private final Socket socket;
  private final SsCardApplet applet;
  private final Thread thread;
  private final AtomicInteger apdus = new AtomicInteger();
  private volatile int pullAfterApdus = Integer.MAX_VALUE;

  private VpcdVirtualCard(Socket socket, SsCardApplet applet, String label) {
    this.socket = socket;
    this.applet = applet;
    this.thread = new Thread(this::serve, "vpcd-card-" + label);
    thread.setDaemon(true);
  }

  /** Connects {@code card} to the vpcd listening at {@code host:port} (inserts it). */
  public static VpcdVirtualCard insert(String host, int port, SimSsCard card) {
    try {
      Socket s = new Socket();
      s.connect(new InetSocketAddress(host, port), (int) Duration.ofSeconds(5).toMillis());
      s.setTcpNoDelay(true);
      VpcdVirtualCard c = new VpcdVirtualCard(s, new SsCardApplet(card), card.name());
      c.thread.start();
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("vpcd not reachable at " + host + ":" + port, e);
    }
  }

  /** Pull the card out when vpcd sends the APDU after the {@code n}th (mid-read removal). */
  public void pullAfterApdus(int n) {
    pullAfterApdus = n;
  }

  /** APDUs answered so far. */
  public int apdusAnswered() {
    return apdus.get();
  }

  /** Pulls the card out (closes the connection). */
  public void remove() {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing vpcd socket: {}", e.toString());
    }
  }

  @Override
  public void close() {
    remove();
  }

  private void serve() {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      while (true) {
        quickAck();
        byte[] msg = new byte[in.readUnsignedShort()];
        in.readFully(msg);
        if (msg.length == 1) {
          switch (msg[0]) {
            case 0x00, 0x01, 0x02 -> applet.reset();                 // power off / on / reset
            case 0x04 -> send(out, applet.atr());
            default -> LOG.warn("vpcd control byte {} unknown", msg[0]);
          }
          continue;
        }
        if (apdus.get() >= pullAfterApdus) {
          return;                                                   // pulled mid-read: no answer, socket closed
        }
        send(out, applet.process(msg));
        apdus.incrementAndGet();
      }
    } catch (EOFException e) {
      LOG.debug("vpcd closed the connection");
    } catch (IOException e) {
      LOG.debug("vpcd card stopped: {}", e.toString());
    }
  }

  /**
   * vpcd writes a message's length and its payload in two send() calls without TCP_NODELAY: Nagle then holds the
   * payload until the length is acknowledged, and a delayed ACK here costs ~40 ms per APDU. Quick ACK (Linux; it
   * resets itself, so it is set before every read) removes that artefact of the simulator's transport.
   */
  private void quickAck() {
    try {
      if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
        socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
      }
    } catch (IOException e) {
      LOG.debug("TCP_QUICKACK: {}", e.toString());
    }
  }

  private static void send(DataOutputStream out, byte[] payload) throws IOException {
    byte[] frame = new byte[payload.length + 2];             // one segment: length and payload together
    frame[0] = (byte) (payload.length >> 8);
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    out.write(frame);
    out.flush();
  }
}
