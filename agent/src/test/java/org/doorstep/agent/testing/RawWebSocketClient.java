package org.doorstep.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bank host's view of the XFS4IoT API: the JDK's own WebSocket client sending and receiving JSON text,
 * none of our message classes, so the tests check the wire as an independent client sees it.
 */
public final class RawWebSocketClient implements WebSocket.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final Duration wait;
  private WebSocket ws;

  private RawWebSocketClient(Duration wait) {
    this.wait = wait;
  }

  /**
   * Opens {@code uri}, with {@code Authorization: Bearer <bearer>} unless {@code bearer} is null.
   *
   * @param wait how long {@link #next()} waits for a message
   * @throws CompletionException with the handshake's failure (e.g. {@code WebSocketHandshakeException})
   */
  public static RawWebSocketClient connect(String uri, String bearer, Duration wait) throws Exception {
    RawWebSocketClient c = new RawWebSocketClient(wait);
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    try {
      c.ws = b.buildAsync(URI.create(uri), c).get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
    return c;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      received.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  /** Sends one text message. */
  public void send(String text) {
    ws.sendText(text, true).join();
  }

  /** The next message received, failing the test when none comes within the wait. */
  public JsonNode next() throws Exception {
    String m = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(m).as("a message within " + wait).isNotNull();
    return JSON.readTree(m);
  }

  /** The next message whose {@code header.type} is {@code type}, skipping others. */
  public JsonNode nextOfType(String type) throws Exception {
    while (true) {
      JsonNode m = next();
      if (type.equals(m.at("/header/type").asText())) {
        return m;
      }
    }
  }

  /** Closes normally, if still open. */
  public void close() {
    if (ws != null && !ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
  }
}
