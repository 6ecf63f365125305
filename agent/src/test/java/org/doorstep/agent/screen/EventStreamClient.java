package org.doorstep.agent.screen;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A page's end of {@code GET /api/events}, written from the HTTP/1.1 and server-sent-events specifications rather
 * than with our classes: a plain socket, the response head, chunked transfer coding, and events split at blank
 * lines ({@code event:}, {@code data:}, {@code retry:}). {@link #close()} drops the connection as a closed browser
 * tab does. Each {@code view} event's data is parsed as JSON and queued.
 */
final class EventStreamClient implements AutoCloseable {
  private final Socket socket;
  private final BlockingQueue<JsonObject> views = new LinkedBlockingQueue<>();
  private final List<String> raw = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile String status = "";
  private volatile String contentType = "";
  private volatile long retryMs = -1;

  private EventStreamClient(Socket socket) {
    this.socket = socket;
    this.reader = new Thread(this::read, "event-stream-client");
    reader.setDaemon(true);
  }

  /** Connects to {@code 127.0.0.1:port} and asks for the event stream. */
  static EventStreamClient open(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    EventStreamClient c = new EventStreamClient(s);
    c.reader.start();
    return c;
  }

  /** The next view, waiting at most {@code wait}; fails the test when none comes. */
  JsonObject next(Duration wait) throws InterruptedException {
    JsonObject v = views.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (v == null) {
      throw new AssertionError("no view event within " + wait + " (status '" + status + "')");
    }
    return v;
  }

  /** Views until one matches {@code wanted} (that one returned), waiting at most {@code wait} in all. */
  JsonObject until(Predicate<JsonObject> wanted, Duration wait) throws InterruptedException {
    long end = System.nanoTime() + wait.toNanos();
    List<String> seen = new ArrayList<>();
    while (true) {
      long left = end - System.nanoTime();
      JsonObject v = left <= 0 ? null : views.poll(left, TimeUnit.NANOSECONDS);
      if (v == null) {
        throw new AssertionError("no matching view within " + wait + "; saw " + seen);
      }
      if (wanted.test(v)) {
        return v;
      }
      seen.add(v.getString("page") + "/" + v.getJsonObject("message").getString("key"));
    }
  }

  /** Everything received in the stream's body so far (events and comments), decoded. */
  String received() {
    return String.join("", raw);
  }

  String status() {
    return status;
  }

  String contentType() {
    return contentType;
  }

  long retryMs() {
    return retryMs;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void read() {
    try (InputStream in = socket.getInputStream()) {
      status = line(in);
      boolean chunked = false;
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("content-type:")) {
          contentType = h.substring(h.indexOf(':') + 1).trim();
        }
      }
      StringBuilder pending = new StringBuilder();
      while (true) {
        String text;
        if (chunked) {
          String size = line(in);
          int n = Integer.parseInt(size.split(";")[0].trim(), 16);
          if (n == 0) {
            return;
          }
          text = new String(in.readNBytes(n), StandardCharsets.UTF_8);
          line(in);   // the CRLF after the chunk
        } else {
          byte[] b = new byte[4096];
          int n = in.read(b);
          if (n < 0) {
            return;
          }
          text = new String(b, 0, n, StandardCharsets.UTF_8);
        }
        raw.add(text);
        pending.append(text.replace("\r\n", "\n"));
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
          dispatch(pending.substring(0, end));
          pending.delete(0, end + 2);
        }
      }
    } catch (IOException | RuntimeException e) {
      // closed by the test or the server
    }
  }

  private void dispatch(String block) {
    String event = "message";
    StringBuilder data = new StringBuilder();
    for (String l : block.split("\n")) {
      if (l.startsWith(":")) {
        continue;   // a comment (keep-alive)
      }
      int colon = l.indexOf(':');
      String field = colon < 0 ? l : l.substring(0, colon);
      String value = colon < 0 ? "" : l.substring(colon + 1).replaceFirst("^ ", "");
      switch (field) {
        case "event" -> event = value;
        case "data" -> data.append(data.length() == 0 ? "" : "\n").append(value);
        case "retry" -> retryMs = Long.parseLong(value);
        default -> { }
      }
    }
    if (event.equals("view") && data.length() > 0) {
      views.add(new JsonObject(data.toString()));
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    if (c < 0 && b.size() == 0) {
      throw new IOException("end of stream");
    }
    return b.toString(StandardCharsets.UTF_8);
  }
}
