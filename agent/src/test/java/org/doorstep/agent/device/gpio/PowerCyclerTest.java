package org.doorstep.agent.device.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.model.DeviceFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PowerCyclerTest {
  /** Test-sized timings: 3 attempts, everything a few milliseconds. */
  private static final PowerCyclePolicy FAST = new PowerCyclePolicy(3, Duration.ofMillis(2), Duration.ofMillis(2),
      Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(500));

  private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  private final List<String> log = new CopyOnWriteArrayList<>();

  /** A relay that records what it was told (or fails when {@code broken}). */
  private PowerRelay relay(boolean broken) {
    return new PowerRelay() {
      @Override
      public Peripheral peripheral() {
        return Peripheral.PRINTER;
      }

      @Override
      public Future<Void> setPowered(boolean powered) {
        log.add("power " + (powered ? "on" : "off") + " while " + health.get(Peripheral.PRINTER).status());
        return broken ? Future.failedFuture(new DeviceException(DeviceFault.HARDWARE_ERROR, "relay stuck"))
            : Future.succeededFuture();
      }
    };
  }

  private PowerCycler cycler(Vertx vertx, PowerRelay relay) {
    return new PowerCycler(vertx, health, Map.of(Peripheral.PRINTER, relay), FAST, Clock.systemUTC(),
        e -> log.add(e.getClass().getSimpleName()));
  }

  @Test
  void device_answering_after_the_second_cycle_is_online_after_two_attempts(Vertx vertx, VertxTestContext ctx) {
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.OFFLINE);
    AtomicInteger probes = new AtomicInteger();
    PowerCycler c = cycler(vertx, relay(false));
    vertx.runOnContext(v -> c.recover(Peripheral.PRINTER, () -> probes.incrementAndGet() < 2
            ? Future.failedFuture(new DeviceException(DeviceFault.TIMEOUT, "silent")) : Future.succeededFuture())
        .onComplete(ctx.succeeding(n -> ctx.verify(() -> {
          assertThat(n).isEqualTo(2);
          assertThat(health.get(Peripheral.PRINTER).status()).isEqualTo(PeripheralHealth.ONLINE);
          assertThat(log).containsExactly("Attempt", "power off while POWEROFF", "power on while POWEROFF",
              "Attempt", "power off while POWEROFF", "power on while POWEROFF", "Recovered");
          ctx.completeNow();
        }))));
  }

  @Test
  void device_that_never_answers_gives_up_after_max_attempts_with_hwerror(Vertx vertx, VertxTestContext ctx) {
    PowerCycler c = cycler(vertx, relay(false));
    vertx.runOnContext(v -> c.recover(Peripheral.PRINTER, () -> Future.failedFuture(new DeviceException(DeviceFault.TIMEOUT, "silent")))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(DeviceException.faultOf(err)).isEqualTo(DeviceFault.HARDWARE_ERROR);
          assertThat(log.stream().filter("Attempt"::equals).count()).isEqualTo(3);
          assertThat(log.get(log.size() - 1)).isEqualTo("GaveUp");
          assertThat(health.get(Peripheral.PRINTER).status()).isEqualTo(PeripheralHealth.HWERROR);
          assertThat(health.get(Peripheral.PRINTER).lastError().orElseThrow().code()).isEqualTo("POWER_CYCLE_FAILED");
          assertThat(c.cycling(Peripheral.PRINTER)).isFalse();
          ctx.completeNow();
        }))));
  }

  @Test
  void probe_that_hangs_is_bounded_by_the_probe_timeout(Vertx vertx, VertxTestContext ctx) {
    PowerCyclePolicy oneShot = new PowerCyclePolicy(1, Duration.ofMillis(1), Duration.ofMillis(1),
        Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(20));
    PowerCycler c = new PowerCycler(vertx, health, Map.of(Peripheral.PRINTER, relay(false)), oneShot,
        Clock.systemUTC(), e -> { });
    vertx.runOnContext(v -> c.recover(Peripheral.PRINTER, () -> io.vertx.core.Promise.promise().future())
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(health.get(Peripheral.PRINTER).status()).isEqualTo(PeripheralHealth.HWERROR);
          ctx.completeNow();
        }))));
  }

  @Test
  void broken_relay_gives_up_at_once(Vertx vertx, VertxTestContext ctx) {
    PowerCycler c = cycler(vertx, relay(true));
    vertx.runOnContext(v -> c.recover(Peripheral.PRINTER, Future::succeededFuture)
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(log).containsExactly("Attempt", "power off while POWEROFF", "GaveUp");
          assertThat(health.get(Peripheral.PRINTER).lastError().orElseThrow().text()).contains("relay");
          ctx.completeNow();
        }))));
  }

  @Test
  void second_request_joins_the_run_in_progress_and_no_relay_fails_fast(Vertx vertx, VertxTestContext ctx) {
    PowerCycler c = cycler(vertx, relay(false));
    vertx.runOnContext(v -> {
      Future<Integer> a = c.recover(Peripheral.PRINTER, Future::succeededFuture);
      Future<Integer> b = c.recover(Peripheral.PRINTER, Future::succeededFuture);
      ctx.verify(() -> {
        assertThat(b).isSameAs(a);
        assertThat(DeviceException.faultOf(c.recover(Peripheral.CAMERA, Future::succeededFuture).cause()))
            .isEqualTo(DeviceFault.NOT_CONNECTED);
      });
      a.onComplete(ctx.succeeding(n -> ctx.verify(() -> {
        assertThat(log.stream().filter("Attempt"::equals).count()).isEqualTo(1);
        ctx.completeNow();
      })));
    });
  }
}
