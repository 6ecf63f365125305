package org.doorstep.agent.device.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DeviceProfile.GpioProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Pi4J adapter on Pi4J's mock platform: the test drives the inputs and reads the outputs. */
class Pi4jGpioTest {
  private static final GpioLines LINES = GpioLines.of(17, 27, 22).withRelays(Map.of(Peripheral.PRINTER, 23));

  private Vertx vertx;
  private Context pi4j;
  private Pi4jGpio gpio;
  private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  private final List<GpioEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    pi4j = Pi4jGpio.mockContext();
    gpio = Pi4jGpio.open(vertx, pi4j, LINES, health, Clock.systemUTC()).await();
    gpio.onEvent(events::add);
  }

  @AfterEach
  void close() {
    gpio.close().await();
    vertx.close().await();
  }

  private MockDigitalInput input(String id) {
    return (MockDigitalInput) pi4j.io(id);
  }

  private DigitalOutput output(String id) {
    return (DigitalOutput) pi4j.io(id);
  }

  @Test
  void open_lines_make_gpio_health_online_with_light_off_and_relays_powered() {
    assertThat(health.get(Peripheral.GPIO).status()).isEqualTo(PeripheralHealth.ONLINE);
    GpioReading r = gpio.read().await();
    assertThat(r.present()).isFalse();
    assertThat(r.tamperOpen()).isFalse();
    assertThat(r.lightOn()).isFalse();
    assertThat(r.relaysPowered()).containsEntry(Peripheral.PRINTER, true);
  }

  @Test
  void presence_edge_becomes_an_event_and_a_reading() {
    input(Pi4jGpio.PRESENCE_ID).mockState(DigitalState.HIGH);
    await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
    assertThat(events.get(0)).isInstanceOfSatisfying(GpioEvent.PresenceChanged.class, e -> assertThat(e.present()).isTrue());
    assertThat(gpio.read().await().present()).isTrue();
  }

  @Test
  void tamper_edge_raises_fraudattempt_through_the_guard() {
    List<String> wiped = new CopyOnWriteArrayList<>();
    TamperGuard guard = new TamperGuard(health, Clock.systemUTC()).onTamper(() -> wiped.add("wiped"));
    gpio.onEvent(guard::accept);
    input(Pi4jGpio.TAMPER_ID).mockState(DigitalState.HIGH);
    await().atMost(Duration.ofSeconds(5)).until(() -> health.get(Peripheral.GPIO).status() == PeripheralHealth.FRAUDATTEMPT);
    assertThat(wiped).containsExactly("wiped");
    assertThat(gpio.read().await().tamperOpen()).isTrue();
  }

  @Test
  void active_low_tamper_switch_is_open_when_the_line_is_low() {
    gpio.close().await();
    pi4j = Pi4jGpio.mockContext();
    GpioLines activeLow = new GpioLines(17, true, 27, false, 22, Map.of(), true, Duration.ZERO);
    gpio = Pi4jGpio.open(vertx, pi4j, activeLow, health, Clock.systemUTC()).await();
    input(Pi4jGpio.TAMPER_ID).mockState(DigitalState.HIGH);
    assertThat(gpio.read().await().tamperOpen()).isFalse();
    input(Pi4jGpio.TAMPER_ID).mockState(DigitalState.LOW);
    assertThat(gpio.read().await().tamperOpen()).isTrue();
  }

  @Test
  void light_and_relay_drive_their_outputs() {
    gpio.setLight(true).await();
    assertThat(output(Pi4jGpio.LIGHT_ID).state()).isEqualTo(DigitalState.HIGH);
    gpio.setRelay(Peripheral.PRINTER, false).await();
    assertThat(output(Pi4jGpio.relayId(Peripheral.PRINTER)).state()).isEqualTo(DigitalState.LOW);
    assertThat(gpio.read().await().relaysPowered()).containsEntry(Peripheral.PRINTER, false);
  }

  @Test
  void relay_of_a_peripheral_without_one_fails_not_connected() {
    Throwable err = gpio.setRelay(Peripheral.CAMERA, false).cause();
    assertThat(DeviceException.faultOf(err)).isEqualTo(DeviceFault.NOT_CONNECTED);
  }

  @Test
  void status_light_follows_health_and_session() {
    StatusLight light = new StatusLight(vertx, gpio, health);
    light.on(new LightInputs.Event.Running(true));
    await().atMost(Duration.ofSeconds(5)).until(() -> light.showing() == LightState.IDLE
        && output(Pi4jGpio.LIGHT_ID).state() == DigitalState.HIGH);
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.HWERROR);
    await().atMost(Duration.ofSeconds(5)).until(() -> light.showing() == LightState.ERROR);
    // The double flash toggles the line: it is seen both on and off.
    await().atMost(Duration.ofSeconds(5)).until(() -> output(Pi4jGpio.LIGHT_ID).state() == DigitalState.LOW);
    await().atMost(Duration.ofSeconds(5)).until(() -> output(Pi4jGpio.LIGHT_ID).state() == DigitalState.HIGH);
    light.close().await();
    assertThat(output(Pi4jGpio.LIGHT_ID).state()).isEqualTo(DigitalState.LOW);
  }

  @Test
  void closed_adapter_refuses_calls() {
    gpio.close().await();
    assertThat(DeviceException.faultOf(gpio.setLight(true).cause())).isEqualTo(DeviceFault.NOT_CONNECTED);
  }

  @Test
  void disabled_profile_gives_no_gpio_with_nodevice_health() {
    HealthRegistry h = new HealthRegistry(Clock.systemUTC());
    h.setStatus(Peripheral.GPIO, PeripheralHealth.ONLINE);
    Gpio none = Gpios.open(vertx, new DeviceProfile.Gpio(false, 17, 22, 27), Map.of(), GpioProvider.GPIOD, h,
        Clock.systemUTC()).await();
    assertThat(none).isInstanceOf(NoGpio.class);
    assertThat(h.get(Peripheral.GPIO).status()).isEqualTo(PeripheralHealth.NODEVICE);
    assertThat(none.setLight(true).succeeded()).isTrue();
    assertThat(DeviceException.faultOf(none.read().cause())).isEqualTo(DeviceFault.NOT_CONNECTED);
    assertThat(DeviceException.faultOf(none.setRelay(Peripheral.PRINTER, false).cause())).isEqualTo(DeviceFault.NOT_CONNECTED);
  }

  @Test
  void enabled_profile_without_a_pin_names_the_config_path() {
    Throwable err = Gpios.open(vertx, new DeviceProfile.Gpio(true, 17, null, 27), Map.of(), GpioProvider.MOCK, health,
        Clock.systemUTC()).cause();
    assertThat(err).hasMessageStartingWith("devices.gpio.statusLightPin:");
  }

  @Test
  void tamper_switch_to_ground_gets_a_pull_up_and_the_presence_sensor_a_pull_down() {
    // PERIPHERALS / gpio-wiring.md: a normally-closed tamper switch to GND reads LOW while closed; only a pull-up
    // lets the line rise when it opens (with a pull-down it would read LOW either way and never alarm).
    assertThat(((DigitalInput) pi4j.io(Pi4jGpio.TAMPER_ID)).config().pull()).isEqualTo(PullResistance.PULL_UP);
    assertThat(((DigitalInput) pi4j.io(Pi4jGpio.PRESENCE_ID)).config().pull()).isEqualTo(PullResistance.PULL_DOWN);
    assertThat(Pi4jGpio.tamperPull(false)).isEqualTo(PullResistance.PULL_DOWN);
    assertThat(Pi4jGpio.presencePull(false)).isEqualTo(PullResistance.PULL_UP);
  }

  @Test
  void gpiod_provider_without_a_gpio_chip_is_unavailable_in_words() {
    Assumptions.assumeFalse(Pi4jGpio.hasGpioChip(Pi4jGpio.GPIO_CHIP_DIR), "this machine has a GPIO chip");
    assertThatThrownBy(() -> Pi4jGpio.context(GpioProvider.GPIOD))
        .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.fault()).isEqualTo(DeviceFault.NOT_CONNECTED))
        .hasMessageContaining("GPIO provider GPIOD (devices.gpio.provider) is unavailable")
        .hasMessageContaining("/dev/gpiochip");
  }

  @Test
  void gpiod_profile_on_a_machine_without_gpio_chips_gives_hwerror_with_the_reason_not_a_crash() {
    Assumptions.assumeFalse(Pi4jGpio.hasGpioChip(Pi4jGpio.GPIO_CHIP_DIR), "this machine has a GPIO chip");
    HealthRegistry h = new HealthRegistry(Clock.systemUTC());
    DeviceProfile.Gpio profile = new DeviceProfile.Gpio(true, 17, 27, 22, DeviceProfile.Relays.NONE, GpioProvider.GPIOD);
    Throwable err = Gpios.open(vertx, profile, Map.of(), profile.provider(), h, Clock.systemUTC()).cause();
    assertThat(DeviceException.faultOf(err)).isEqualTo(DeviceFault.NOT_CONNECTED);
    assertThat(h.get(Peripheral.GPIO).status()).isEqualTo(PeripheralHealth.HWERROR);
    assertThat(h.get(Peripheral.GPIO).lastError()).hasValueSatisfying(e -> {
      assertThat(e.code()).isEqualTo("GPIO_UNAVAILABLE");
      assertThat(e.text()).contains("GPIOD").contains("no GPIO character device /dev/gpiochip*");
    });
  }

  @Test
  void linuxfs_provider_without_sysfs_gpio_is_unavailable_in_words() {
    Assumptions.assumeFalse(java.nio.file.Files.isDirectory(Pi4jGpio.SYSFS_GPIO), "this machine has sysfs GPIO");
    assertThatThrownBy(() -> Pi4jGpio.context(GpioProvider.LINUXFS))
        .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.fault()).isEqualTo(DeviceFault.NOT_CONNECTED))
        .hasMessageContaining("GPIO provider LINUXFS").hasMessageContaining("/sys/class/gpio");
  }

  @Test
  void a_gpio_chip_is_recognised_by_its_device_name(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    assertThat(Pi4jGpio.hasGpioChip(dir)).isFalse();
    java.nio.file.Files.createFile(dir.resolve("gpiochipX"));
    assertThat(Pi4jGpio.hasGpioChip(dir)).isFalse();
    java.nio.file.Files.createFile(dir.resolve("gpiochip0"));
    assertThat(Pi4jGpio.hasGpioChip(dir)).isTrue();
  }
}
