package org.doorstep.agent.device.sscard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.doorstep.agent.device.PeripheralHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SocialSecurityCardReader} over an {@link ApduTerminal}: {@link PcscTerminal} on kiosks (driver PCSC),
 * the in-process simulated terminal for driver SIMULATED. All terminal calls run on one shared worker thread
 * ({@code sscard}), so two reads never interleave their APDUs; each call times out after {@code timeout}
 * (default 5 s: a T=1 read takes well under a second, a reader that hangs longer is broken). Logs the card only
 * masked and the APDUs at TRACE with their lengths only.
 */
public final class TerminalSocialSecurityCardReader implements SocialSecurityCardReader {
  /** A read that has not finished after this long counts as NO_ANSWER. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(TerminalSocialSecurityCardReader.class);

  private final ApduTerminal terminal;
  private final WorkerExecutor worker;
  private final Duration timeout;

  public TerminalSocialSecurityCardReader(Vertx vertx, ApduTerminal terminal, Duration timeout) {
    this.terminal = Objects.requireNonNull(terminal, "terminal");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.worker = vertx.createSharedWorkerExecutor("sscard", 1);
  }

  @Override
  public Future<Boolean> cardPresent() {
    return blocking(terminal::cardPresent);
  }

  @Override
  public Future<Optional<SocialSecurityCard>> read() {
    return blocking(() -> {
      Optional<ApduTerminal.Session> session = terminal.connect();
      if (session.isEmpty()) {
        return Optional.<SocialSecurityCard>empty();
      }
      CardRead read;
      try (ApduTerminal.Session s = session.get()) {
        read = CardRead.run(s);
      }
      if (LOG.isTraceEnabled()) {
        read.exchanges().forEach(x -> LOG.trace("{}: {} bytes → {} bytes in {} µs", x.command(), x.commandBytes(),
            x.responseBytes(), x.nanos() / 1000));
      }
      if (read.failure().isPresent()) {
        throw read.failure().get();
      }
      LOG.debug("read {} in {} APDUs, {} ms", read.card().orElseThrow(), read.exchanges().size(),
          read.totalNanos() / 1_000_000);
      return read.card();
    });
  }

  @Override
  public Future<PeripheralHealth> health() {
    return blocking(() -> {
      terminal.cardPresent();
      return PeripheralHealth.ONLINE;
    }).recover(e -> Future.succeededFuture(
        SsCardProblem.of(e).orElse(null) == SsCardProblem.NOT_CONNECTED ? PeripheralHealth.OFFLINE
            : PeripheralHealth.HWERROR));
  }

  /** Releases the worker. */
  public Future<Void> close() {
    return worker.close();
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return worker.executeBlocking(work, true).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(e instanceof TimeoutException
            ? SsCardProblem.NO_ANSWER.exception("no answer within " + timeout.toMillis() + " ms") : e));
  }
}
