package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.gpio.Pi4jGpio;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.session.Session;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.EmbeddedBroker;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.testing.TestFleet;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DoorstepConfig;
import org.doorstep.config.profile.LocalServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent with GPIO enabled on Pi4J's mock platform: the tamper switch ends the session in progress, drops
 * its personal data and shows FRAUDATTEMPT in the retained state; the presence sensor wakes the screen.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AgentGpioIT {
  @TempDir Path brokerDir;
  @TempDir Path dataDir;
  private Vertx vertx;
  private EmbeddedBroker broker;
  private TestFleet fleet;
  private AgentVerticle agent;
  private Context pi4j;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    broker = EmbeddedBroker.start(brokerDir, 10);
    fleet = new TestFleet(broker.url(), TestFleet.Mode.ACK);
    DoorstepConfig base = TestAgents.config("kiosk-gpio", dataDir, broker.url(), Duration.ofSeconds(2), 50);
    DeviceProfile d = ConfigLoader.withoutEnvironment().loadDefaults().devices();
    DeviceProfile withGpio = new DeviceProfile(d.idCardReader(), d.printer(), d.camera(),
        new DeviceProfile.Gpio(true, 17, 27, 22, new DeviceProfile.Relays(-1, 23)));
    agent = new AgentVerticle(TestAgents.with(base, withGpio, LocalServices.NONE),
        TestAgents.fastOptions().toBuilder().gpioMock(true).build());
    vertx.deployVerticle(agent).await();
    pi4j = agent.kioskDevices().gpioMock().orElseThrow();
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.uplinkStatus().await().connected());
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await();
    fleet.close();
    broker.close();
  }

  private MockDigitalInput input(String id) {
    return (MockDigitalInput) pi4j.io(id);
  }

  @Test
  void tamper_during_a_session_ends_it_wipes_the_card_and_reports_fraudattempt() {
    assertThat(agent.health().get(Peripheral.GPIO).status()).isEqualTo(PeripheralHealth.ONLINE);
    assertThat(agent.kioskDevices().powerCycler().orElseThrow().canCycle(Peripheral.PRINTER)).isTrue();
    agent.simulators().screen().answer(AutoScreen.Answer.NEVER);
    Future<SessionSummary> session = agent.certify(SampleResidents.ZHANG_SAN);
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.session().await().state() == State.AWAITING_CONSENT);
    assertThat(agent.session().await().card()).isPresent();

    input(Pi4jGpio.TAMPER_ID).mockState(DigitalState.HIGH);

    SessionSummary s = session.await();
    assertThat(s.state()).isEqualTo(State.FAILED);
    assertThat(s.message()).isEqualTo(ResidentMessage.OUT_OF_SERVICE_SEE_STAFF);
    assertThat(s.recordId()).isEmpty();
    assertThat(s.maskedId()).isEmpty();
    Session now = agent.session().await();
    assertThat(now.card()).isEmpty();
    assertThat(now.capture()).isEmpty();
    assertThat(agent.outboxPending().await()).isZero();
    assertThat(agent.health().get(Peripheral.GPIO).status()).isEqualTo(PeripheralHealth.FRAUDATTEMPT);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(lastState().peripherals()).containsEntry("gpio", "FRAUDATTEMPT"));

    // Staff close the cabinet and acknowledge: the kiosk serves again.
    assertThat(agent.acknowledgeTamper().await()).isFalse();            // switch still open
    input(Pi4jGpio.TAMPER_ID).mockState(DigitalState.LOW);
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.acknowledgeTamper().await());
    assertThat(agent.health().get(Peripheral.GPIO).status()).isEqualTo(PeripheralHealth.ONLINE);
    agent.simulators().screen().answer(AutoScreen.Answer.AGREE);
    assertThat(agent.certify(SampleResidents.LI_SI).await().state()).isEqualTo(State.DONE);
  }

  @Test
  void someone_stepping_up_wakes_the_screen() {
    int before = agent.simulators().screen().wakes();
    input(Pi4jGpio.PRESENCE_ID).mockState(DigitalState.HIGH);
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.simulators().screen().wakes() > before);
  }

  private DeviceState lastState() {
    List<DeviceState> states = fleet.states("kiosk-gpio");
    assertThat(states).isNotEmpty();
    return states.get(states.size() - 1);
  }
}
