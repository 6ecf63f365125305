package org.doorstep.fleet.alarms;

import org.doorstep.fleet.alarms.rules.Alarm;
import org.doorstep.fleet.alarms.rules.WebhookSignature;
import org.doorstep.fleet.alarms.rules.WebhookOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alarm events to the configured receiver (docs/alarms-webhook.md): a JSON POST signed with
 * {@link WebhookSignature}, retried with exponential backoff on a transport error or a non-2xx
 * answer, and kept in the dead letters ({@link AlarmStore#saveDeadLetter}) when every attempt failed.
 * Never blocks: Vert.x {@link WebClient}, retries on timers.
 *
 * <p>Threads: {@link #deliver} may be called from any Vert.x thread; attempts run on the caller's context.
 */
public final class AlarmWebhook {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmWebhook.class);

  private final Vertx vertx;
  private final WebhookOptions options;
  private final AlarmStore store;
  private final Clock clock;
  private final WebClient client;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();

  /**
   * @param options where to; with an empty url {@link #deliver} does nothing
   * @param store   where dead letters go
   * @param clock   the timestamp signed with each attempt
   */
  public AlarmWebhook(Vertx vertx, WebhookOptions options, AlarmStore store, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = options.url().isPresent()
        ? WebClient.create(vertx, new WebClientOptions()
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis()))
            .setUserAgent("doorstep-fleet-alarms"))
        : null;
  }

  /** Whether a receiver is configured. */
  public boolean enabled() {
    return client != null;
  }

  /**
   * Sends one event: {@code {"event": …, "sentAt": …, "alarm": {…}}}.
   *
   * @param event {@code raised}, {@code updated}, {@code acknowledged}, {@code cleared} or {@code escalated}
   * @return completes with true once the receiver answered 2xx, false once the event went to the dead
   *     letters (or no webhook is configured); never fails
   */
  public Future<Boolean> deliver(String event, Alarm alarm) {
    if (client == null) {
      return Future.succeededFuture(false);
    }
    String body = new JsonObject().put("event", event).put("sentAt", clock.instant().toString())
        .put("alarm", AlarmApi.json(alarm)).encode();
    Promise<Boolean> done = Promise.promise();
    attempt(event, alarm, body, 1, done);
    return done.future();
  }

  private void attempt(String event, Alarm alarm, String body, int n, Promise<Boolean> done) {
    long ts = clock.instant().getEpochSecond();
    URI url = options.url().orElseThrow();
    client.postAbs(url.toString())
        .timeout(options.timeout().toMillis())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts))
        .putHeader(WebhookSignature.EVENT_HEADER, event)
        .putHeader(WebhookSignature.HEADER, WebhookSignature.sign(options.secret(), ts, body))
        .sendBuffer(Buffer.buffer(body))
        .transform(ar -> {
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
            return Future.succeededFuture((String) null);
          }
          return Future.succeededFuture(ar.succeeded() ? "HTTP " + ar.result().statusCode() : String.valueOf(ar.cause().getMessage()));
        })
        .onSuccess(error -> {
          if (error == null) {
            delivered.incrementAndGet();
            done.complete(true);
          } else if (n < options.maxAttempts()) {
            LOG.debug("Alarm webhook {} of alarm {} failed (attempt {}): {}", event, alarm.id(), n, error);
            vertx.setTimer(Math.max(1, options.backoff(n + 1).toMillis()), id -> attempt(event, alarm, body, n + 1, done));
          } else {
            LOG.warn("Alarm webhook {} of alarm {} failed {} time(s), last: {}; kept in the dead letters",
                event, alarm.id(), n, error);
            store.saveDeadLetter(new AlarmStore.DeadLetter(UUID.randomUUID().toString(), alarm.id(), event, body, n,
                error, clock.instant()))
                .onFailure(err -> LOG.error("Dead letter of alarm {} not stored: {}", alarm.id(), err.getMessage()))
                .onComplete(x -> {
                  deadLettered.incrementAndGet();
                  done.complete(false);
                });
          }
        });
  }

  /** Deliveries the receiver took. */
  public long delivered() {
    return delivered.get();
  }

  /** Deliveries that went to the dead letters. */
  public long deadLettered() {
    return deadLettered.get();
  }

  /** Closes the HTTP client. */
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
