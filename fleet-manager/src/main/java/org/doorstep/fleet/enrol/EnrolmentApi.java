package org.doorstep.fleet.enrol;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.doorstep.config.crypto.Certificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST routes of enrolment (docs/wire-protocol.md section 9.2):
 * <pre>
 * POST /api/enrolment-tokens  {deviceId, region, ttl?: ISO-8601 duration, default PT24H}
 *                             → 201 {token, deviceId, region, expiresAt}
 * POST /api/enrol             {token, csrPem} → 200 {deviceId, certificatePem, caCertificatePem}
 * GET  /api/ca                → 200 {caCertificatePem}
 * </pre>
 * Refusals are {@code {"reason": "…", "detail": "…"}} with the status of
 * {@link EnrolmentException.Reason#httpStatus()}.
 *
 * <p>TODO(#6): HTTPS and operator authentication: token issuing must be restricted to operators of
 * the device's region; {@code /api/enrol} itself is authenticated by the token.
 */
public final class EnrolmentApi {
  private static final Logger LOG = LoggerFactory.getLogger(EnrolmentApi.class);

  private final EnrolmentService service;

  private EnrolmentApi(EnrolmentService service) {
    this.service = service;
  }

  /**
   * Adds the routes to {@code router}, which must already parse bodies on {@code /api/*}
   * (as {@link org.doorstep.fleet.web.FleetApi#router} does).
   */
  public static void mount(Router router, EnrolmentService service) {
    EnrolmentApi api = new EnrolmentApi(service);
    router.post("/api/enrolment-tokens").handler(api::issueToken);
    router.post("/api/enrol").handler(api::enrol);
    router.get("/api/ca").handler(ctx -> json(ctx, 200,
        new JsonObject().put("caCertificatePem", Certificates.toPem(service.caCertificate()))));
  }

  private void issueToken(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    Duration ttl;
    try {
      String t = string(body, "ttl");
      ttl = t == null ? EnrolmentService.DEFAULT_TOKEN_TTL : Duration.parse(t);
    } catch (DateTimeParseException | ClassCastException e) {
      refuse(ctx, new EnrolmentException(EnrolmentException.Reason.MALFORMED, "ttl: must be an ISO-8601 duration like PT24H"));
      return;
    }
    answer(ctx, service.issueToken(string(body, "deviceId"), string(body, "region"), ttl).map(t -> new JsonObject()
        .put("token", t.token())
        .put("deviceId", t.deviceId())
        .put("region", t.region())
        .put("expiresAt", t.expiresAt().toString())), 201);
  }

  private void enrol(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    answer(ctx, service.enrol(string(body, "token"), string(body, "csrPem")).map(e -> new JsonObject()
        .put("deviceId", e.deviceId())
        .put("certificatePem", Certificates.toPem(e.certificate()))
        .put("caCertificatePem", Certificates.toPem(e.caCertificate()))), 200);
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null) {
        return body;
      }
    } catch (DecodeException | ClassCastException e) {
      // answered below
    }
    refuse(ctx, new EnrolmentException(EnrolmentException.Reason.MALFORMED, "body: must be a JSON object"));
    return null;
  }

  private static String string(JsonObject body, String name) {
    Object v = body.getValue(name);
    return v instanceof String s ? s : null;
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> result, int status) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, status, ar.result());
      } else if (ar.cause() instanceof EnrolmentException e) {
        refuse(ctx, e);
      } else {
        LOG.error("{} {} failed: {}", ctx.request().method(), ctx.request().path(), ar.cause().getMessage(), ar.cause());
        json(ctx, 500, new JsonObject().put("reason", "INTERNAL").put("detail", "internal error"));
      }
    });
  }

  private static void refuse(RoutingContext ctx, EnrolmentException e) {
    json(ctx, e.reason().httpStatus(), new JsonObject().put("reason", e.reason().name()).put("detail", e.getMessage()));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }
}
