package org.doorstep.agent.screen;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.doorstep.agent.device.forms.FormFonts;
import org.doorstep.agent.local.Screen;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.model.MaskedResident;
import org.doorstep.agent.screen.flow.ScreenEffect;
import org.doorstep.agent.screen.flow.ScreenFlow;
import org.doorstep.agent.screen.flow.ScreenInput;
import org.doorstep.agent.screen.flow.ScreenState;
import org.doorstep.agent.screen.flow.ScreenStep;
import org.doorstep.agent.screen.flow.ScreenView;
import org.doorstep.agent.session.ResidentMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Screen} port as a web page for a full-screen Chromium ({@code local.screen.kind: BROWSER},
 * agent/docs/kiosk-screen.md), served on {@code http://127.0.0.1:PORT/} only: the page shows the resident's masked
 * name and ID number and takes their consent.
 *
 * <table>
 *   <caption>routes</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code GET /}, {@code /assets/*}</td><td>the page: plain ES modules and CSS from the class path
 *       ({@code screen-web/}), no CDN</td></tr>
 *   <tr><td>{@code GET /fonts/screen.ttf}</td><td>Noto Sans SC, the forms' font ({@link FormFonts}); 404 when the
 *       build did not fetch it (the page falls back to the system's fonts)</td></tr>
 *   <tr><td>{@code GET /api/events}</td><td>server-sent events: each {@code view} event is the whole
 *       {@link ScreenView} as JSON, the first on connect</td></tr>
 *   <tr><td>{@code POST /api/consent} {@code {"agreed": true}}</td><td>204; 409 when no question is open; 400 for
 *       another body</td></tr>
 *   <tr><td>{@code POST /api/touch}</td><td>204: the idle timeout starts again</td></tr>
 * </table>
 *
 * What the page shows and when is the pure {@link ScreenFlow}; this class feeds it the workflow's calls, the pages'
 * requests and connections and a tick every {@value #TICK_MS} ms, and performs its effects (push the view, answer
 * or fail the consent question). A request whose {@code Host} is not this server's loopback address is refused
 * (403): a web page elsewhere cannot reach the screen through DNS rebinding.
 *
 * <p>Confined to the context that called {@link #start()}; the {@link Screen} methods may be called from any
 * thread (they hop onto it).
 */
public final class BrowserScreen implements Screen {
  private static final Logger LOG = LoggerFactory.getLogger(BrowserScreen.class);
  /** The only address the screen listens on. */
  public static final String HOST = "127.0.0.1";
  /** The font's path on the server. */
  public static final String FONT_PATH = "/fonts/screen.ttf";
  /** How often the idle timeout and the reconnect grace are checked. */
  static final long TICK_MS = 200;
  /** A comment line this often keeps an idle event stream open through any proxy and finds dead pages. */
  static final long KEEP_ALIVE_MS = 15_000;
  /** How long a page's EventSource waits before it reconnects (sent as {@code retry:}). */
  static final long RETRY_MS = 1_000;
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final Vertx vertx;
  private final int port;
  private final ScreenFlow flow;
  private final Clock clock;
  private final Optional<Path> font;
  private final Set<HttpServerResponse> pages = new LinkedHashSet<>();
  private final List<Long> timers = new ArrayList<>();
  private Context context;
  private HttpServer server;
  private ScreenState state;
  private Promise<Boolean> consent;

  /**
   * @param port  {@code local.screen.port}; 0 picks a free port
   * @param flow  the screen's rules (idle timeout, countdown per challenge)
   * @param font  the font file served at {@value #FONT_PATH}, if there is one ({@link #formsFont()})
   */
  public BrowserScreen(Vertx vertx, int port, ScreenFlow flow, Clock clock, Optional<Path> font) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.port = port;
    this.flow = Objects.requireNonNull(flow, "flow");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.font = Objects.requireNonNull(font, "font");
    this.state = flow.start(clock.instant());
  }

  /** The forms' Noto Sans SC where the build put it, if it did (agent/fonts/fetch-fonts.sh). */
  public static Optional<Path> formsFont() {
    try {
      return Optional.of(FormFonts.regular());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Binds {@value #HOST}:{@code port} and starts the clock. Call on the agent's context.
   *
   * @return the port bound; failed when it cannot be bound (the resident would have no screen)
   */
  public Future<Integer> start() {
    context = vertx.getOrCreateContext();
    if (font.isEmpty()) {
      LOG.warn("screen: the font Noto Sans SC is missing (run agent/fonts/fetch-fonts.sh): the page uses the"
          + " system's fonts, where Chinese may show as boxes");
    }
    return vertx.createHttpServer(new HttpServerOptions().setLogActivity(false).setHttp2ClearTextEnabled(false))
        .requestHandler(router())
        .listen(port, HOST)
        .map(s -> {
          server = s;
          timers.add(vertx.setPeriodic(TICK_MS, id -> apply(new ScreenInput.Tick())));
          timers.add(vertx.setPeriodic(KEEP_ALIVE_MS, id -> pages.forEach(p -> p.write(": keep-alive\n\n"))));
          LOG.info("screen: {}", url());
          return s.actualPort();
        })
        .recover(err -> Future.failedFuture(new IllegalStateException("local.screen.port: the screen cannot listen"
            + " on " + HOST + ":" + port + " (" + err.getMessage() + "); give it a free port", err)));
  }

  /** The page's address, {@code http://127.0.0.1:PORT/}. */
  public String url() {
    return "http://" + HOST + ":" + port() + "/";
  }

  /** The port bound; -1 before {@link #start()} or after {@link #stop()}. */
  public int port() {
    HttpServer s = server;
    return s == null ? -1 : s.actualPort();
  }

  /** Closes the pages' streams and the server; an open consent question fails. Idempotent. */
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    onContext(() -> {
      timers.forEach(vertx::cancelTimer);
      timers.clear();
      if (consent != null) {
        consent.tryFail(new IllegalStateException("the screen stopped"));
        consent = null;
      }
      List.copyOf(pages).forEach(p -> p.end());
      pages.clear();
      HttpServer s = server;
      server = null;
      (s == null ? Future.<Void>succeededFuture() : s.close()).onComplete(done);
    });
    return done.future();
  }

  // ---- the Screen port ----------------------------------------------------------------------------

  @Override
  public Future<Void> show(ResidentMessage message) {
    return input(new ScreenInput.Show(message));
  }

  @Override
  public Future<Void> guide(Guidance guidance) {
    return input(new ScreenInput.Guide(guidance));
  }

  @Override
  public Future<Void> resident(Optional<MaskedResident> resident) {
    return input(new ScreenInput.Resident(resident));
  }

  /**
   * Opens the question on the page. Completes with the page's answer; with {@code false} when nobody touched the
   * page for the idle timeout; failed when no page was connected for {@link ScreenFlow#RECONNECT_GRACE} (the
   * workflow takes both as a refusal).
   */
  @Override
  public Future<Boolean> askConsent() {
    Promise<Boolean> p = Promise.promise();
    onContext(() -> {
      apply(new ScreenInput.AskConsent());   // fails an open question first
      consent = p;
    });
    return p.future();
  }

  /** The page has no screen saver: nothing to wake. */
  @Override
  public Future<Void> wake() {
    return Future.succeededFuture();
  }

  /** The view the pages show now (for tests and tools). */
  public Future<ScreenView> view() {
    Promise<ScreenView> p = Promise.promise();
    onContext(() -> p.complete(flow.view(state, clock.instant())));
    return p.future();
  }

  private Future<Void> input(ScreenInput in) {
    Promise<Void> p = Promise.promise();
    onContext(() -> {
      apply(in);
      p.complete();
    });
    return p.future();
  }

  private void onContext(Runnable action) {
    if (context == null || Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  // ---- the flow -----------------------------------------------------------------------------------

  private ScreenStep apply(ScreenInput in) {
    ScreenStep step = flow.next(state, in, clock.instant());
    state = step.state();
    for (ScreenEffect e : step.effects()) {
      if (e instanceof ScreenEffect.Push) {
        push();
      } else if (e instanceof ScreenEffect.AnswerConsent a) {
        Promise<Boolean> p = consent;
        consent = null;
        if (p != null) {
          p.tryComplete(a.agreed());
        }
      } else if (e instanceof ScreenEffect.FailConsent f) {
        Promise<Boolean> p = consent;
        consent = null;
        if (p != null) {
          LOG.info("screen: consent question failed: {}", f.reason());
          p.tryFail(new IllegalStateException("no answer from the screen: " + f.reason()));
        }
      }
    }
    return step;
  }

  private void push() {
    if (pages.isEmpty()) {
      return;
    }
    String event = event(flow.view(state, clock.instant()));
    pages.forEach(p -> p.write(event));
  }

  /** One {@code view} event of the stream. */
  static String event(ScreenView v) {
    return "event: view\ndata: " + json(v).encode() + "\n\n";
  }

  /** The view as the page reads it (agent/docs/kiosk-screen.md, "Protocol"). */
  static JsonObject json(ScreenView v) {
    return new JsonObject()
        .put("version", v.version())
        .put("page", v.page().name())
        .put("step", v.step())
        .put("steps", v.steps())
        .put("message", text(v.message()))
        .put("subject", v.subject().map(s -> new JsonObject().put("name", s.name()).put("idNumber", s.idNumber()))
            .orElse(null))
        .put("guidance", v.guidance().map(BrowserScreen::text).orElse(null))
        .put("challengeRemainingMs", v.challengeRemainingMs().isPresent() ? v.challengeRemainingMs().getAsLong() : null)
        .put("consentOpen", v.consentOpen());
  }

  private static JsonObject text(ScreenView.Text t) {
    return new JsonObject().put("key", t.key()).put("zh", t.zh()).put("en", t.en());
  }

  // ---- HTTP ---------------------------------------------------------------------------------------

  private Router router() {
    Router r = Router.router(vertx);
    r.route().handler(this::guard);
    r.get("/api/events").handler(this::events);
    r.post("/api/consent").handler(BodyHandler.create(false).setBodyLimit(256)).handler(this::consent);
    r.post("/api/touch").handler(ctx -> {
      apply(new ScreenInput.Touch());
      ctx.response().setStatusCode(204).end();
    });
    r.get(FONT_PATH).handler(this::font);
    r.get("/").handler(StaticHandler.create("screen-web").setCachingEnabled(false).setIndexPage("index.html")
        .setDirectoryListing(false));
    r.get("/assets/*").handler(StaticHandler.create("screen-web/assets").setCachingEnabled(false)
        .setDirectoryListing(false));
    return r;
  }

  /** Loopback names only (no DNS rebinding), and headers that keep the page to itself. */
  private void guard(RoutingContext ctx) {
    io.vertx.core.net.HostAndPort a = ctx.request().authority();
    if (a == null || a.port() != port() || !(a.host().equals(HOST) || a.host().equals("localhost"))) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    ctx.next();
  }

  private void events(RoutingContext ctx) {
    HttpServerResponse res = ctx.response();
    res.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader("X-Accel-Buffering", "no");
    boolean[] gone = {false};
    Runnable lost = () -> {
      if (!gone[0]) {
        gone[0] = true;
        pages.remove(res);
        apply(new ScreenInput.PageLost());
        LOG.debug("screen: a page left ({} connected)", pages.size());
      }
    };
    res.closeHandler(v -> lost.run());
    res.exceptionHandler(err -> lost.run());
    pages.add(res);
    apply(new ScreenInput.PageConnected());
    res.write("retry: " + RETRY_MS + "\n\n" + event(flow.view(state, clock.instant())));
    LOG.debug("screen: a page connected ({} connected)", pages.size());
  }

  private void consent(RoutingContext ctx) {
    Object agreed;
    try {
      JsonObject body = ctx.body().asJsonObject();
      agreed = body == null ? null : body.getValue("agreed");
    } catch (DecodeException | ClassCastException e) {
      agreed = null;
    }
    if (!(agreed instanceof Boolean yes)) {
      ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("error", "the body must be {\"agreed\": true} or {\"agreed\": false}").encode());
      return;
    }
    ScreenStep step = apply(new ScreenInput.Answer(yes));
    boolean answered = step.effects().stream().anyMatch(e -> e instanceof ScreenEffect.AnswerConsent);
    if (answered) {
      ctx.response().setStatusCode(204).end();
    } else {
      ctx.response().setStatusCode(409).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("error", "no consent question is open").encode());
    }
  }

  private void font(RoutingContext ctx) {
    if (font.isEmpty() || !Files.isRegularFile(font.get())) {
      ctx.response().setStatusCode(404).end();
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "font/ttf")
        .putHeader(HttpHeaders.CACHE_CONTROL, "max-age=86400")
        .sendFile(font.get().toString());
  }
}
