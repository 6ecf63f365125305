package org.doorstep.agent.local;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.records.OutboxSummary;
import org.doorstep.config.contract.CertificationRecord.Outcome;

/**
 * The agent's Prometheus metrics, served at {@value #PATH} on the local HTTP server (loopback, like
 * {@code /api/health}). Every metric is listed in the agent README, "Metrics".
 *
 * <p>It owns no counter the agent reads: gauges and function counters read the parts that keep the
 * numbers (the {@link HealthRegistry}, the outbox's summary, the ack tracker's and uplink's
 * accessors), handed in as suppliers so that this package depends on none of them. The two events
 * nobody else counts, a record committed and a session ended, are counted here.
 *
 * <p>Threads: {@link #recordCommitted} and {@link #sessionEnded} from any thread; the route on the
 * server's event loop.
 */
public final class AgentMetrics {
  /** The resource path. */
  public static final String PATH = "/metrics";
  static final String OPENMETRICS = "application/openmetrics-text";
  static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter committed;
  private final AtomicLong pending = new AtomicLong();
  private final MultiGauge rejected;
  // Sources handed in once the parts exist (and again after a restart of them). The meters are
  // registered once, on this object: Micrometer holds a function meter's object only weakly.
  private volatile Supplier<Future<OutboxSummary>> outboxSummary;
  private volatile LongSupplier acksReceived = () -> 0;
  private volatile LongSupplier delivered = () -> 0;
  private volatile BooleanSupplier uplinkConnected = () -> false;

  /** Registers JVM memory and one 1/0 gauge per peripheral and health state, read from {@code health}. */
  public AgentMetrics(HealthRegistry health) {
    Objects.requireNonNull(health, "health");
    new JvmMemoryMetrics().bindTo(registry);
    for (Peripheral p : Peripheral.values()) {
      for (PeripheralHealth h : PeripheralHealth.values()) {
        Gauge.builder("doorstep.agent.peripheral.status", () -> health.get(p).status() == h ? 1 : 0)
            .tags("peripheral", p.key(), "status", h.name())
            .description("1 for the peripheral's current health state, 0 for the others").register(registry);
      }
    }
    Gauge.builder("doorstep.agent.outbox.pending", pending, AtomicLong::get)
        .description("Records in the outbox not yet acked by the fleet").register(registry);
    FunctionCounter.builder("doorstep.agent.acks.received", this, m -> m.acksReceived.getAsLong())
        .description("Ack messages received from the fleet since start").register(registry);
    FunctionCounter.builder("doorstep.agent.outbox.delivered", this, m -> m.delivered.getAsLong())
        .description("Records the fleet acked as stored since start").register(registry);
    rejected = MultiGauge.builder("doorstep.agent.outbox.rejected")
        .description("Records the fleet refused, kept for staff until the retention purge, by the fleet's reason")
        .register(registry);
    Gauge.builder("doorstep.agent.uplink.connected", this, m -> m.uplinkConnected.getAsBoolean() ? 1 : 0)
        .description("1 while the MQTT uplink to the fleet is connected").register(registry);
    committed = Counter.builder("doorstep.agent.records.committed")
        .description("Certification records committed to the outbox since start").register(registry);
  }

  /** Counts one record committed to the outbox. */
  public void recordCommitted() {
    committed.increment();
  }

  /**
   * Counts one ended certification session by its record's outcome ({@code NO_RECORD} when none was
   * made: cancelled, timed out, card unreadable).
   */
  public void sessionEnded(Optional<Outcome> outcome) {
    Counter.builder("doorstep.agent.sessions").tag("outcome", outcome.map(Enum::name).orElse("NO_RECORD"))
        .description("Certification sessions ended since start, by the outcome of their record")
        .register(registry).increment();
  }

  /**
   * Where {@code doorstep_agent_outbox_pending} and {@code doorstep_agent_outbox_rejected} are read
   * before each scrape (the outbox's own summary: the numbers survive restarts).
   */
  public AgentMetrics outbox(Supplier<Future<OutboxSummary>> summary) {
    this.outboxSummary = Objects.requireNonNull(summary, "summary");
    return this;
  }

  /** Where the fleet-ack counters are read (the ack tracker's accessors). */
  public AgentMetrics acks(LongSupplier acksReceived, LongSupplier delivered) {
    this.acksReceived = Objects.requireNonNull(acksReceived, "acksReceived");
    this.delivered = Objects.requireNonNull(delivered, "delivered");
    return this;
  }

  /** Where {@code doorstep_agent_uplink_connected} is read (1 connected, 0 not). */
  public AgentMetrics uplink(BooleanSupplier connected) {
    this.uplinkConnected = Objects.requireNonNull(connected, "connected");
    return this;
  }

  /** The registry (tests read meters from it). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Re-reads the store-backed gauges (outbox pending and rejected). */
  public Future<Void> refresh() {
    Supplier<Future<OutboxSummary>> summary = outboxSummary;
    return summary == null ? Future.succeededFuture() : summary.get().map(s -> {
      pending.set(s.pending());
      rejected.register(s.rejectedByReason().entrySet().stream()
          .map(e -> MultiGauge.Row.of(Tags.of("reason", e.getKey()), e.getValue()))
          .collect(java.util.stream.Collectors.toList()), true);
      return null;
    });
  }

  /** A router serving {@value #PATH}: Prometheus text 0.0.4, or OpenMetrics when {@code Accept} asks for it. */
  public Router router(io.vertx.core.Vertx vertx) {
    Router router = Router.router(vertx);
    router.get(PATH).handler(this::handle);
    return router;
  }

  private void handle(RoutingContext ctx) {
    refresh().onComplete(ar -> {
      if (ar.failed()) {
        ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("metrics unavailable: " + ar.cause().getMessage());
        return;
      }
      String accept = ctx.request().getHeader("Accept");
      String type = accept != null && accept.contains(OPENMETRICS) ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
      ctx.response().putHeader("Content-Type", type).putHeader("Cache-Control", "no-store").end(registry.scrape(type));
    });
  }
}
