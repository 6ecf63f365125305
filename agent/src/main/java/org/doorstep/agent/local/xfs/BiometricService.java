package org.doorstep.agent.local.xfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.doorstep.agent.device.camera.FaceCheck;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.local.ObservedScreen;
import org.doorstep.agent.model.ChallengeResult;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.Guidance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XFS4IoT {@code Biometric} service over the kiosk's face check: bank host software runs a liveness check of the
 * person in front of the camera (docs/local-api.md "Biometric").
 *
 * <p>{@code Biometric.Read} ({@code dataTypes} absent or empty, {@code mode} {@code scan} or {@code match}, {@code
 * numCaptures} ignored: the kiosk's policy sets the attempts) sends the execute event {@code
 * Biometric.PresentSubjectEvent}, then {@code Biometric.SubjectDetectedEvent} once a face is seen, relays the
 * face-check guidance as vendor events {@code Doorstep.GuidanceEvent} ({@code key, zh, en}), and completes with
 * {@code dataRead: null} and the vendor property {@code liveness} ({@code passed}, {@code scoreMilli}, {@code
 * thresholdMilli}, {@code challenges}). Frames never leave the kiosk: asking for data ({@code dataTypes}) is
 * {@code commandErrorCode} {@code formatNotSupported}, and the capture is wiped once answered. A mode other than
 * scan or match is {@code modeNotSupported}; a camera fault {@code hardwareError} / {@code deviceNotReady} /
 * {@code timeOut}; a resident being served {@code deviceNotReady}. While it runs the kiosk starts no session.
 * A cancel completes at once; the camera is free once its capture ended.
 */
public final class BiometricService implements XfsService {
  private static final Logger LOG = LoggerFactory.getLogger(BiometricService.class);
  static final String READ = "Biometric.Read";
  static final String PRESENT_SUBJECT = "Biometric.PresentSubjectEvent";
  static final String SUBJECT_DETECTED = "Biometric.SubjectDetectedEvent";
  /** Guidance that means no face is in position yet. */
  private static final Set<Guidance> NO_SUBJECT = EnumSet.of(Guidance.LOOK_AT_CAMERA, Guidance.ONLY_ONE_PERSON);

  private final Vertx vertx;
  private final CertificationRunner runner;
  private final FaceCheck face;
  private final ObservedScreen screen;
  private final HealthRegistry health;
  private volatile boolean capturing;

  public BiometricService(Vertx vertx, CertificationRunner runner, FaceCheck face, ObservedScreen screen,
      HealthRegistry health) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.face = Objects.requireNonNull(face, "face");
    this.screen = Objects.requireNonNull(screen, "screen");
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  public String name() {
    return "Biometric";
  }

  @Override
  public String path() {
    return "biometric";
  }

  @Override
  public Set<String> commands() {
    return Set.of(READ);
  }

  @Override
  public Set<String> events() {
    return Set.of(PRESENT_SUBJECT, SUBJECT_DETECTED, DoorstepService.GUIDANCE_EVENT);
  }

  @Override
  public ObjectNode status() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.set("common", XfsStatus.common(health.get(Peripheral.CAMERA)));
    p.putObject("biometric").put("subject", capturing ? "present" : "unknown").put("capture", capturing);
    return p;
  }

  @Override
  public ObjectNode capabilities() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    ObjectNode b = p.putObject("biometric");
    b.putArray("type").add("facialFeatures");
    b.put("maxCapture", 1);
    b.put("templateStorage", 0);
    b.putArray("dataFormats");
    b.putArray("scanModes").add("scan").add("match");
    b.put("matchSupported", "none");
    return p;
  }

  @Override
  public Future<Outcome> execute(XfsCommand command, Execution x) {
    JsonNode types = command.payload().path("dataTypes");
    if (types.isArray() && !types.isEmpty() || types.isObject()) {
      return Future.succeededFuture(Outcome.error("formatNotSupported",
          "payload.dataTypes: face images and templates never leave the kiosk; omit dataTypes"));
    }
    String mode = command.payload().path("mode").asText("scan");
    if (!mode.equals("scan") && !mode.equals("match")) {
      return Future.succeededFuture(Outcome.error("modeNotSupported", "payload.mode: scan or match, was '" + mode
          + "'"));
    }
    if (!runner.holdForHost()) {
      return Future.succeededFuture(Outcome.failed(CompletionCode.DEVICE_NOT_READY,
          "the kiosk is serving a resident with the camera; try again when its session ends"));
    }
    Context ctx = vertx.getOrCreateContext();
    AtomicBoolean detected = new AtomicBoolean();
    AutoCloseable relay = screen.observe(new ObservedScreen.Observer() {
      @Override
      public void guided(Guidance g) {
        ctx.runOnContext(v -> {
          if (!NO_SUBJECT.contains(g) && detected.compareAndSet(false, true)) {
            x.event(SUBJECT_DETECTED, JsonNodeFactory.instance.objectNode());
          }
          x.event(DoorstepService.GUIDANCE_EVENT, JsonNodeFactory.instance.objectNode().put("key", g.key())
              .put("zh", g.zh()).put("en", g.words()));
        });
      }
    });
    capturing = true;
    x.event(PRESENT_SUBJECT, JsonNodeFactory.instance.objectNode());
    List<String> challenges = runner.drawChallenges();
    return face.capture(challenges)
        .map(this::liveness)
        .recover(err -> Future.succeededFuture(XfsStatus.deviceFailed("camera", err)))
        .eventually(() -> {
          capturing = false;
          runner.releaseForHost();
          try {
            relay.close();
          } catch (Exception e) {
            LOG.debug("screen observer close failed", e);
          }
          return Future.succeededFuture();
        });
  }

  private Outcome liveness(FaceCapture capture) {
    try {
      ObjectNode p = JsonNodeFactory.instance.objectNode();
      p.putNull("dataRead");
      ObjectNode l = p.putObject("liveness");
      l.put("passed", runner.policy().live(capture));
      l.put("scoreMilli", capture.livenessScoreMilli());
      l.put("thresholdMilli", runner.policy().livenessThresholdMilli());
      ArrayNode cs = l.putArray("challenges");
      for (ChallengeResult r : capture.challenges()) {
        cs.addObject().put("kind", r.kind()).put("passed", r.passed()).put("durationMs", r.took().toMillis());
      }
      return Outcome.success(p);
    } finally {
      capture.wipe();     // the kept frame is never answered nor kept: this check records nothing
    }
  }
}
