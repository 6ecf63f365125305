package org.doorstep.fleet.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.doorstep.fleet.operators.OperatorService;
import org.doorstep.fleet.operators.Permission;
import org.doorstep.fleet.operators.RegionScope;
import org.doorstep.fleet.rollout.RolloutPlan;
import org.doorstep.fleet.rollout.RolloutService;
import org.doorstep.fleet.store.DeviceStatus;
import org.doorstep.fleet.store.DeviceStore;
import org.doorstep.fleet.web.ApiAnswers;
import org.doorstep.fleet.web.OperatorAuth;

/**
 * The fleet's metrics registry and its {@code GET /metrics} route.
 *
 * <p>Meters come from three places: {@link MeterBinder}s handed to {@link #bind} (the ingest
 * pipeline: counters, ack latency, store batches; the alarms), the broker's live connection count
 * ({@link #connectedDevices}), and gauges that {@link #refresh} reads from the device and rollout
 * stores just before each scrape (registered, online and revoked devices; progress of each running
 * rollout). Reading the stores on scrape, rather than counting events, keeps one source of truth (the
 * database) and stays right across restarts and fleet instances.
 *
 * <p>The alarms bind their own meters ({@code doorstep_alarms_active} by severity and state, webhook
 * deliveries): {@code alarms.AlarmService} is a {@link MeterBinder} handed to {@link #bind}, counting
 * the active alarms it holds.
 *
 * <p>Threads: {@link #refresh} and the route run on the Vert.x event loop; meters may be updated from
 * any thread.
 */
public final class FleetMetrics {
  /** The media type a scraper sends in {@code Accept} to get OpenMetrics instead of the 0.0.4 text format. */
  public static final String OPENMETRICS = "application/openmetrics-text";
  static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DeviceStore devices;
  private final RolloutService rollouts;
  private final AtomicLong registered = new AtomicLong();
  private final AtomicLong online = new AtomicLong();
  private final AtomicLong revoked = new AtomicLong();
  private final MultiGauge rolloutTargets;
  private final MultiGauge rolloutDevices;

  /**
   * @param devices  where registered devices and their last state are read on each scrape
   * @param rollouts where the rollouts not finished are read on each scrape
   */
  public FleetMetrics(DeviceStore devices, RolloutService rollouts) {
    this.devices = Objects.requireNonNull(devices, "devices");
    this.rollouts = Objects.requireNonNull(rollouts, "rollouts");
    new JvmMemoryMetrics().bindTo(registry);
    Gauge.builder("doorstep.devices.registered", registered, AtomicLong::get)
        .description("Devices registered (revoked ones included)").register(registry);
    Gauge.builder("doorstep.devices.online", online, AtomicLong::get)
        .description("Registered, unrevoked devices whose last state message says online").register(registry);
    Gauge.builder("doorstep.devices.revoked", revoked, AtomicLong::get)
        .description("Devices revoked").register(registry);
    rolloutTargets = MultiGauge.builder("doorstep.rollout.targets")
        .description("Devices targeted by a rollout not finished (waiting for approval, running or paused)").register(registry);
    rolloutDevices = MultiGauge.builder("doorstep.rollout.devices")
        .description("Devices of a rollout not finished by status (WAITING, PENDING, APPLIED, REFUSED)").register(registry);
  }

  /** Publishes {@code binder}'s meters (the ingest pipeline). */
  public FleetMetrics bind(MeterBinder binder) {
    binder.bindTo(registry);
    return this;
  }

  /** Publishes {@code doorstep_devices_connected}: MQTT device connections the embedded broker holds now. */
  public FleetMetrics connectedDevices(IntSupplier connections) {
    // Strong: the supplier is often a method reference nobody else holds (Micrometer keeps gauge objects weakly).
    Gauge.builder("doorstep.devices.connected", connections, s -> s.getAsInt()).strongReference(true)
        .description("Device MQTT connections held by the embedded broker").register(registry);
    return this;
  }

  /** The registry (tests read meters from it; production code only feeds it). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Re-reads the store-backed gauges. Fails when a store read fails (the scrape then answers 500). */
  public Future<Void> refresh() {
    Future<Void> deviceCounts = devices.countDevices(Optional.empty()).map(counts -> {
      registered.set(counts.total());
      online.set(counts.byStatus().get(DeviceStatus.ONLINE));
      revoked.set(counts.byStatus().get(DeviceStatus.REVOKED));
      return null;
    });
    Future<Void> progress = rollouts.views().map(all -> {
      List<MultiGauge.Row<?>> targets = new ArrayList<>();
      List<MultiGauge.Row<?>> byStatus = new ArrayList<>();
      for (RolloutService.View v : all) {
        if (v.rollout().phase().terminal()) {
          continue;
        }
        Tags tags = Tags.of("rollout", v.rollout().rolloutId(), "version", Long.toString(v.rollout().version()));
        Map<RolloutPlan.DeviceStatus, Long> counts = new EnumMap<>(RolloutPlan.DeviceStatus.class);
        for (RolloutPlan.GroupCounts c : v.counts()) {
          counts.merge(RolloutPlan.DeviceStatus.WAITING, (long) c.waiting(), Long::sum);
          counts.merge(RolloutPlan.DeviceStatus.PENDING, (long) c.pending(), Long::sum);
          counts.merge(RolloutPlan.DeviceStatus.APPLIED, (long) c.applied(), Long::sum);
          counts.merge(RolloutPlan.DeviceStatus.REFUSED, (long) c.refused(), Long::sum);
        }
        targets.add(MultiGauge.Row.of(tags, counts.values().stream().mapToLong(Long::longValue).sum()));
        for (RolloutPlan.DeviceStatus s : RolloutPlan.DeviceStatus.values()) {
          byStatus.add(MultiGauge.Row.of(tags.and("status", s.name()), counts.getOrDefault(s, 0L)));
        }
      }
      rolloutTargets.register(targets, true);
      rolloutDevices.register(byStatus, true);
      return null;
    });
    return Future.all(deviceCounts, progress).mapEmpty();
  }

  /**
   * The registry in the format {@code accept} asks for: OpenMetrics 1.0 when it names
   * {@value #OPENMETRICS}, else the Prometheus text format 0.0.4.
   *
   * @return the content type and the body
   */
  public Scrape scrape(Optional<String> accept) {
    boolean open = accept.map(a -> a.contains(OPENMETRICS)).orElse(false);
    String type = open ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
    return new Scrape(type, registry.scrape(type));
  }

  /** One scrape's answer. */
  public record Scrape(String contentType, String body) {}

  /**
   * Mounts {@code GET /metrics}: an operator bearer token whose role has {@link Permission#READ_METRICS}
   * and whose scope is national (metrics are fleet-wide), else 401/403 like every operator route.
   */
  public void mount(Router router, OperatorService operators) {
    router.get("/metrics").handler(new OperatorAuth(operators)).handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.READ_METRICS)
        || !OperatorAuth.permitRegion(ctx, RegionScope.NATIONAL, "fleet-wide metrics")) {
      return;
    }
    refresh().onComplete(ar -> {
      if (ar.failed()) {
        ApiAnswers.internalError(ctx, ar.cause());
        return;
      }
      Scrape s = scrape(Optional.ofNullable(ctx.request().getHeader(HttpHeaders.ACCEPT)));
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, s.contentType()).end(s.body());
    });
  }
}
