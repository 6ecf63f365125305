package org.doorstep.agent.local.xfs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.local.ObservedScreen;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.config.profile.ServiceEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendor XFS4IoT service {@code Doorstep}: bank host software starts a whole service of the terminal's catalog
 * and learns how it ended, with the record id (docs/local-api.md "Doorstep").
 *
 * <p>{@code Doorstep.GetCatalog} lists the catalog ({@code services} of the terminal's config, in its order) and
 * which entries this terminal can run. {@code Doorstep.StartService} {@code {service, timeout}} arms the kiosk: the
 * next resident who places a card runs that service on the kiosk's own screen; while it runs the service relays
 * each screen prompt ({@code Doorstep.PromptEvent}) and face-check guidance ({@code Doorstep.GuidanceEvent}) by
 * key with the Chinese and English text; the completion carries {@code session}, {@code recordId}, {@code seq},
 * {@code outcome}, {@code state}, {@code message} and the masked {@code subject}. Errors ({@code commandErrorCode}
 * with {@code errorCode}): {@code serviceNotFound} (not in the catalog), {@code serviceNotAvailable} (disabled, or
 * not built on this terminal yet), {@code notCompleted} (the session ended without a record: consent refused,
 * card unreadable or removed, …; the payload says how); {@code deviceNotReady} when a resident is being served or
 * the kiosk is out of service; {@code timeOut} when no card was placed within {@code timeout}.
 *
 * <p>Cancel ({@code Common.Cancel} or a client that disconnects): an armed kiosk is disarmed; a session in progress
 * is cancelled like the resident's own cancel button — unless it is already recording, whose record is committed
 * and printed all the same (nothing committed is ever lost). The service is free again once that session ended.
 */
public final class DoorstepService implements XfsService {
  private static final Logger LOG = LoggerFactory.getLogger(DoorstepService.class);
  static final String GET_CATALOG = "Doorstep.GetCatalog";
  static final String START_SERVICE = "Doorstep.StartService";
  static final String PROMPT_EVENT = "Doorstep.PromptEvent";
  static final String GUIDANCE_EVENT = "Doorstep.GuidanceEvent";
  /** The catalog services this terminal runs end to end today. */
  static final Set<String> RUNNABLE = Set.of(CertificationRunner.SERVICE);

  private final Vertx vertx;
  private final CertificationRunner runner;
  private final ObservedScreen screen;
  private final List<ServiceEntry> catalog;
  private final HealthRegistry health;

  /**
   * @param catalog the terminal's service catalog ({@code services} of its config); empty = certification only
   */
  public DoorstepService(Vertx vertx, CertificationRunner runner, ObservedScreen screen, List<ServiceEntry> catalog,
      HealthRegistry health) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.screen = Objects.requireNonNull(screen, "screen");
    this.catalog = catalog == null || catalog.isEmpty() ? List.of(new ServiceEntry(CertificationRunner.SERVICE, true))
        : List.copyOf(catalog);
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  public String name() {
    return "Doorstep";
  }

  @Override
  public String path() {
    return "doorstep";
  }

  @Override
  public Set<String> commands() {
    return Set.of(GET_CATALOG, START_SERVICE);
  }

  @Override
  public Set<String> events() {
    return Set.of(PROMPT_EVENT, GUIDANCE_EVENT);
  }

  @Override
  public ObjectNode status() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.set("common", XfsStatus.common(health.get(Peripheral.ID_CARD_READER)));
    p.putObject("doorstep").put("suspended", runner.suspended());
    return p;
  }

  @Override
  public ObjectNode capabilities() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    catalogJson(p.putObject("doorstep"));
    return p;
  }

  @Override
  public Future<Outcome> execute(XfsCommand command, Execution x) {
    if (GET_CATALOG.equals(command.name())) {
      ObjectNode p = JsonNodeFactory.instance.objectNode();
      catalogJson(p);
      return Future.succeededFuture(Outcome.success(p));
    }
    String id = command.payload().path("service").asText("");
    Optional<ServiceEntry> entry = catalog.stream().filter(e -> e.id().equals(id)).findFirst();
    if (entry.isEmpty()) {
      return Future.succeededFuture(Outcome.error("serviceNotFound", id.isEmpty()
          ? "payload.service: required, one of " + ids() : "payload.service: '" + id + "' is not in this terminal's"
          + " catalog " + ids()));
    }
    if (!available(entry.get())) {
      return Future.succeededFuture(Outcome.error("serviceNotAvailable", "service '" + id + "' is "
          + (Boolean.FALSE.equals(entry.get().enabled()) ? "disabled on this terminal" : "not offered to host"
          + " software on this terminal yet (runnable: " + RUNNABLE + ")")));
    }
    return run(id, command.timeoutMs(), x);
  }

  private Future<Outcome> run(String service, long timeoutMs, Execution x) {
    Context ctx = vertx.getOrCreateContext();
    return runner.nextSessionForHost().transform(armed -> {
      if (armed.failed()) {
        return Future.succeededFuture(Outcome.failed(CompletionCode.DEVICE_NOT_READY, armed.cause().getMessage()));
      }
      long number = armed.result().number();
      AutoCloseable relay = screen.observe(new ObservedScreen.Observer() {
        @Override
        public void shown(ResidentMessage m) {
          ctx.runOnContext(v -> x.event(PROMPT_EVENT, words(m.key(), m.zh(), m.words())));
        }

        @Override
        public void guided(Guidance g) {
          ctx.runOnContext(v -> x.event(GUIDANCE_EVENT, words(g.key(), g.zh(), g.words())));
        }
      });
      Promise<Outcome> outcome = Promise.promise();
      CertificationRunner.HostSession session = armed.result();
      long timer = timeoutMs == 0 ? -1 : vertx.setTimer(timeoutMs, t -> {
        // No card in time: disarmed; the kiosk serves the next resident by itself, as always.
        if (!session.started().isComplete()) {
          outcome.tryComplete(Outcome.failed(CompletionCode.TIME_OUT, "no card was placed within " + timeoutMs
              + " ms"));
        }
      });
      session.end().onComplete(ended -> ctx.runOnContext(v -> {
        if (ended.succeeded()) {
          outcome.tryComplete(completion(service, ended.result()));
        } else {
          outcome.tryFail(ended.cause());
        }
      }));
      x.canceled().onComplete(c -> ctx.runOnContext(v -> {
        if (!session.started().isComplete()) {
          outcome.tryComplete(Outcome.failed(CompletionCode.CANCELED, "canceled by the client"));
          return;
        }
        // Like the resident's cancel button; a session already recording ends normally. Free once it ended.
        runner.cancelSession(number);
        session.end().onComplete(ended -> ctx.runOnContext(w -> outcome.tryComplete(
            Outcome.failed(CompletionCode.CANCELED, "canceled by the client"))));
      }));
      return outcome.future().eventually(() -> {
        vertx.cancelTimer(timer);
        close(relay);
        return Future.succeededFuture();
      });
    });
  }

  private static Outcome completion(String service, SessionSummary s) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("service", service);
    p.put("session", s.session());
    s.recordId().ifPresentOrElse(id -> p.put("recordId", id), () -> p.putNull("recordId"));
    p.put("seq", s.seq());
    s.outcome().ifPresentOrElse(o -> p.put("outcome", o.name()), () -> p.putNull("outcome"));
    p.put("state", s.state().name());
    p.set("message", words(s.message().key(), s.message().zh(), s.message().words()));
    p.putObject("subject").put("idNumber", s.maskedId()).put("name", s.maskedName()).put("masked", true);
    if (s.recordId().isEmpty()) {
      p.put("errorCode", "notCompleted");
      return new Outcome(CompletionCode.COMMAND_ERROR_CODE, "the session ended " + s.state() + " without a record: "
          + s.message().words(), p);
    }
    return Outcome.success(p);
  }

  private void catalogJson(ObjectNode into) {
    ArrayNode services = into.putArray("services");
    for (ServiceEntry e : catalog) {
      services.addObject().put("service", e.id()).put("enabled", !Boolean.FALSE.equals(e.enabled()))
          .put("available", available(e));
    }
  }

  private static boolean available(ServiceEntry e) {
    return !Boolean.FALSE.equals(e.enabled()) && RUNNABLE.contains(e.id());
  }

  private List<String> ids() {
    return catalog.stream().map(ServiceEntry::id).toList();
  }

  private static ObjectNode words(String key, String zh, String en) {
    return JsonNodeFactory.instance.objectNode().put("key", key).put("zh", zh).put("en", en);
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("screen observer close failed", e);
    }
  }
}
