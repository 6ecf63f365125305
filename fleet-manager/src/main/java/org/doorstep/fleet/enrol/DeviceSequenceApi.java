package org.doorstep.fleet.enrol;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import org.doorstep.fleet.store.RecordStore;

/**
 * The device's view of its own records at the fleet (docs/wire-protocol.md section 9.4):
 * <pre>
 * GET /api/device/sequence   device, authenticated by its TLS client certificate (mutual TLS), as
 *                            POST /api/renew → 200 {deviceId, lastSeq}
 * </pre>
 * {@code lastSeq} is the highest sequence number the fleet stored of the device whose certificate the
 * connection presented (0: none). The device id comes from the certificate only: the route takes no
 * parameter and ignores any operator token, so a device learns its own mark and nobody else's.
 *
 * <p>Why: a kiosk that lost both its outbox and its control database (where it keeps its own sequence
 * mark) would number from 1 again and promise residents certifications whose records the fleet then
 * refuses ({@code SEQUENCE_CONFLICT}). Asking this on start and on every uplink connect lets it refuse
 * residents first. Refusals are those of renewal ({@link EnrolmentException.Reason}: 401
 * {@code CERTIFICATE_REQUIRED}, 403 {@code CERTIFICATE_INVALID}/{@code DEVICE_REVOKED} …), with
 * {@code {"reason", "detail"}}, logged by {@link EnrolmentService#authenticateDevice}.
 */
public final class DeviceSequenceApi {
  /** The route's path; in {@link org.doorstep.fleet.web.OperatorAuth#DEVICE_PATHS}. */
  public static final String PATH = "/api/device/sequence";

  private final EnrolmentService enrolment;
  private final RecordStore records;

  private DeviceSequenceApi(EnrolmentService enrolment, RecordStore records) {
    this.enrolment = Objects.requireNonNull(enrolment, "enrolment");
    this.records = Objects.requireNonNull(records, "records");
  }

  /**
   * Adds the route to {@code router}.
   *
   * @param enrolment authenticates the device's client certificate
   * @param records   where the device's highest stored sequence is read
   */
  public static void mount(Router router, EnrolmentService enrolment, RecordStore records) {
    DeviceSequenceApi api = new DeviceSequenceApi(enrolment, records);
    router.get(PATH).handler(api::sequence);
  }

  private void sequence(RoutingContext ctx) {
    EnrolmentApi.answer(ctx, enrolment.authenticateDevice(EnrolmentApi.clientCertificate(ctx), "the sequence mark")
        .compose(deviceId -> records.lastSequence(deviceId)
            .map(last -> new JsonObject().put("deviceId", deviceId).put("lastSeq", last))), 200);
  }
}
