package org.doorstep.fleet.enrol;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.fleet.operators.Permission;
import org.doorstep.fleet.web.ApiAnswers;
import org.doorstep.fleet.web.OperatorAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST routes of enrolment (docs/wire-protocol.md section 9.2):
 * <pre>
 * POST /api/enrolment-tokens  operator with ISSUE_ENROLMENT_TOKENS, device region within its scope:
 *                             {deviceId, region, ttl?: ISO-8601 duration, default PT24H}
 *                             → 201 {token, deviceId, region, expiresAt, tlsCaFingerprint}
 * POST /api/enrol             device, authenticated by the token:
 *                             {token, csrPem, tlsCsrPem} → 200 {deviceId, certificatePem, caCertificatePem,
 *                             tlsCertificatePem, tlsCaCertificatePem, notAfter}
 * POST /api/renew             device, authenticated by its TLS client certificate (mutual TLS):
 *                             {csrPem, tlsCsrPem} → 200 as /api/enrol
 * GET  /api/ca                any operator → 200 {caCertificatePem, tlsCaCertificatePem, tlsCaFingerprint}
 * </pre>
 * The device's {@code GET /api/device/sequence}, authenticated the same way as renewal, is
 * {@link DeviceSequenceApi}.
 * {@code tlsCsrPem}/{@code tlsCertificatePem} are the device's separate ECDSA P-256 TLS key and its
 * certificate, in both suites. Refusals are {@code {"reason": "…", "detail": "…"}} with the status of
 * {@link EnrolmentException.Reason#httpStatus()}, logged by {@link EnrolmentService}.
 */
public final class EnrolmentApi {
  private static final Logger LOG = LoggerFactory.getLogger(EnrolmentApi.class);

  private final EnrolmentService service;
  private final String fleetConfigKeyPem;

  private EnrolmentApi(EnrolmentService service, String fleetConfigKeyPem) {
    this.service = service;
    this.fleetConfigKeyPem = fleetConfigKeyPem;
  }

  /**
   * Adds the routes to {@code router}, which must already parse bodies on {@code /api/*}
   * (as {@link org.doorstep.fleet.web.FleetApi#router} does).
   */
  public static void mount(Router router, EnrolmentService service) {
    mount(router, service, null);
  }

  /**
   * Adds the routes; enrolment and renewal answers also carry {@code fleetConfigKeyPem}, the public
   * key the kiosk checks the fleet's signed config bundles and commands with (null: not sent).
   */
  public static void mount(Router router, EnrolmentService service, String fleetConfigKeyPem) {
    EnrolmentApi api = new EnrolmentApi(service, fleetConfigKeyPem);
    router.post("/api/enrolment-tokens").handler(api::issueToken);
    router.post("/api/enrol").handler(api::enrol);
    router.post("/api/renew").handler(api::renew);
    router.get("/api/ca").handler(ctx -> ApiAnswers.json(ctx, 200, new JsonObject()
        .put("caCertificatePem", Certificates.toPem(service.caCertificate()))
        .put("tlsCaCertificatePem", Certificates.toPem(service.tlsCaCertificate()))
        .put("tlsCaFingerprint", service.tlsCaFingerprint())));
  }

  private void issueToken(RoutingContext ctx) {
    if (!OperatorAuth.permit(ctx, Permission.ISSUE_ENROLMENT_TOKENS)) {
      return;
    }
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    String region = string(body, "region");
    if (region != null && !OperatorAuth.permitRegion(ctx, region, "enrolment token for " + string(body, "deviceId"))) {
      return;
    }
    Duration ttl;
    try {
      String t = string(body, "ttl");
      ttl = t == null ? EnrolmentService.DEFAULT_TOKEN_TTL : Duration.parse(t);
    } catch (DateTimeParseException | ClassCastException e) {
      LOG.warn("Enrolment token refused: MALFORMED - ttl is not an ISO-8601 duration");
      refuse(ctx, new EnrolmentException(EnrolmentException.Reason.MALFORMED, "ttl: must be an ISO-8601 duration like PT24H"));
      return;
    }
    answer(ctx, service.issueToken(string(body, "deviceId"), string(body, "region"), ttl).map(t -> new JsonObject()
        .put("token", t.token())
        .put("deviceId", t.deviceId())
        .put("region", t.region())
        .put("expiresAt", t.expiresAt().toString())
        .put("tlsCaFingerprint", t.tlsCaFingerprint())), 201);
  }

  private void enrol(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    answer(ctx, service.enrol(string(body, "token"), string(body, "csrPem"), string(body, "tlsCsrPem"))
        .map(this::enrolmentJson), 200);
  }

  private void renew(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    answer(ctx, service.renew(clientCertificate(ctx), string(body, "csrPem"), string(body, "tlsCsrPem"))
        .map(this::enrolmentJson), 200);
  }

  /** The TLS client certificate of the request's connection; null on plain HTTP or when none was sent. */
  static X509Certificate clientCertificate(RoutingContext ctx) {
    if (!ctx.request().isSSL()) {
      return null;
    }
    try {
      List<Certificate> chain = ctx.request().connection().peerCertificates();
      return chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  private JsonObject enrolmentJson(EnrolmentService.Enrolment e) {
    JsonObject out = enrolmentJsonOf(e);
    if (fleetConfigKeyPem != null) {
      out.put("fleetConfigKeyPem", fleetConfigKeyPem);
    }
    return out;
  }

  static JsonObject enrolmentJsonOf(EnrolmentService.Enrolment e) {
    JsonObject out = new JsonObject()
        .put("deviceId", e.deviceId())
        .put("certificatePem", Certificates.toPem(e.certificate()))
        .put("caCertificatePem", Certificates.toPem(e.caCertificate()))
        .put("tlsCaCertificatePem", Certificates.toPem(e.tlsCaCertificate()))
        .put("notAfter", e.certificate().getNotAfter().toInstant().toString());
    e.tlsCertificate().ifPresent(c -> out.put("tlsCertificatePem", Certificates.toPem(c)));
    return out;
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
    LOG.warn("{} {} refused: MALFORMED - body is not a JSON object", ctx.request().method(), ctx.request().path());
    refuse(ctx, new EnrolmentException(EnrolmentException.Reason.MALFORMED, "body: must be a JSON object"));
    return null;
  }

  private static String string(JsonObject body, String name) {
    Object v = body.getValue(name);
    return v instanceof String s ? s : null;
  }

  static void answer(RoutingContext ctx, Future<JsonObject> result, int status) {
    ApiAnswers.answer(ctx, result, status, (c, err) -> {
      if (!(err instanceof EnrolmentException e)) {
        // Internal: the device wire protocol names reason and detail, so these routes carry both.
        LOG.error("{} {} failed: {}", c.request().method(), c.request().path(), err.getMessage(), err);
        ApiAnswers.error(c, 500, "INTERNAL", ApiAnswers.INTERNAL_ERROR,
            new JsonObject().put("detail", ApiAnswers.INTERNAL_ERROR));
        return true;
      }
      refuse(c, e);
      return true;
    });
  }

  /** The error body, plus {@code detail} (the message again), which the device wire protocol names. */
  private static void refuse(RoutingContext ctx, EnrolmentException e) {
    ApiAnswers.error(ctx, e.reason().httpStatus(), e.reason().name(), e.getMessage(),
        new JsonObject().put("detail", e.getMessage()));
  }
}
