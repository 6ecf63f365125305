package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.RunningServices.Closer;
import org.junit.jupiter.api.Test;

class RunningServicesTest {

  @Test
  void closers_run_last_started_first() {
    List<String> closed = new ArrayList<>();
    Future<Void> done = RunningServices.closeAll(List.of(
        Closer.now("outbox", () -> closed.add("outbox")),
        Closer.now("uplink", () -> closed.add("uplink")),
        Closer.now("local servers", () -> closed.add("local servers"))));
    assertThat(done.succeeded()).isTrue();
    assertThat(closed).containsExactly("local servers", "uplink", "outbox");
  }

  @Test
  void a_failing_or_throwing_closer_does_not_stop_the_others() {
    List<String> closed = new ArrayList<>();
    Future<Void> done = RunningServices.closeAll(List.of(
        Closer.now("outbox", () -> closed.add("outbox")),
        new Closer("uplink", () -> Future.failedFuture(new IllegalStateException("broker gone"))),
        new Closer("reporter", () -> {
          throw new IllegalStateException("already stopped");
        }),
        Closer.now("runner", () -> closed.add("runner"))));
    assertThat(done.succeeded()).isTrue();
    assertThat(closed).containsExactly("runner", "outbox");
  }

  @Test
  void each_closer_waits_for_the_one_closed_before_it() {
    List<String> closed = new ArrayList<>();
    Promise<Void> offlinePublished = Promise.promise();
    Future<Void> done = RunningServices.closeAll(List.of(
        Closer.now("uplink", () -> closed.add("uplink")),
        new Closer("reporter", () -> {
          closed.add("reporter");
          return offlinePublished.future();
        })));
    assertThat(closed).containsExactly("reporter");
    assertThat(done.isComplete()).isFalse();
    offlinePublished.complete();
    assertThat(closed).containsExactly("reporter", "uplink");
    assertThat(done.succeeded()).isTrue();
  }
}
