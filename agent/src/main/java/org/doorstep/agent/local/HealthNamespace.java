package org.doorstep.agent.local;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthChange;
import org.doorstep.agent.device.health.HealthError;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.health.PeripheralStatus;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.model.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health address space: {@code Objects/Doorstep/<deviceId>/<peripheral>/} with the variables
 * {@code Status}, {@code PaperState}, {@code LastErrorCode}, {@code LastError} and {@code
 * LastErrorTime}, kept current from the {@link HealthRegistry}; plus a {@code BaseEventType} event on
 * the Server object whenever a peripheral enters FRAUDATTEMPT, POTENTIALFRAUD or HWERROR. Node ids are
 * strings in {@link HealthOpcUaServer#NAMESPACE_URI}: {@code <deviceId>/<peripheral>/<Variable>}.
 * Modelled on Milo's {@code ExampleNamespace}.
 */
final class HealthNamespace extends ManagedNamespaceWithLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(HealthNamespace.class);
  /** Event severity (1–1000) for tampering: the highest class, staff must come. */
  static final int FRAUD_SEVERITY = 900;
  /** Event severity for a hardware error: out of service, but no security concern. */
  static final int HWERROR_SEVERITY = 700;

  private final String deviceId;
  private final HealthRegistry health;
  private final SubscriptionModel subscriptionModel;
  private final SecureRandom random = new SecureRandom();
  private final Map<Peripheral, Nodes> nodes = new EnumMap<>(Peripheral.class);
  private AutoCloseable subscription;

  private record Nodes(UaFolderNode folder, UaVariableNode status, UaVariableNode paper, UaVariableNode errorCode,
      UaVariableNode error, UaVariableNode errorTime) {}

  HealthNamespace(OpcUaServer server, String deviceId, HealthRegistry health) {
    super(server, HealthOpcUaServer.NAMESPACE_URI);
    this.deviceId = deviceId;
    this.health = health;
    this.subscriptionModel = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptionModel);
    getLifecycleManager().addStartupTask(this::createNodes);
    getLifecycleManager().addShutdownTask(() -> {
      try {
        if (subscription != null) {
          subscription.close();
        }
      } catch (Exception e) {
        LOG.debug("unsubscribe failed", e);
      }
    });
  }

  static String nodeIdOf(String deviceId, Peripheral p, String variable) {
    return deviceId + "/" + p.key() + "/" + variable;
  }

  private void createNodes() {
    UaFolderNode doorstep = folder("Doorstep", "Doorstep");
    doorstep.addReference(new Reference(doorstep.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    UaFolderNode kiosk = folder("Doorstep/" + deviceId, deviceId);
    doorstep.addOrganizes(kiosk);
    for (Peripheral p : Peripheral.values()) {
      UaFolderNode f = folder(deviceId + "/" + p.key(), p.key());
      kiosk.addOrganizes(f);
      Nodes n = new Nodes(f, variable(f, p, "Status", NodeIds.String), variable(f, p, "PaperState", NodeIds.String),
          variable(f, p, "LastErrorCode", NodeIds.String), variable(f, p, "LastError", NodeIds.String),
          variable(f, p, "LastErrorTime", NodeIds.DateTime));
      nodes.put(p, n);
    }
    getServer().getAddressSpaceManager().getManagedNode(NodeIds.Server).ifPresent(server -> {
      if (server instanceof UaObjectNode o) {
        o.setEventNotifier(ubyte(1));       // SubscribeToEvents: clients watch the Server object for our events
      }
    });
    // Subscribe, then write the current values: a change between the two is written twice, never lost.
    subscription = health.subscribe(this::onChange);
    health.snapshot().all().forEach(this::write);
  }

  private UaFolderNode folder(String id, String name) {
    UaFolderNode f = new UaFolderNode(getNodeContext(), newNodeId(id), newQualifiedName(name), LocalizedText.english(name));
    getNodeManager().addNode(f);
    return f;
  }

  private UaVariableNode variable(UaFolderNode parent, Peripheral p, String name, NodeId dataType) {
    UaVariableNode v = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
        .setNodeId(newNodeId(nodeIdOf(deviceId, p, name)))
        .setAccessLevel(AccessLevel.CurrentRead)
        .setUserAccessLevel(AccessLevel.CurrentRead)
        .setBrowseName(newQualifiedName(name))
        .setDisplayName(LocalizedText.english(name))
        .setDataType(dataType)
        .setTypeDefinition(NodeIds.BaseDataVariableType)
        .build();
    getNodeManager().addNode(v);
    parent.addOrganizes(v);
    return v;
  }

  private void onChange(HealthChange change) {
    write(change.current());
    PeripheralHealth s = change.current().status();
    if (change.statusChanged() && (s == PeripheralHealth.FRAUDATTEMPT || s == PeripheralHealth.POTENTIALFRAUD
        || s == PeripheralHealth.HWERROR)) {
      fireEvent(change.current(), change.snapshot().takenAt());
    }
  }

  private void write(PeripheralStatus st) {
    Nodes n = nodes.get(st.peripheral());
    if (n == null) {
      return;
    }
    DateTime at = new DateTime(st.since());
    set(n.status(), new Variant(st.status().name()), at);
    set(n.paper(), new Variant(st.paper().name()), at);
    HealthError e = st.lastError().orElse(null);
    DateTime errAt = e == null ? at : new DateTime(e.at());
    set(n.errorCode(), new Variant(e == null ? "" : e.code()), errAt);
    set(n.error(), new Variant(e == null ? "" : e.text()), errAt);
    set(n.errorTime(), e == null ? Variant.NULL_VALUE : new Variant(new DateTime(e.at())), errAt);
  }

  private static void set(UaVariableNode node, Variant value, DateTime sourceTime) {
    node.setValue(new DataValue(value, StatusCode.GOOD, sourceTime, DateTime.now()));
  }

  private void fireEvent(PeripheralStatus st, Instant at) {
    Nodes n = nodes.get(st.peripheral());
    BaseEventTypeNode event = null;
    try {
      event = getServer().getEventFactory().createEvent(newNodeId(UUID.randomUUID()), NodeIds.BaseEventType);
      byte[] id = new byte[16];
      random.nextBytes(id);
      boolean fraud = st.isFraud();
      String text = st.peripheral().key() + " " + st.status().name()
          + st.lastError().map(e -> ": " + e.text()).orElse("");
      event.setBrowseName(newQualifiedName("HealthEvent"));
      event.setDisplayName(LocalizedText.english("HealthEvent"));
      event.setEventId(ByteString.of(id));
      event.setEventType(NodeIds.BaseEventType);
      event.setSourceNode(n.folder().getNodeId());
      event.setSourceName(deviceId + "/" + st.peripheral().key());
      event.setTime(new DateTime(at));
      event.setReceiveTime(DateTime.NULL_VALUE);
      event.setMessage(LocalizedText.english(text));
      event.setSeverity(ushort(fraud ? FRAUD_SEVERITY : HWERROR_SEVERITY));
      getServer().getEventNotifier().fire(event);
    } catch (Exception e) {
      LOG.warn("OPC UA health event for {} not sent: {}", st.peripheral().key(), e.toString());
    } finally {
      if (event != null) {
        event.delete();
      }
    }
  }

  @Override
  public void onDataItemsCreated(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsCreated(dataItems);
  }

  @Override
  public void onDataItemsModified(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsModified(dataItems);
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsDeleted(dataItems);
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
    subscriptionModel.onMonitoringModeChanged(monitoredItems);
  }
}
