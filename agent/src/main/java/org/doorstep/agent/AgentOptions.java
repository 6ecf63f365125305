package org.doorstep.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Supplier;
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.gpio.PowerCyclePolicy;
import org.doorstep.agent.records.RetryBackoff;
import org.doorstep.agent.records.SqliteOutbox.Durability;
import org.doorstep.agent.vision.match.FaceMatcher;
import org.doorstep.config.crypto.TlsIdentity;

/**
 * How an {@link AgentVerticle} runs, beyond its {@link org.doorstep.config.profile.DoorstepConfig}:
 * clock, versions and the intervals that tests shorten. Build with {@link #builder()}; every field
 * has a production default.
 *
 * @param clock              the agent's clock (record ids, timeouts, outbox times)
 * @param configVersion      version of the config bundle in force; 0 = a local file, no bundle yet
 * @param agentVersion       reported in records and state
 * @param durability         outbox {@code synchronous} mode (FULL: see {@link org.doorstep.agent.records.SqliteOutbox})
 * @param zone               local time of the kiosk (receipts, card validity)
 * @param cardPollInterval   reader polling while idle
 * @param tickInterval       how often session time limits are checked
 * @param drainInterval      how often the outbox is checked for due records besides commits and acks
 * @param stateCheckInterval how often peripheral health and the outbox count are compared with the last state
 * @param reconnect          MQTT reconnect delays (first, cap)
 * @param simulatedFace      what the simulated face check does when nothing is scripted
 * @param gpioMock           with {@code devices.gpio.enabled}: run the lines on Pi4J's mock platform (demo,
 *                           tests) instead of the hardware
 * @param powerCyclePolicy   how a peripheral with a power relay is restarted when it stops answering
 * @param faceMatcher        the 1:1 matcher of the real (OPENCV) face check; the default refuses to match
 *                           (no embedding model is wired: a deployment supplies one it is licensed to use)
 * @param tlsIdentity        the device's TLS identity for an {@code ssl://} broker, asked for at every
 *                           (re)connect so a renewed certificate is used without a restart; null when
 *                           the agent has none (then only {@code tcp://} brokers are reachable)
 */
public record AgentOptions(
    Clock clock,
    long configVersion,
    String agentVersion,
    Durability durability,
    ZoneId zone,
    Duration cardPollInterval,
    Duration tickInterval,
    Duration drainInterval,
    Duration stateCheckInterval,
    RetryBackoff reconnect,
    SimulatedFaceCheck.Outcome simulatedFace,
    boolean gpioMock,
    PowerCyclePolicy powerCyclePolicy,
    FaceMatcher faceMatcher,
    Supplier<TlsIdentity> tlsIdentity) {

  /** China Standard Time: every Doorstep kiosk shows and prints local time. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  public AgentOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(cardPollInterval, "cardPollInterval");
    Objects.requireNonNull(tickInterval, "tickInterval");
    Objects.requireNonNull(drainInterval, "drainInterval");
    Objects.requireNonNull(stateCheckInterval, "stateCheckInterval");
    Objects.requireNonNull(reconnect, "reconnect");
    Objects.requireNonNull(simulatedFace, "simulatedFace");
    Objects.requireNonNull(powerCyclePolicy, "powerCyclePolicy");
    Objects.requireNonNull(faceMatcher, "faceMatcher");
  }

  /** Production defaults. */
  public static AgentOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.clock = clock;
    b.configVersion = configVersion;
    b.agentVersion = agentVersion;
    b.durability = durability;
    b.zone = zone;
    b.cardPollInterval = cardPollInterval;
    b.tickInterval = tickInterval;
    b.drainInterval = drainInterval;
    b.stateCheckInterval = stateCheckInterval;
    b.reconnect = reconnect;
    b.simulatedFace = simulatedFace;
    b.gpioMock = gpioMock;
    b.powerCyclePolicy = powerCyclePolicy;
    b.faceMatcher = faceMatcher;
    b.tlsIdentity = tlsIdentity;
    return b;
  }

  /** Builder with production defaults; see the record components for what each means. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private long configVersion;
    private String agentVersion = AgentVersion.current();
    private Durability durability = Durability.FULL;
    private ZoneId zone = DEFAULT_ZONE;
    // 300 ms: a resident sees the "reading" screen within a blink of placing the card.
    private Duration cardPollInterval = Duration.ofMillis(300);
    private Duration tickInterval = Duration.ofMillis(250);
    private Duration drainInterval = Duration.ofSeconds(1);
    private Duration stateCheckInterval = Duration.ofSeconds(5);
    // 1 s doubling to 30 s: quick after a blip, gentle on a broker that hundreds of kiosks reconnect to.
    private RetryBackoff reconnect = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    private SimulatedFaceCheck.Outcome simulatedFace = SimulatedFaceCheck.Outcome.PASS;
    private boolean gpioMock;
    private PowerCyclePolicy powerCyclePolicy = PowerCyclePolicy.defaults();
    private FaceMatcher faceMatcher = FaceMatcher.NONE;
    private Supplier<TlsIdentity> tlsIdentity;

    public Builder clock(Clock v) { clock = v; return this; }
    public Builder configVersion(long v) { configVersion = v; return this; }
    public Builder agentVersion(String v) { agentVersion = v; return this; }
    public Builder durability(Durability v) { durability = v; return this; }
    public Builder zone(ZoneId v) { zone = v; return this; }
    public Builder cardPollInterval(Duration v) { cardPollInterval = v; return this; }
    public Builder tickInterval(Duration v) { tickInterval = v; return this; }
    public Builder drainInterval(Duration v) { drainInterval = v; return this; }
    public Builder stateCheckInterval(Duration v) { stateCheckInterval = v; return this; }
    public Builder reconnect(RetryBackoff v) { reconnect = v; return this; }
    public Builder simulatedFace(SimulatedFaceCheck.Outcome v) { simulatedFace = v; return this; }
    public Builder gpioMock(boolean v) { gpioMock = v; return this; }
    public Builder powerCyclePolicy(PowerCyclePolicy v) { powerCyclePolicy = v; return this; }
    public Builder faceMatcher(FaceMatcher v) { faceMatcher = v; return this; }
    public Builder tlsIdentity(Supplier<TlsIdentity> v) { tlsIdentity = v; return this; }

    public AgentOptions build() {
      return new AgentOptions(clock, configVersion, agentVersion, durability, zone, cardPollInterval,
          tickInterval, drainInterval, stateCheckInterval, reconnect, simulatedFace, gpioMock, powerCyclePolicy,
          faceMatcher, tlsIdentity);
    }
  }
}
