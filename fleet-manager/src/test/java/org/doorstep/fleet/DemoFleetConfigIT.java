package org.doorstep.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.config.FleetConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo writes its fleet's config into the data folder, and {@code fleet-manager run --config} reads it
 * back as the same fleet: same ports, broker data, database and so the same CA (beside the database).
 */
class DemoFleetConfigIT {
  @Test
  void written_fleet_yaml_loads_as_the_demo_fleet(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("demo data");   // a space: paths are quoted
    FleetConfig demo = FleetConfig.defaults()
        .withHttpPort(18443)
        .withEmbeddedTlsBroker(18883, data.resolve("broker").toAbsolutePath())
        .withSqlite(data.resolve("fleet.db").toAbsolutePath());
    java.nio.file.Files.createDirectories(data);

    Path file = DemoCommand.writeFleetConfig(data, demo);
    FleetConfig reloaded = FleetConfigLoader.load(Optional.of(file), Map.of());

    assertThat(file.getFileName().toString()).isEqualTo(DemoCommand.FLEET_CONFIG_FILE);
    assertThat(reloaded).isEqualTo(demo);
    assertThat(reloaded.caDir()).isEqualTo(demo.caDir());
  }
}
