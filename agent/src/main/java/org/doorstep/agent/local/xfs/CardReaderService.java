package org.doorstep.agent.local.xfs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.idcard.IdCardReader;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.model.IdCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XFS4IoT CardReader service over the agent's {@link IdCardReader} port (the GA/T 467 ID-card reader).
 *
 * <p>{@code CardReader.ReadRawData} waits for a card ({@code timeout} ms, 0 = for ever), sends the execute event
 * {@code CardReader.MediaInsertedEvent} when one lies on the reader, reads it and completes with the vendor
 * property {@code idCard} ({@code cardType}, {@code idNumber}, {@code name}, {@code validUntil}): ID number and
 * name masked unless the connection's token has the personal-data scope. The spec's {@code track1}/{@code chip}
 * properties stay null: a resident ID card has neither magnetic tracks nor an EMV chip the host could use.
 * Errors: no card when the read began ({@code commandErrorCode}, {@code errorCode: noMedia}), unreadable card
 * ({@code invalidMedia}), reader not connected ({@code deviceNotReady}), reader timeout ({@code timeOut}).
 *
 * <p>While a read runs the kiosk's own flow starts no session ({@link ReaderHold}); a read asked for while a
 * resident is being served completes with {@code deviceNotReady}.
 *
 * <p>While it has connections the service polls the reader's presence every {@link #PRESENCE_POLL} and
 * sends the unsolicited {@code CardReader.MediaRemovedEvent} when a card is taken away.
 */
public final class CardReaderService implements XfsService {
  private static final Logger LOG = LoggerFactory.getLogger(CardReaderService.class);
  /** How often presence is polled: as often as the kiosk's own idle poll, so a card lifted is seen at once. */
  public static final Duration PRESENCE_POLL = Duration.ofMillis(250);
  /** Longest wait for one device call (a real read takes about 1 s). */
  public static final Duration DEVICE_CALL_TIMEOUT = Duration.ofSeconds(10);
  static final String READ_RAW_DATA = "CardReader.ReadRawData";
  static final String MEDIA_INSERTED = "CardReader.MediaInsertedEvent";
  static final String MEDIA_REMOVED = "CardReader.MediaRemovedEvent";

  private final Vertx vertx;
  private final IdCardReader reader;
  private final HealthRegistry health;
  private final ReaderHold hold;
  private long presenceTimer = -1;
  private Boolean lastPresent;
  private boolean polling;

  /**
   * How the kiosk's own flow leaves the reader to the host while a read runs (a GA/T 467 reader serves one
   * read per card placement, so two readers of one card would each get half).
   */
  public interface ReaderHold {
    /** Asks the kiosk to start no session; false when a resident is being served. */
    boolean hold();

    /** The host's read ended. */
    void release();

    /** No kiosk flow to arbitrate with (tests of the API alone). */
    ReaderHold NONE = new ReaderHold() {
      @Override
      public boolean hold() {
        return true;
      }

      @Override
      public void release() {
      }
    };
  }

  public CardReaderService(Vertx vertx, IdCardReader reader, HealthRegistry health) {
    this(vertx, reader, health, ReaderHold.NONE);
  }

  public CardReaderService(Vertx vertx, IdCardReader reader, HealthRegistry health, ReaderHold hold) {
    this.hold = Objects.requireNonNull(hold, "hold");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.reader = Objects.requireNonNull(reader, "reader");
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  public String name() {
    return "CardReader";
  }

  @Override
  public String path() {
    return "cardreader";
  }

  @Override
  public Set<String> commands() {
    return Set.of(READ_RAW_DATA);
  }

  @Override
  public Set<String> events() {
    return Set.of(MEDIA_INSERTED, MEDIA_REMOVED);
  }

  @Override
  public ObjectNode status() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.set("common", XfsStatus.common(health.get(Peripheral.ID_CARD_READER)));
    ObjectNode c = p.putObject("cardReader");
    c.put("media", lastPresent == null ? "unknown" : lastPresent ? "present" : "notPresent");
    c.put("security", "notSupported");
    c.put("chipPower", "notSupported");
    return p;
  }

  @Override
  public ObjectNode capabilities() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    ObjectNode c = p.putObject("cardReader");
    c.put("type", "contactless");     // GA/T 467: the card is laid on the reader, never drawn in
    c.putObject("readTracks");
    c.putObject("writeTracks");
    c.put("securityType", "notSupported");
    c.put("powerOnOption", "none");
    c.put("powerOffOption", "none");
    return p;
  }

  @Override
  public Future<Outcome> execute(XfsCommand command, Execution x) {
    if (!hold.hold()) {
      return Future.succeededFuture(Outcome.failed(CompletionCode.DEVICE_NOT_READY,
          "the kiosk is serving a resident with the reader; try again when its session ends"));
    }
    return read(command, x).eventually(() -> {
      hold.release();
      return Future.succeededFuture();
    });
  }

  private Future<Outcome> read(XfsCommand command, Execution x) {
    return waitForCard(x, command.timeoutMs() == 0 ? Long.MAX_VALUE : System.nanoTime() + command.timeoutMs() * 1_000_000)
        .compose(present -> {
          if (x.isCanceled()) {
            return Future.succeededFuture(Outcome.failed(CompletionCode.CANCELED, "canceled by the client"));
          }
          if (!present) {
            return Future.succeededFuture(Outcome.failed(CompletionCode.TIME_OUT,
                "no card was laid on the reader within " + command.timeoutMs() + " ms"));
          }
          x.event(MEDIA_INSERTED, JsonNodeFactory.instance.objectNode());
          return reader.read().timeout(DEVICE_CALL_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
              .map(card -> card.map(c -> Outcome.success(idCard(c, x.personalData())))
                  .orElseGet(() -> Outcome.error("noMedia", "the card was taken away before it was read")));
        })
        .recover(err -> Future.succeededFuture(failure(err)));
  }

  private static Outcome failure(Throwable err) {
    if (err instanceof DeviceException d && d.fault() == DeviceFault.CARD_UNREADABLE) {
      return Outcome.error("invalidMedia", "the card could not be read: lay it flat on the reader again");
    }
    return XfsStatus.deviceFailed("reader", err);
  }

  /** Polls presence until a card lies on the reader (true), the deadline passes (false) or the client cancels. */
  private Future<Boolean> waitForCard(Execution x, long deadlineNanos) {
    if (x.isCanceled()) {
      return Future.succeededFuture(false);
    }
    return reader.cardPresent().timeout(DEVICE_CALL_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .compose(present -> {
          if (present) {
            return Future.succeededFuture(true);
          }
          if (System.nanoTime() - deadlineNanos >= 0) {
            return Future.succeededFuture(false);
          }
          Promise<Void> tick = Promise.promise();
          long timer = vertx.setTimer(PRESENCE_POLL.toMillis(), id -> tick.tryComplete());
          x.canceled().onComplete(v -> {
            vertx.cancelTimer(timer);
            tick.tryComplete();
          });
          return tick.future().compose(v -> waitForCard(x, deadlineNanos));
        });
  }

  private static ObjectNode idCard(IdCard card, boolean personal) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    ObjectNode c = p.putObject("idCard");
    c.put("cardType", card.cardType().name());
    c.put("idNumber", personal ? card.idNumber().unmasked() : card.idNumber().masked());
    c.put("name", personal ? card.name().unmasked() : card.name().masked());
    c.put("validUntil", card.validUntil().toString());
    c.put("masked", !personal);
    return p;
  }

  @Override
  public void start(Consumer<String> broadcast) {
    if (presenceTimer >= 0) {
      return;
    }
    presenceTimer = vertx.setPeriodic(PRESENCE_POLL.toMillis(), id -> {
      if (polling) {
        return;     // the last poll has not answered yet: never queue polls behind a slow reader
      }
      polling = true;
      reader.cardPresent().timeout(DEVICE_CALL_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .onComplete(ar -> {
            polling = false;
            if (ar.failed()) {
              LOG.debug("presence poll failed: {}", ar.cause().getMessage());
              return;
            }
            boolean now = ar.result();
            if (Boolean.TRUE.equals(lastPresent) && !now) {
              broadcast.accept(XfsProtocol.unsolicited(MEDIA_REMOVED, JsonNodeFactory.instance.objectNode()));
            }
            lastPresent = now;
          });
    });
  }

  @Override
  public void stop() {
    if (presenceTimer >= 0) {
      vertx.cancelTimer(presenceTimer);
      presenceTimer = -1;
    }
  }
}
