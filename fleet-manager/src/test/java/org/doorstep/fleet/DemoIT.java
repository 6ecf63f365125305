package org.doorstep.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's main command, scripted: the demo starts the fleet on embedded defaults and real
 * agent processes (the packaged agent.jar), every kiosk certifies its residents, every record
 * reaches the fleet, and everything stops cleanly.
 */
class DemoIT {
  @TempDir
  Path dir;

  @Test
  @Timeout(180)
  void demo_certifies_residents_at_every_kiosk_and_stores_every_record() {
    String jarProperty = System.getProperty("doorstep.agent.jar");
    assertThat(jarProperty).as("set by the fleet-manager pom (failsafe systemPropertyVariables)").isNotNull();
    Path agentJar = Path.of(jarProperty);
    assertThat(Files.isRegularFile(agentJar))
        .as("the agent jar %s must be packaged first (./mvnw -pl agent package)", agentJar).isTrue();
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new FleetMain());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));

    int code = cli.execute("demo", "--kiosks", "2", "--residents", "3", "--interval", "200ms",
        "--http-port", "0", "--broker-port", "0", "--data-dir", dir.resolve("demo").toString(),
        "--agent-jar", agentJar.toString(), "--exit-after-residents");

    String console = out.toString();
    assertThat(code).as(console).isZero();
    Matcher stored = Pattern.compile("(\\d+) records stored").matcher(console);
    assertThat(stored.find()).as(console).isTrue();
    assertThat(Integer.parseInt(stored.group(1))).isEqualTo(6);
    assertThat(console).contains("[kiosk-001]", "[kiosk-002]", "outbox drained");
    // Each kiosk enrolled over HTTPS with its one-time token before certifying.
    assertThat(console).contains("[kiosk-001] kiosk-001 enrolled: DeviceCredentials[CN=kiosk-001, OU=440101",
        "[kiosk-002] kiosk-002 enrolled: DeviceCredentials[CN=kiosk-002, OU=440102");
    assertThat(dir.resolve("demo").resolve("kiosk-001").resolve("device-cert.pem")).exists();
    // Masked on the console: first 3 and last 4 characters of the ID number, nothing in between.
    assertThat(console).containsPattern("certified \\d{3}\\*{11}[0-9X]{4} ");
    for (int i = 0; i < 3; i++) {
      IdCard resident = SampleResidents.cycle(i);
      assertThat(console).doesNotContain(resident.idNumber().unmasked(), resident.name().unmasked());
    }
  }
}
