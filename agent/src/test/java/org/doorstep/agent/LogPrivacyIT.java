package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.EmbeddedBroker;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.testing.TestFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs whole simulated certifications (certified, not certified, expired card, no paper, rejected by
 * the fleet) with every agent logger at TRACE and fails if any log line, MDC value or stack trace
 * holds a raw ID number or name.
 */
class LogPrivacyIT {
  @Test
  void no_raw_id_number_or_name_reaches_any_log_line(@TempDir Path brokerDir, @TempDir Path dataDir) throws Exception {
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger doorstep = logs.getLogger("org.doorstep");
    Level before = doorstep.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(logs);
    captured.start();
    root.addAppender(captured);
    doorstep.setLevel(Level.TRACE);
    Vertx vertx = Vertx.vertx();
    List<IdCard> residents = List.of(SampleResidents.ZHANG_SAN, SampleResidents.LI_SI,
        SampleResidents.LIU_GUILAN_EXPIRED, SampleResidents.WANG_WU, SampleResidents.ZHAO_XIUYING);
    try (EmbeddedBroker broker = EmbeddedBroker.start(brokerDir, 10);
         TestFleet fleet = new TestFleet(broker.url(), TestFleet.Mode.ACK)) {
      AgentVerticle agent = new AgentVerticle(
          TestAgents.config("kiosk-privacy", dataDir, broker.url(), Duration.ofSeconds(1), 50), TestAgents.fastOptions());
      vertx.deployVerticle(agent).await();
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.uplinkStatus().await().connected());

      List<SessionSummary> sessions = new ArrayList<>();
      sessions.add(agent.certify(SampleResidents.ZHANG_SAN).await());
      agent.simulators().face().script(SimulatedFaceCheck.Outcome.MISMATCH, SimulatedFaceCheck.Outcome.LIVENESS_FAIL);
      sessions.add(agent.certify(SampleResidents.LI_SI).await());
      sessions.add(agent.certify(SampleResidents.LIU_GUILAN_EXPIRED).await());
      agent.simulators().printer().paperOut(true);
      sessions.add(agent.certify(SampleResidents.WANG_WU).await());
      agent.simulators().printer().paperOut(false);
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.outboxPending().await() == 0);
      fleet.mode(TestFleet.Mode.REJECT);
      sessions.add(agent.certify(SampleResidents.ZHAO_XIUYING).await());
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.outboxPending().await() == 0);

      assertThat(sessions).extracting(SessionSummary::state)
          .containsExactly(State.DONE, State.DONE, State.FAILED, State.DONE, State.DONE);
      assertThat(sessions.get(0).certified()).isTrue();
      assertThat(sessions.get(1).certified()).isFalse();
      assertThat(agent.simulators().printer().printed()).hasSize(3);
      assertThat(String.join("\n", agent.simulators().printer().printed()))
          .satisfies(text -> assertNoRawValues(List.of(text), residents));
      assertNoRawValues(sessions.stream().map(s -> s.line(0)).toList(), residents);
    } finally {
      vertx.close().await();
      root.detachAppender(captured);
      doorstep.setLevel(before);
    }

    List<String> lines = captured.list.stream().map(LogPrivacyIT::render).toList();
    assertThat(lines).hasSizeGreaterThan(20);
    assertThat(lines).anyMatch(l -> l.contains("committed"));
    assertNoRawValues(lines, residents);
  }

  private static String render(ILoggingEvent e) {
    StringBuilder sb = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
    e.getMDCPropertyMap().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    if (e.getThrowableProxy() != null) {
      sb.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
    }
    return sb.toString();
  }

  private static void assertNoRawValues(List<String> lines, List<IdCard> residents) {
    for (IdCard c : residents) {
      String id = c.idNumber().unmasked();
      String name = c.name().unmasked();
      // the 17-digit body too: a number logged without its check digit is still the person's number
      Stream.of(id, id.substring(0, 17), name).forEach(raw ->
          assertThat(lines).as("log lines containing a raw personal value").noneMatch(l -> l.contains(raw)));
    }
  }
}
