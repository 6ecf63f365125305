package org.doorstep.fleet.console;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The console's pages, open to anyone because they hold no data (every datum comes from a
 * {@code /api/*} route behind operator authentication):
 * <pre>
 * GET /              the single page (resources {@code fleet-web/index.html})
 * GET /static/*      its scripts, styles and the bundled ECharts
 * </pre>
 * Both are sent with a content security policy that lets them load only from this origin.
 */
public final class ConsolePages {
  /** What the pages may load: only this origin (ECharts sets inline styles on its canvas container). */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private ConsolePages() {
  }

  /** Adds the page routes to {@code router}. */
  public static void mount(Router router) {
    router.get("/").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .sendFile("fleet-web/index.html"));
    router.get("/static/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
          .putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    }).handler(StaticHandler.create("fleet-web").setCachingEnabled(false).setDirectoryListing(false));
  }
}
