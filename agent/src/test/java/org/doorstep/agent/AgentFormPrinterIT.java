package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.forms.FormPrinterProblem;
import org.doorstep.agent.device.forms.FormTemplates;
import org.doorstep.agent.device.forms.sim.SampleForms;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.health.PeripheralStatus;
import org.doorstep.agent.device.ipp.sim.IppPrinterSimulator;
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
 * An agent whose profile has {@code devices.formPrinter} IPP, against the IPP printer simulator: paper out at the
 * printer shows as formPrinter HWERROR with paper OUT in the health and in the state the agent sends, and a
 * form prints once paper is back.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AgentFormPrinterIT {
  @TempDir Path brokerDir;
  @TempDir Path dataDir;
  private Vertx vertx;
  private Vertx printerVertx;
  private EmbeddedBroker broker;
  private TestFleet fleet;
  private AgentVerticle agent;
  private IppPrinterSimulator printer;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    printerVertx = Vertx.vertx();
    printer = IppPrinterSimulator.start(printerVertx).await(10, TimeUnit.SECONDS);
    printer.mediaEmpty();
    broker = EmbeddedBroker.start(brokerDir, 10);
    fleet = new TestFleet(broker.url(), TestFleet.Mode.ACK);
    DoorstepConfig base = TestAgents.config("kiosk-forms", dataDir, broker.url(), Duration.ofSeconds(2), 50);
    DeviceProfile d = ConfigLoader.withoutEnvironment().loadDefaults().devices();
    DeviceProfile withForms = new DeviceProfile(d.idCardReader(), d.printer(), d.camera(), d.gpio(),
        d.socialSecurityCard(), new DeviceProfile.FormPrinter(DeviceProfile.Driver.IPP, printer.uri()), d.documentCamera());
    agent = new AgentVerticle(TestAgents.with(base, withForms, LocalServices.NONE), TestAgents.fastOptions());
    vertx.deployVerticle(agent).await();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await();
    printerVertx.close().await();
    fleet.close();
    broker.close();
  }

  @Test
  void paperOut_showsInTheHealthAndTheSentState_andAFormPrintsOnceRefilled() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.health().get(Peripheral.FORM_PRINTER).paper() == PaperState.OUT);
    PeripheralStatus s = agent.health().get(Peripheral.FORM_PRINTER);
    assertThat(s.status()).isEqualTo(PeripheralHealth.HWERROR);
    assertThat(s.lastError().orElseThrow().code()).isEqualTo(FormPrinterProblem.MEDIA_EMPTY.name());
    assertThat(s.lastError().orElseThrow().text()).isEqualTo(FormPrinterProblem.MEDIA_EMPTY.words());
    await().atMost(Duration.ofSeconds(20)).until(() -> fleet.states("kiosk-forms").stream()
        .map(DeviceState::peripherals).anyMatch(p -> "HWERROR".equals(p.get("formPrinter"))));

    printer.ready();
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.health().get(Peripheral.FORM_PRINTER).status() == PeripheralHealth.ONLINE);
    agent.kioskDevices().formPrinter()
        .print(FormTemplates.registrationApplication(SampleForms.application("R-9"), ZoneId.of("Asia/Shanghai")))
        .await(30, TimeUnit.SECONDS);

    assertThat(printer.received()).extracting(IppPrinterSimulator.ReceivedJob::jobName).containsExactly("登记申请表 R-9");
    assertThat(agent.health().get(Peripheral.FORM_PRINTER).paper()).isEqualTo(PaperState.FULL);
  }
}
