package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.health.PeripheralStatus;
import org.doorstep.agent.testing.DocumentVideos;
import org.doorstep.agent.testing.EmbeddedBroker;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.vision.document.camera.CaptureResult;
import org.doorstep.agent.vision.document.camera.DocumentCamera;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.LocalServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent with the #14 devices from its profile: a document camera (OPENCV on an MJPG .avi of a page that
 * settles) and GPIO on the GPIOD provider of a machine without GPIO chips. The document camera is ONLINE and
 * captures at its full resolution; GPIO is HWERROR with the reason and the kiosk runs on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentDocumentCameraIT {
  @TempDir Path brokerDir;
  @TempDir Path dataDir;
  @TempDir Path videos;
  private Vertx vertx;
  private EmbeddedBroker broker;

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void document_camera_captures_at_full_resolution_and_missing_gpio_chips_leave_gpio_hwerror() throws Exception {
    Assumptions.assumeFalse(java.nio.file.Files.exists(Path.of("/dev/gpiochip0")), "this machine has GPIO");
    Path video = DocumentVideos.pageSettles(videos.resolve("page.avi"), 1280, 960, 15, 3, 8, 20).file();
    vertx = Vertx.vertx();
    broker = EmbeddedBroker.start(brokerDir, 10);
    DoorstepConfig base = TestAgents.config("kiosk-doccam", dataDir, broker.url(), Duration.ofSeconds(2), 50);
    DeviceProfile d = ConfigLoader.withoutEnvironment().loadDefaults().devices();
    DeviceProfile devices = new DeviceProfile(d.idCardReader(), d.printer(), d.camera(),
        new DeviceProfile.Gpio(true, 17, 27, 22, DeviceProfile.Relays.NONE, DeviceProfile.GpioProvider.GPIOD),
        d.socialSecurityCard(), d.formPrinter(),
        new DeviceProfile.Camera(DeviceProfile.Driver.OPENCV, 1, video.toString(), 1280, 960, 15, ""));
    AgentVerticle agent = new AgentVerticle(TestAgents.with(base, devices, LocalServices.NONE),
        TestAgents.fastOptions());
    vertx.deployVerticle(agent).await();

    PeripheralStatus gpio = agent.health().get(Peripheral.GPIO);
    assertThat(gpio.status()).isEqualTo(PeripheralHealth.HWERROR);
    assertThat(gpio.lastError().orElseThrow().text())
        .isEqualTo("GPIO provider GPIOD (devices.gpio.provider) is unavailable: no GPIO character device "
            + "/dev/gpiochip* on this machine");
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.uplinkStatus().await().connected());

    DocumentCamera cam = agent.kioskDevices().documentCamera().orElseThrow();
    assertThat(agent.health().get(Peripheral.DOCUMENT_CAMERA).status()).isEqualTo(PeripheralHealth.ONLINE);
    CaptureResult r = cam.capture().await();
    assertThat(r).isInstanceOfSatisfying(CaptureResult.Captured.class, c -> {
      assertThat(c.width()).isEqualTo(1280);
      assertThat(c.height()).isEqualTo(960);
      assertThat(c.stillMs()).isGreaterThanOrEqualTo(500);
    });
  }
}
