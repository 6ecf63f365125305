package org.doorstep.fleet.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.doorstep.fleet.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way every fleet HTTP API answers (operator API, devices and records, config and rollouts,
 * commands, enrolment): a JSON body with a status, and one error body,
 *
 * <pre>{"error": "&lt;what is wrong, for a human&gt;", "reason": "&lt;CODE&gt;"}</pre>
 *
 * where {@code reason} is the refusing area's reason code ({@code NOT_FOUND}, {@code FORBIDDEN_ROLE},
 * {@code TOKEN_USED} …) or, where the area has none, the status's: 400 {@code INVALID}, 401
 * {@code UNAUTHENTICATED}, 403 {@code FORBIDDEN}, 404 {@code NOT_FOUND}, 409 {@code CONFLICT}, 500
 * {@code INTERNAL}. A refusal may add members ({@code violations} of an invalid config document; the
 * enrolment routes repeat the message as {@code detail}, which the device wire protocol names).
 * An unexpected failure is logged once here and answered 500 {@code "internal error"}: no exception
 * text reaches the client.
 */
public final class ApiAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(ApiAnswers.class);

  /** What 500 answers say. */
  public static final String INTERNAL_ERROR = "internal error";

  private ApiAnswers() {}

  /**
   * Answers a failure the route's area knows (a refusal), or returns false so that it is answered as
   * an internal error.
   */
  @FunctionalInterface
  public interface Refusals {
    boolean answer(RoutingContext ctx, Throwable err);

    /** No refusals: every failure is internal. */
    static Refusals none() {
      return (ctx, err) -> false;
    }
  }

  /** Answers {@code body} (a {@link JsonObject} or {@link JsonArray}) with {@code status}. */
  public static void json(RoutingContext ctx, int status, Object body) {
    String text;
    if (body instanceof JsonObject o) {
      text = o.encode();
    } else if (body instanceof JsonArray a) {
      text = a.encode();
    } else {
      throw new IllegalArgumentException("body: must be a JsonObject or JsonArray, was "
          + (body == null ? "null" : body.getClass().getSimpleName()));
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(text);
  }

  /** Answers 204 without a body. */
  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  /**
   * When {@code result} completes: its value as JSON with {@code status}, a failure {@code refusals}
   * knows as its refusal, any other failure as {@link #internalError}.
   */
  public static void answer(RoutingContext ctx, Future<?> result, int status, Refusals refusals) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, status, ar.result());
      } else if (!refusals.answer(ctx, ar.cause())) {
        internalError(ctx, ar.cause());
      }
    });
  }

  /** The error body with the status's own reason code (see the class comment). */
  public static void error(RoutingContext ctx, int status, String message) {
    error(ctx, status, reasonOf(status), message, new JsonObject());
  }

  /** The error body with the area's reason code. */
  public static void error(RoutingContext ctx, int status, String reason, String message) {
    error(ctx, status, reason, message, new JsonObject());
  }

  /** The error body with the area's reason code and {@code more} members. */
  public static void error(RoutingContext ctx, int status, String reason, String message, JsonObject more) {
    JsonObject body = new JsonObject().put("error", message).put("reason", reason);
    more.forEach(e -> body.put(e.getKey(), e.getValue()));
    json(ctx, status, body);
  }

  /**
   * Logs an unexpected failure once (a store failure without its stack trace: its message names the
   * operation) and answers 500 {@value #INTERNAL_ERROR}.
   */
  public static void internalError(RoutingContext ctx, Throwable err) {
    LOG.error("{} {} failed: {}", ctx.request().method(), ctx.request().path(), err.getMessage(),
        err instanceof StoreException ? null : err);
    error(ctx, 500, INTERNAL_ERROR);
  }

  /** The reason code of a status when the area has none of its own. */
  static String reasonOf(int status) {
    return switch (status) {
      case 400 -> "INVALID";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 409 -> "CONFLICT";
      case 413 -> "TOO_LARGE";
      case 500 -> "INTERNAL";
      case 503 -> "UNAVAILABLE";
      default -> "HTTP_" + status;
    };
  }
}
