package org.doorstep.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.doorstep.fleet.rollout.RolloutPlan.DeviceStatus;
import org.doorstep.fleet.rollout.RolloutPlan.Phase;
import org.doorstep.fleet.store.FleetStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link RolloutStore} promises on every database flavour ({@code SqliteRolloutStoreIT},
 * {@code PostgresRolloutStoreInteropIT}): every member of a rollout row (store version 9) reads back, the phase
 * names fit the column, a row written before version 9 reads as the new model, and the queries a restart and a
 * rollback make.
 */
abstract class RolloutStoreContract {
  private static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");

  protected Vertx vertx;
  private FleetStores stores;
  private RolloutStore store;

  /** Opens fresh, migrated stores. */
  protected abstract FleetStores open(Vertx vertx) throws Exception;

  /** Drops what {@link #open} created. */
  protected void cleanUp() throws Exception {}

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    stores = open(vertx);
    store = new RolloutStore(stores.database());
  }

  @AfterEach
  void tearDown() throws Exception {
    await(stores.close());
    await(vertx.close());
    cleanUp();
  }

  private static RolloutStore.Device device(String rollout, String id, int group, DeviceStatus s) {
    return new RolloutStore.Device(rollout, id, group, s, "", "", s == DeviceStatus.WAITING ? Optional.empty()
        : Optional.of(T0), Optional.empty());
  }

  private RolloutStore.Rollout rollout(String id, long version, Phase phase, List<RolloutStore.Device> devices) {
    RolloutStore.Rollout r = new RolloutStore.Rollout(id, version, PlanJson.toJson(RolloutPlan.allAtOnce()).encode(),
        phase, 0, "", "alice", Optional.empty(), Optional.empty(), false, 0, Optional.empty(), T0, T0);
    await(store.createRollout(r, devices));
    return r;
  }

  @Test
  void every_member_of_a_rollout_reads_back_and_updates_in_place() {
    long v = await(store.addVersion("{}", "first", T0));
    RolloutStore.Rollout r = new RolloutStore.Rollout("r-1", v, PlanJson.toJson(RolloutPlan.allAtOnce()).encode(),
        Phase.WAITING_APPROVAL, -1, "", "alice", Optional.empty(), Optional.empty(), true, 0, Optional.of("r-0"), T0, T0);
    await(store.createRollout(r, List.of(device("r-1", "k-1", 0, DeviceStatus.WAITING))));
    assertThat(await(store.rollout("r-1"))).contains(r);

    RolloutStore.Rollout paused = new RolloutStore.Rollout("r-1", v, r.planJson(), Phase.PAUSED, 0,
        "1 device(s) refused, more than the error threshold of 0 refusal(s) tolerates; last: k-1 (BAD_SIGNATURE)",
        "alice", Optional.of("bob"), Optional.of(T0.plusSeconds(60)), false, 3, Optional.of("r-0"), T0,
        T0.plusSeconds(90));
    RolloutStore.Device refused = new RolloutStore.Device("r-1", "k-1", 0, DeviceStatus.REFUSED, "BAD_SIGNATURE",
        "signature does not verify", Optional.of(T0.plusSeconds(60)), Optional.of(T0.plusSeconds(80)));
    await(store.update(paused, List.of(refused)));
    assertThat(await(store.rollout("r-1"))).contains(paused);
    assertThat(await(store.devices("r-1"))).containsExactly(refused);
    assertThat(await(store.rollouts(true))).extracting(RolloutStore.Rollout::rolloutId).containsExactly("r-1");
    await(store.update(new RolloutStore.Rollout("r-1", v, r.planJson(), Phase.HALTED, 0, "halted by operator", "alice",
        Optional.of("bob"), paused.approvedAt(), false, 3, Optional.of("r-0"), T0, T0.plusSeconds(99)), List.of()));
    assertThat(await(store.rollouts(true))).as("active only").isEmpty();
    assertThat(await(store.rollouts(false))).hasSize(1);
  }

  @Test
  void a_rollout_stored_before_version_9_reads_as_the_new_model() {
    long v = await(store.addVersion("{}", "old", T0));
    await(stores.database().inTransaction("old row", c -> {
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO config_rollouts (rollout_id, version, plan, phase, "
          + "current_wave, halted_reason, created_at, updated_at) VALUES ('old-1', ?, ?, 'HALTED', 0, 'too many', ?, ?)")) {
        ins.setLong(1, v);
        ins.setString(2, "{\"canary\":[\"k-1\"],\"maxRefusals\":0,\"region\":\"440103\",\"waves\":[50,100]}");
        ins.setLong(3, T0.toEpochMilli());
        ins.setLong(4, T0.toEpochMilli());
        ins.executeUpdate();
      }
      return null;
    }));
    RolloutStore.Rollout old = await(store.rollout("old-1")).orElseThrow();
    assertThat(old.createdBy()).isEmpty();
    assertThat(old.approvedBy()).isEmpty();
    assertThat(old.groupDue()).isFalse();
    assertThat(old.rollbackOf()).isEmpty();
    RolloutPlan plan = PlanJson.fromStored(old.planJson());
    assertThat(plan.filter().region()).contains("440103");
    assertThat(plan.groups()).containsExactly(new RolloutPlan.GroupSize.Percent(50), new RolloutPlan.GroupSize.Percent(100));
    assertThat(RolloutService.regionOf(old)).isEqualTo("440103");
  }

  @Test
  void pending_devices_counts_per_group_versions_and_the_last_applied_version() {
    long v1 = await(store.addVersion("{\"policy\":{\"matchRetries\":1}}", "v1", T0));
    long v2 = await(store.addVersion("{\"policy\":{\"matchRetries\":2}}", "v2", T0));
    long v3 = await(store.addVersion("{\"policy\":{\"matchRetries\":3}}", "v3", T0));
    rollout("a", v1, Phase.COMPLETED, List.of(device("a", "k-1", 0, DeviceStatus.APPLIED),
        device("a", "k-2", 0, DeviceStatus.REFUSED)));
    rollout("b", v2, Phase.HALTED, List.of(device("b", "k-2", 0, DeviceStatus.APPLIED),
        device("b", "k-3", 0, DeviceStatus.PENDING)));
    rollout("c", v3, Phase.RUNNING, List.of(device("c", "k-1", 0, DeviceStatus.APPLIED),
        device("c", "k-2", 0, DeviceStatus.PENDING), device("c", "k-3", 1, DeviceStatus.WAITING),
        device("c", "k-4", 1, DeviceStatus.WAITING)));

    assertThat(await(store.pending())).containsExactly(new RolloutStore.Pending("c", "k-2", v3),
        new RolloutStore.Pending("b", "k-3", v2));
    Map<String, List<RolloutPlan.GroupCounts>> counts = await(store.groupCounts());
    assertThat(counts.get("c")).containsExactly(new RolloutPlan.GroupCounts(0, 1, 1, 0),
        new RolloutPlan.GroupCounts(2, 0, 0, 0));
    assertThat(await(store.rolloutsOfVersion(v2))).extracting(RolloutStore.Rollout::rolloutId).containsExactly("b");

    assertThat(await(store.lastApplied(Set.of("k-1", "k-2"), v3))).contains(v2);
    assertThat(await(store.lastApplied(Set.of("k-1"), v3))).as("k-1 applied v1 and v3").contains(v1);
    assertThat(await(store.lastApplied(Set.of("k-3", "k-4"), v3))).as("never applied: the defaults").isEmpty();
    assertThat(await(store.lastApplied(Set.of("k-1"), v1))).isEmpty();
    List<String> many = new java.util.ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      many.add("x-" + i);
    }
    many.add("k-2");
    assertThat(await(store.lastApplied(many, v3))).as("chunks of 500 ids").contains(v2);
  }
}
