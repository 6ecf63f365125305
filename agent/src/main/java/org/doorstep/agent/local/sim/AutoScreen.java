package org.doorstep.agent.local.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.doorstep.agent.local.Screen;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.model.MaskedResident;
import org.doorstep.agent.session.ResidentMessage;

/**
 * A screen that records what it showed and answers consent questions by itself: yes, no, or never
 * (to exercise the consent timeout). Thread-safe.
 */
public final class AutoScreen implements Screen {
  /** How the simulated resident answers the consent question. */
  public enum Answer { AGREE, REFUSE, NEVER }

  private final List<ResidentMessage> shown = new CopyOnWriteArrayList<>();
  private final List<Guidance> guided = new CopyOnWriteArrayList<>();
  private final AtomicReference<Answer> answer = new AtomicReference<>(Answer.AGREE);
  private final AtomicInteger wakes = new AtomicInteger();
  private final AtomicReference<Optional<MaskedResident>> resident = new AtomicReference<>(Optional.empty());

  /** Sets how the next consent questions are answered. */
  public void answer(Answer a) {
    answer.set(a);
  }

  /** Every message shown so far, oldest first. */
  public List<ResidentMessage> shown() {
    return List.copyOf(shown);
  }

  @Override
  public Future<Void> show(ResidentMessage message) {
    shown.add(message);
    return Future.succeededFuture();
  }

  /** Every face-check guidance shown so far, oldest first. */
  public List<Guidance> guided() {
    return List.copyOf(guided);
  }

  @Override
  public Future<Void> guide(Guidance guidance) {
    guided.add(guidance);
    return Future.succeededFuture();
  }

  /** The resident the screen was last told about (masked), if any. */
  public Optional<MaskedResident> resident() {
    return resident.get();
  }

  @Override
  public Future<Void> resident(Optional<MaskedResident> who) {
    resident.set(who);
    return Future.succeededFuture();
  }

  /** How often the screen was woken (presence sensor). */
  public int wakes() {
    return wakes.get();
  }

  /** Counts the wake-up; the simulated screen never sleeps. */
  @Override
  public Future<Void> wake() {
    wakes.incrementAndGet();
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> askConsent() {
    return switch (answer.get()) {
      case AGREE -> Future.succeededFuture(true);
      case REFUSE -> Future.succeededFuture(false);
      case NEVER -> Promise.<Boolean>promise().future();
    };
  }
}
