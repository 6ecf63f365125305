package org.doorstep.fleet.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import org.doorstep.fleet.operators.Operator;
import org.doorstep.fleet.operators.OperatorException;
import org.doorstep.fleet.operators.Permission;
import org.doorstep.fleet.signin.SignInService;

/**
 * Password sign-in for the console:
 *
 * <pre>
 * POST   /api/session                 {name, password} → 200 {name, role, region, csrfToken, expiresAt} + session cookie
 * DELETE /api/session                 (session cookie + X-CSRF-Token) → 204, cookie cleared
 * PUT    /api/operators/{name}/password {password, currentPassword?} → 204
 * </pre>
 *
 * The cookie is {@value #COOKIE}: {@code HttpOnly; Secure; SameSite=Strict; Path=/} (the {@code __Host-} prefix makes
 * browsers refuse it from anything but this origin over TLS). Its value is the session id. State-changing requests
 * authenticated by the cookie must send the session's CSRF token in {@value #CSRF_HEADER} ({@link OperatorAuth}
 * checks it); requests with an {@code Authorization: Bearer} token need none. An operator sets its own password with
 * {@code currentPassword} (none needed for the first one); setting another operator's needs {@code MANAGE_OPERATORS}
 * and its region.
 */
public final class SignInApi {
  /** The session cookie's name. */
  public static final String COOKIE = "__Host-doorstep_session";
  /** The header carrying the CSRF token. */
  public static final String CSRF_HEADER = "X-CSRF-Token";
  /** The sign-in path (reachable without an operator). */
  public static final String PATH = "/api/session";

  private final SignInService signIn;

  private SignInApi(SignInService signIn) {
    this.signIn = signIn;
  }

  /** Adds the routes to {@code router} (which authenticates {@code /api/*} with {@link OperatorAuth}). */
  public static void mount(Router router, SignInService signIn) {
    SignInApi api = new SignInApi(signIn);
    router.post(PATH).handler(api::signIn);
    router.delete(PATH).handler(api::signOut);
    router.put("/api/operators/:name/password").handler(api::setPassword);
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null || !(body.getValue("name") instanceof String name)
        || !(body.getValue("password") instanceof String password)) {
      OperatorAuth.refuse(ctx, new OperatorException(OperatorException.Reason.INVALID,
          "body: must be a JSON object {name, password} of strings"));
      return;
    }
    signIn.signIn(name, password).onComplete(ar -> {
      if (ar.failed()) {
        refuse(ctx, ar.cause());
        return;
      }
      SignInService.Session s = ar.result();
      Operator o = s.operator();
      ctx.response().addCookie(Cookie.cookie(COOKIE, s.id()).setPath("/").setHttpOnly(true).setSecure(true)
          .setSameSite(CookieSameSite.STRICT).setMaxAge(signIn.policy().sessionMax().toSeconds()));
      ApiAnswers.json(ctx, 200, OperatorApi.operatorJson(o).put("csrfToken", s.csrfToken())
          .put("expiresAt", s.expiresAt().toString())
          .put("idleTimeoutSeconds", signIn.policy().sessionIdle().toSeconds()));
    });
  }

  private void signOut(RoutingContext ctx) {
    SignInService.Authenticated session = OperatorAuth.session(ctx);
    if (session == null) {
      OperatorAuth.refuse(ctx, new OperatorException(OperatorException.Reason.INVALID,
          "no session to end: this request was authenticated with a token, not a session cookie"));
      return;
    }
    signIn.signOut(session).onComplete(ar -> {
      if (ar.failed()) {
        ApiAnswers.internalError(ctx, ar.cause());
        return;
      }
      ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true).setSecure(true)
          .setSameSite(CookieSameSite.STRICT).setMaxAge(0));
      ApiAnswers.noContent(ctx);
    });
  }

  private void setPassword(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Operator caller = OperatorAuth.operator(ctx);
    JsonObject body = body(ctx);
    if (body == null || !(body.getValue("password") instanceof String password)
        || (body.containsKey("currentPassword") && !(body.getValue("currentPassword") instanceof String))) {
      OperatorAuth.refuse(ctx, new OperatorException(OperatorException.Reason.INVALID,
          "body: must be a JSON object {password, currentPassword?} of strings"));
      return;
    }
    String current = body.getString("currentPassword");
    if (caller.name().equals(name)) {
      // an operator changing its own password proves the current one, if it has one
      signIn.mayChangeOwn(name, current).onComplete(ar -> {
        if (ar.failed()) {
          ApiAnswers.internalError(ctx, ar.cause());
        } else if (!ar.result()) {
          OperatorAuth.refuse(ctx, new OperatorException(OperatorException.Reason.BAD_CREDENTIALS,
              "currentPassword: wrong or missing (needed to change your own password)"));
        } else {
          set(ctx, name, password);
        }
      });
      return;
    }
    if (!OperatorAuth.permit(ctx, Permission.MANAGE_OPERATORS)) {
      return;
    }
    signIn.find(name).onComplete(ar -> {
      if (ar.failed()) {
        ApiAnswers.internalError(ctx, ar.cause());
      } else if (ar.result().isEmpty()) {
        OperatorAuth.refuse(ctx, new OperatorException(OperatorException.Reason.NOT_FOUND, "no operator " + name));
      } else if (!caller.region().covers(ar.result().get().region())) {
        OperatorAuth.refuse(ctx, new OperatorException(OperatorException.Reason.FORBIDDEN_REGION,
            "operator " + name + " (region " + ar.result().get().region() + ") is outside the caller's region "
                + caller.region()));
      } else {
        set(ctx, name, password);
      }
    });
  }

  private void set(RoutingContext ctx, String name, String password) {
    signIn.setPassword(name, password).onComplete(ar -> {
      if (ar.failed()) {
        refuse(ctx, ar.cause());
      } else {
        ApiAnswers.noContent(ctx);
      }
    });
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static void refuse(RoutingContext ctx, Throwable err) {
    if (err instanceof SignInService.LockedException locked) {
      long seconds = Math.max(1, Duration.between(Instant.now(), locked.until()).toSeconds());
      ctx.response().putHeader("Retry-After", Long.toString(seconds));
    }
    if (err instanceof OperatorException e) {
      OperatorAuth.refuse(ctx, e);
    } else {
      ApiAnswers.internalError(ctx, err);
    }
  }
}
