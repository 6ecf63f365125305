package org.doorstep.fleet.web;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.operators.Operator;
import org.doorstep.fleet.operators.OperatorException;
import org.doorstep.fleet.operators.OperatorService;
import org.doorstep.fleet.operators.Permission;
import org.doorstep.fleet.operators.RegionScope;
import org.doorstep.fleet.signin.SignInService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates operators on every {@code /api} route except those that authenticate otherwise
 * ({@link #DEVICE_PATHS}: enrolment by one-time token, renewal and the device's sequence mark by TLS client
 * certificate) and those open to anyone ({@link #OPEN_PATHS}), and
 * answers the route's authorisation checks.
 *
 * <p>An operator sends {@code Authorization: Bearer <token>}. Refusals are answered
 * {@code {"error": "…", "reason": "NO_TOKEN|UNKNOWN_TOKEN|TOKEN_REVOKED|FORBIDDEN_ROLE|FORBIDDEN_REGION"}}
 * with 401 (plus {@code WWW-Authenticate: Bearer}) or 403, and each is logged at WARN with its
 * reason, method, path, operator (when known) and peer address; tokens are never logged.
 */
public final class OperatorAuth implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorAuth.class);
  /** Routes that devices call and that authenticate without an operator. */
  public static final Set<String> DEVICE_PATHS = Set.of("/api/enrol", "/api/renew", "/api/device/sequence");
  /**
   * Routes open to anyone because they hold no data of the fleet: the API's description
   * ({@link OpenApiDescription}), the same for every installation.
   */
  public static final Set<String> OPEN_PATHS = Set.of(OpenApiDescription.PATH);
  private static final String KEY = "doorstep.operator";
  private static final String BEARER = "bearer ";

  private static final String SESSION_KEY = "doorstep.session";
  private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final OperatorService operators;
  private final SignInService signIn;

  /** Tokens only (the metrics scrape). @param operators where tokens are checked */
  public OperatorAuth(OperatorService operators) {
    this(operators, null);
  }

  /**
   * Tokens, and console sessions: a request without {@code Authorization} but with the {@link SignInApi#COOKIE}
   * cookie is authenticated by its session, and a state-changing one (not GET, HEAD, OPTIONS) must also carry the
   * session's CSRF token in {@link SignInApi#CSRF_HEADER}, or it is refused 403 {@code CSRF}.
   *
   * @param signIn where sessions are checked; null = tokens only
   */
  public OperatorAuth(OperatorService operators, SignInService signIn) {
    this.operators = Objects.requireNonNull(operators, "operators");
    this.signIn = signIn;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (DEVICE_PATHS.contains(ctx.normalizedPath()) || OPEN_PATHS.contains(ctx.normalizedPath())
        || (SignInApi.PATH.equals(ctx.normalizedPath()) && ctx.request().method() == HttpMethod.POST)) {
      ctx.next();
      return;
    }
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    Cookie cookie = authorization == null && signIn != null ? ctx.request().getCookie(SignInApi.COOKIE) : null;
    if (cookie != null) {
      bySession(ctx, cookie.getValue());
      return;
    }
    operators.authenticate(bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.put(KEY, ar.result());
        ctx.next();
      } else if (ar.cause() instanceof OperatorException e) {
        refuse(ctx, e);
      } else {
        ApiAnswers.internalError(ctx, ar.cause());
      }
    });
  }

  private void bySession(RoutingContext ctx, String sessionId) {
    signIn.authenticate(sessionId).onComplete(ar -> {
      if (ar.failed()) {
        if (ar.cause() instanceof OperatorException e) {
          refuse(ctx, e);
        } else {
          ApiAnswers.internalError(ctx, ar.cause());
        }
        return;
      }
      SignInService.Authenticated session = ar.result();
      ctx.put(KEY, session.operator());
      if (!SAFE_METHODS.contains(ctx.request().method())
          && !session.csrfMatches(ctx.request().getHeader(SignInApi.CSRF_HEADER))) {
        refuse(ctx, new OperatorException(OperatorException.Reason.CSRF, SignInApi.CSRF_HEADER
            + ": missing or wrong; a request signed in by the session cookie must send the csrfToken of its sign-in"));
        return;
      }
      ctx.put(SESSION_KEY, session);
      ctx.next();
    });
  }

  /** The console session of this request; null when it was authenticated by a token. */
  public static SignInService.Authenticated session(RoutingContext ctx) {
    return ctx.get(SESSION_KEY);
  }

  private static String bearer(String header) {
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return header.substring(BEARER.length()).strip();
  }

  /** The authenticated operator of this request (present on every route behind this handler). */
  public static Operator operator(RoutingContext ctx) {
    Operator o = ctx.get(KEY);
    if (o == null) {
      throw new IllegalStateException("no operator on " + ctx.normalizedPath() + ": route is not behind OperatorAuth");
    }
    return o;
  }

  /**
   * Whether the request's operator has {@code permission}; when not, the request is answered 403
   * {@code FORBIDDEN_ROLE} (and logged).
   */
  public static boolean permit(RoutingContext ctx, Permission permission) {
    Operator o = operator(ctx);
    if (o.may(permission)) {
      return true;
    }
    refuse(ctx, new OperatorException(OperatorException.Reason.FORBIDDEN_ROLE,
        "role " + o.role() + " may not " + permission));
    return false;
  }

  /**
   * Whether {@code region} (a device's or token's) is within the operator's scope; when not, the
   * request is answered 403 {@code FORBIDDEN_REGION} (and logged).
   *
   * @param what what is being acted on, for the message ({@code "device kiosk-7"})
   */
  public static boolean permitRegion(RoutingContext ctx, String region, String what) {
    Operator o = operator(ctx);
    if (o.region().covers(region)) {
      return true;
    }
    refuse(ctx, new OperatorException(OperatorException.Reason.FORBIDDEN_REGION,
        what + " (region " + region + ") is outside operator region " + o.region()));
    return false;
  }

  /** A route handler that lets the request on only when its operator has {@code permission}. */
  public static Handler<RoutingContext> require(Permission permission) {
    return ctx -> {
      if (permit(ctx, permission)) {
        ctx.next();
      }
    };
  }

  /**
   * A route handler that lets the request on only when the region {@code regionOf} names (a rollout's
   * target region, say) is within the operator's scope; an absent region means every region, which
   * only a national operator covers.
   */
  public static Handler<RoutingContext> requireRegion(Function<RoutingContext, Optional<String>> regionOf, String what) {
    return ctx -> {
      String region = regionOf.apply(ctx).filter(r -> !r.isBlank()).orElse(RegionScope.NATIONAL);
      if (permitRegion(ctx, region, what)) {
        ctx.next();
      }
    };
  }

  /**
   * A route handler that lets the request on only when the device {@code deviceIdOf} names is within
   * the operator's region. An unknown device passes (the route answers 404 itself); when no device is
   * named, only a national operator passes (a regional one must name the device).
   */
  public static Handler<RoutingContext> requireDeviceRegion(DeviceRegistry registry,
      Function<RoutingContext, Optional<String>> deviceIdOf) {
    return ctx -> {
      Optional<String> id = deviceIdOf.apply(ctx).filter(d -> !d.isBlank());
      if (id.isEmpty()) {
        if (permitRegion(ctx, RegionScope.NATIONAL, "all devices")) {
          ctx.next();
        }
        return;
      }
      registry.find(id.get()).onComplete(ar -> {
        if (ar.failed()) {
          ApiAnswers.internalError(ctx, ar.cause());
        } else if (ar.result().isEmpty() || permitRegion(ctx, ar.result().get().region(), "device " + id.get())) {
          ctx.next();
        }
      });
    };
  }

  /** The string member {@code name} of the request's JSON object body, if there is one. */
  public static Optional<String> bodyString(RoutingContext ctx, String name) {
    try {
      Object v = ctx.body().asJsonObject().getValue(name);
      return v instanceof String str ? Optional.of(str) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty(); // not JSON: the route answers 400 itself
    }
  }

  /** Answers and logs a refusal. */
  public static void refuse(RoutingContext ctx, OperatorException e) {
    Operator o = ctx.get(KEY);
    LOG.warn("API refused {} {} for {} from {}: {} - {}", ctx.request().method(), ctx.request().path(),
        o == null ? "(no operator)" : "operator " + o.name(), ctx.request().remoteAddress(), e.reason(), e.getMessage());
    if (e.reason().httpStatus() == 401 && e.reason() != OperatorException.Reason.BAD_CREDENTIALS) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"doorstep\"");
    }
    ApiAnswers.error(ctx, e.reason().httpStatus(), e.reason().name(), e.getMessage());
  }
}
