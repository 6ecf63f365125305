package org.doorstep.fleet.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Vert.x future from a test thread (never call it on a Vert.x thread). */
public final class Futures {
  private Futures() {}

  /** The future's result within 10 s; its failure is rethrown as is (unchecked) or wrapped. */
  public static <T> T await(Future<T> f) {
    return await(f, Duration.ofSeconds(10));
  }

  /**
   * The future's result within {@code timeout} (HiveMQ start and stop take seconds, more on a busy
   * machine); its failure is rethrown as is (unchecked) or wrapped.
   */
  public static <T> T await(Future<T> f, Duration timeout) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      throw new AssertionError("future not complete within " + timeout, e);
    }
  }

  /** The future's failure within 10 s; fails the test if it succeeded. */
  public static Throwable failure(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      throw new AssertionError("future not complete within 10 s", e);
    }
    throw new AssertionError("expected a failure, but the future succeeded");
  }
}
