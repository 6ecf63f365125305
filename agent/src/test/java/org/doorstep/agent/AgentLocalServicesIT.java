package org.doorstep.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.local.HealthOpcUaServer;
import org.doorstep.agent.testing.EmbeddedBroker;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DoorstepConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's local services as the config turns them on: the HTTP API on {@code local.httpPort} and the
 * OPC UA health server on {@code local.opcUa}, read with Milo's client. Default (simulated) devices; the
 * broker is not running: the kiosk serves its health without its fleet.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentLocalServicesIT {
  @Test
  void health_is_served_over_http_and_opc_ua_when_the_config_enables_them(@TempDir Path dataDir) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      DoorstepConfig base = TestAgents.config("kiosk-local", dataDir,
          "tcp://127.0.0.1:" + EmbeddedBroker.freePort(), Duration.ofSeconds(2), 50);
      AgentVerticle agent = new AgentVerticle(TestAgents.with(base,
          ConfigLoader.withoutEnvironment().loadDefaults().devices(), TestAgents.localOnFreePorts(true)),
          TestAgents.fastOptions());
      vertx.deployVerticle(agent).await();

      JsonObject health = vertx.createHttpClient()
          .request(HttpMethod.GET, agent.localHttpPort(), "127.0.0.1", "/api/health")
          .compose(req -> req.send().compose(resp -> resp.body())).map(b -> b.toJsonObject()).await();
      assertThat(health.getJsonObject("peripherals").getJsonObject("printer").getString("status")).isEqualTo("ONLINE");
      assertThat(health.getJsonObject("peripherals").getJsonObject("gpio").getString("status")).isEqualTo("NODEVICE");

      String endpoint = agent.opcUaEndpoint().orElseThrow();
      OpcUaClient client = OpcUaClient.create(endpoint);
      client.connect();
      try {
        int ns = client.getNamespaceTable().getIndex(HealthOpcUaServer.NAMESPACE_URI).intValue();
        DataValue reader = client.readValue(0, TimestampsToReturn.Both,
            new NodeId(ns, "kiosk-local/idCardReader/Status"));
        DataValue paper = client.readValue(0, TimestampsToReturn.Both, new NodeId(ns, "kiosk-local/printer/PaperState"));
        assertThat(reader.value().value()).isEqualTo("ONLINE");
        assertThat(paper.value().value()).isEqualTo("FULL");
      } finally {
        client.disconnect();
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void local_servers_are_off_for_a_config_built_without_the_local_section(@TempDir Path dataDir) {
    Vertx vertx = Vertx.vertx();
    try {
      AgentVerticle agent = new AgentVerticle(TestAgents.config("kiosk-nolocal", dataDir,
          "tcp://127.0.0.1:" + EmbeddedBroker.freePort(), Duration.ofSeconds(2), 50), TestAgents.fastOptions());
      vertx.deployVerticle(agent).await();
      assertThat(agent.localHttpPort()).isEqualTo(-1);
      assertThat(agent.opcUaEndpoint()).isEmpty();
    } finally {
      vertx.close().await();
    }
  }
}
