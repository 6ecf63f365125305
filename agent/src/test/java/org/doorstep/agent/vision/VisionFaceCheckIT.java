package org.doorstep.agent.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.doorstep.agent.device.camera.Camera;
import org.doorstep.agent.device.camera.OpenCvCamera;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.vision.liveness.LivenessPolicy;
import org.doorstep.agent.vision.testing.SyntheticVideos;
import org.doorstep.agent.vision.testing.TestMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/** {@link VisionFaceCheck} on a video camera: captures one after another on a camera that stays open. */
class VisionFaceCheckIT {
  @TempDir
  Path dir;
  private Vertx vertx;

  @BeforeEach
  void start() {
    TestMedia.openCv();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /**
   * A kiosk camera opened long ago (its frames stamped a minute after {@code open()}, beyond the positioning
   * limit): the capture still gives the resident the whole positioning and challenge time.
   */
  @Test
  void a_camera_open_for_longer_than_the_positioning_limit_still_lets_the_resident_blink() {
    VisionModels models = TestMedia.models();
    Path video = new SyntheticVideos(TestMedia.resident(), models).live(dir.resolve("resident.avi"), 15, 90, 18,
        2.0, 7);
    Camera openAMinute = new ShiftedCamera(OpenCvCamera.file(video, true), 60_000);
    VisionFaceCheck check = new VisionFaceCheck(vertx, openAMinute,
        VisionOptions.of(models, LivenessPolicy.of(Duration.ofSeconds(10), 1)), (live, ref) -> Optional.of(0.9),
        g -> { });
    try {
      FaceCapture c = check.capture(List.of("BLINK")).await();
      assertThat(c.allChallengesPassed()).as("BLINK passed: %s", c).isTrue();
      assertThat(c.image()).isNotEmpty();
    } finally {
      check.close();
    }
  }

  /** Frames stamped {@code shiftMs} later than {@code camera} stamps them, as if opened that much earlier. */
  private record ShiftedCamera(Camera camera, long shiftMs) implements Camera {
    @Override
    public void open() {
      camera.open();
    }

    @Override
    public long read(Mat into) {
      long ms = camera.read(into);
      return ms < 0 ? ms : ms + shiftMs;
    }

    @Override
    public double fps() {
      return camera.fps();
    }

    @Override
    public String describe() {
      return camera.describe();
    }

    @Override
    public void close() {
      camera.close();
    }
  }
}
