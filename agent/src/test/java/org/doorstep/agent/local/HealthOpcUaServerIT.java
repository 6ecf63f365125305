package org.doorstep.agent.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.gpio.TamperGuard;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.Peripheral;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.EventFilterBuilder;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health namespace read and watched by Milo's own client, on a free loopback port. */
class HealthOpcUaServerIT {
  private static final String DEVICE = "kiosk-it-1";

  private Vertx vertx;
  private HealthRegistry health;
  private HealthOpcUaServer server;
  private OpcUaClient client;
  private int ns;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    health = new HealthRegistry(Clock.systemUTC());
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.ONLINE);
    health.setPaper(Peripheral.PRINTER, PaperState.FULL);
    server = new HealthOpcUaServer(vertx, OpcUaOptions.loopbackAnyPort(), DEVICE, "test", health);
    server.start().await();
    client = OpcUaClient.create(server.endpointUrl());
    client.connect();
    ns = client.getNamespaceTable().getIndex(HealthOpcUaServer.NAMESPACE_URI).intValue();
  }

  @AfterEach
  void stop() throws Exception {
    client.disconnect();
    server.stop().await();
    vertx.close().await();
  }

  private Object read(Peripheral p, String variable) throws Exception {
    DataValue dv = client.readValue(0, TimestampsToReturn.Both, new NodeId(ns, DEVICE + "/" + p.key() + "/" + variable));
    assertThat(dv.statusCode().isGood()).as(variable + " " + dv.statusCode()).isTrue();
    return dv.value().value();
  }

  @Test
  void every_variable_of_every_peripheral_reads() throws Exception {
    assertThat(server.port()).isPositive().isNotEqualTo(OpcUaOptions.DEFAULT_PORT);
    assertThat(read(Peripheral.PRINTER, "Status")).isEqualTo("ONLINE");
    assertThat(read(Peripheral.PRINTER, "PaperState")).isEqualTo("FULL");
    assertThat(read(Peripheral.PRINTER, "LastErrorCode")).isEqualTo("");
    assertThat(read(Peripheral.PRINTER, "LastError")).isEqualTo("");
    assertThat(read(Peripheral.PRINTER, "LastErrorTime")).isNull();
    for (Peripheral p : List.of(Peripheral.ID_CARD_READER, Peripheral.CAMERA, Peripheral.GPIO)) {
      assertThat(read(p, "Status")).isEqualTo("NODEVICE");
      assertThat(read(p, "PaperState")).isEqualTo("NOTSUPPORTED");
    }
  }

  @Test
  void variables_change_after_a_health_update() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    health.report(Peripheral.PRINTER, PeripheralHealth.HWERROR, "PAPER_OUT", "printer is out of paper");
    health.setPaper(Peripheral.PRINTER, PaperState.OUT);
    assertThat(read(Peripheral.PRINTER, "Status")).isEqualTo("HWERROR");
    assertThat(read(Peripheral.PRINTER, "PaperState")).isEqualTo("OUT");
    assertThat(read(Peripheral.PRINTER, "LastErrorCode")).isEqualTo("PAPER_OUT");
    assertThat(read(Peripheral.PRINTER, "LastError")).isEqualTo("printer is out of paper");
    assertThat(((DateTime) read(Peripheral.PRINTER, "LastErrorTime")).getJavaInstant()).isAfter(before);
  }

  @Test
  void subscribed_client_sees_status_change_and_a_fraud_event() throws Exception {
    List<Object> statuses = new CopyOnWriteArrayList<>();
    List<Variant[]> events = new CopyOnWriteArrayList<>();
    OpcUaSubscription sub = new OpcUaSubscription(client, 50.0);
    sub.create();
    OpcUaMonitoredItem status = OpcUaMonitoredItem.newDataItem(new NodeId(ns, DEVICE + "/gpio/Status"));
    status.setSamplingInterval(20.0);
    status.setDataValueListener((item, dv) -> statuses.add(dv.value().value()));
    OpcUaMonitoredItem alarms = OpcUaMonitoredItem.newEventItem(NodeIds.Server, new EventFilterBuilder()
        .select(NodeIds.BaseEventType, new QualifiedName(0, "SourceName"))
        .select(NodeIds.BaseEventType, new QualifiedName(0, "Severity"))
        .select(NodeIds.BaseEventType, new QualifiedName(0, "Message"))
        .build());
    alarms.setEventValueListener((item, fields) -> events.add(fields));
    sub.addMonitoredItem(status);
    sub.addMonitoredItem(alarms);
    sub.synchronizeMonitoredItems();
    await().atMost(Duration.ofSeconds(10)).until(() -> statuses.contains("NODEVICE"));

    new TamperGuard(health, Clock.systemUTC()).switchOpened();

    await().atMost(Duration.ofSeconds(10)).until(() -> statuses.contains("FRAUDATTEMPT") && !events.isEmpty());
    Variant[] e = events.get(0);
    assertThat(e[0].value()).isEqualTo(DEVICE + "/gpio");
    assertThat(((Number) e[1].value()).intValue()).isEqualTo(HealthNamespace.FRAUD_SEVERITY);
    assertThat(((LocalizedText) e[2].value()).text()).startsWith("gpio FRAUDATTEMPT: tamper switch opened");
    sub.delete();
  }

  @Test
  void disabled_server_does_not_listen() {
    HealthOpcUaServer off = new HealthOpcUaServer(vertx, OpcUaOptions.defaults(), DEVICE, "test", health);
    off.start().await();
    assertThat(off.port()).isEqualTo(-1);
    off.stop().await();
  }
}
