package org.doorstep.agent.device.wiring;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.idcard.IdCardReader;
import org.doorstep.agent.model.IdCard;

/**
 * An {@link IdCardReader} that reports every answer of the reader it wraps to the health registry: a
 * card poll or read that works means ONLINE, a failure records its {@link
 * org.doorstep.agent.device.idcard.ReaderProblem}. Answers pass through unchanged. Threads as the wrapped
 * reader.
 */
final class ReportingIdCardReader implements IdCardReader {
  private final IdCardReader reader;
  private final PeripheralFeed feed;

  ReportingIdCardReader(IdCardReader reader, PeripheralFeed feed) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.feed = Objects.requireNonNull(feed, "feed");
  }

  @Override
  public Future<Boolean> cardPresent() {
    return reader.cardPresent().andThen(r -> {
      if (r.succeeded()) {
        feed.ok(PeripheralHealth.ONLINE);
      } else {
        feed.failed(r.cause());
      }
    });
  }

  @Override
  public Future<Optional<IdCard>> read() {
    return reader.read().andThen(r -> {
      if (r.succeeded()) {
        feed.ok(PeripheralHealth.ONLINE);
      } else {
        feed.failed(r.cause());
      }
    });
  }

  /** Asks the reader and records the answer. */
  @Override
  public Future<PeripheralHealth> health() {
    return reader.health().andThen(r -> {
      if (r.succeeded()) {
        feed.ok(r.result());
      }
    });
  }
}
