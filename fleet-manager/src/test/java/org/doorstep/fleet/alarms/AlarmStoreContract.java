package org.doorstep.fleet.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.doorstep.fleet.alarms.rules.Alarm;
import org.doorstep.fleet.alarms.rules.AlarmState;
import org.doorstep.fleet.alarms.rules.AlarmType;
import org.doorstep.fleet.alarms.rules.Severity;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link AlarmStore} promises, on every database flavour ({@code SqliteAlarmStoreIT}, {@code PostgresAlarmStoreInteropIT}). */
abstract class AlarmStoreContract {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  protected Vertx vertx;
  private FleetStores stores;
  private AlarmStore store;

  /** Opens fresh, migrated stores. */
  protected abstract FleetStores open(Vertx vertx) throws Exception;

  /** Drops what {@link #open} created. */
  protected void cleanUp() throws Exception {}

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    stores = open(vertx);
    store = new AlarmStore(stores.database());
  }

  @AfterEach
  void tearDown() throws Exception {
    await(stores.close());
    await(vertx.close());
    cleanUp();
  }

  private static Alarm alarm(String id, String source, String region, AlarmType type, Severity s, Instant at) {
    return new Alarm(id, source, region, type, s, "detail of " + id, at, at, null, null, null, null, null);
  }

  private static Alarm cleared(Alarm a, Instant at, Optional<String> by) {
    return new Alarm(a.id(), a.source(), a.region(), a.type(), a.severity(), a.detail(), a.startedAt(), at,
        a.acknowledgedAt(), a.acknowledgedBy(), Optional.of(at), by, a.escalatedAt());
  }

  @Test
  void saved_alarm_reads_back_with_every_field_and_updates_in_place() {
    Alarm a = alarm("a1", "kiosk-1", "440106", AlarmType.PAPER_OUT, Severity.MAJOR, T0);
    await(store.save(List.of(a)));
    assertThat(await(store.find("a1"))).contains(a);
    Alarm acked = new Alarm("a1", "kiosk-1", "440106", AlarmType.PAPER_OUT, Severity.CRITICAL, "worse", T0,
        T0.plusSeconds(5), Optional.of(T0.plusSeconds(5)), Optional.of("ops-1"), Optional.empty(), Optional.empty(),
        Optional.of(T0.plusSeconds(4)));
    await(store.save(List.of(acked)));
    assertThat(await(store.find("a1"))).contains(acked);
    Alarm done = cleared(acked, T0.plusSeconds(9), Optional.of("ops-2"));
    await(store.save(List.of(done)));
    assertThat(await(store.find("a1"))).contains(done);
    assertThat(await(store.find("nope"))).isEmpty();
  }

  @Test
  void a_second_active_alarm_of_a_source_and_type_is_refused_but_after_clearing_allowed() {
    Alarm first = alarm("a1", "kiosk-1", "440106", AlarmType.OFFLINE, Severity.MAJOR, T0);
    await(store.save(List.of(first)));
    assertThatThrownBy(() -> await(store.save(List.of(alarm("a2", "kiosk-1", "440106", AlarmType.OFFLINE, Severity.MAJOR,
        T0.plusSeconds(1)))))).hasRootCauseInstanceOf(java.sql.SQLException.class).isInstanceOf(StoreException.class);
    await(store.save(List.of(cleared(first, T0.plusSeconds(2), Optional.empty()))));
    await(store.save(List.of(alarm("a3", "kiosk-1", "440106", AlarmType.OFFLINE, Severity.MAJOR, T0.plusSeconds(3)))));
    await(store.save(List.of(alarm("a4", "kiosk-1", "440106", AlarmType.PAPER_LOW, Severity.WARNING, T0.plusSeconds(3)))));
    assertThat(await(store.active())).extracting(Alarm::id).containsExactly("a3", "a4");
  }

  @Test
  void list_filters_by_region_prefix_state_severity_type_and_source_newest_first() {
    Alarm gz = alarm("gz", "kiosk-gz", "440106001001", AlarmType.OFFLINE, Severity.MAJOR, T0);
    Alarm sz = alarm("sz", "kiosk-sz", "440305", AlarmType.TAMPER, Severity.CRITICAL, T0.plusSeconds(1));
    Alarm bj = alarm("bj", "kiosk-bj", "110105", AlarmType.OFFLINE, Severity.MAJOR, T0.plusSeconds(2));
    Alarm old = cleared(alarm("old", "kiosk-gz", "440106", AlarmType.PAPER_OUT, Severity.MAJOR, T0.minusSeconds(9)),
        T0, Optional.empty());
    for (Alarm a : List.of(gz, sz, bj, old)) {
      await(store.save(List.of(a)));
    }
    assertThat(ids(new AlarmStore.Query(Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
        10))).containsExactly("bj", "sz", "gz", "old");
    assertThat(ids(new AlarmStore.Query(Optional.of("44"), Set.of(AlarmState.ACTIVE_UNACK), Optional.empty(),
        Optional.empty(), Optional.empty(), 10))).containsExactly("sz", "gz");
    assertThat(ids(new AlarmStore.Query(Optional.of("4401"), Set.of(AlarmState.CLEARED_UNACK), Optional.empty(),
        Optional.empty(), Optional.empty(), 10))).containsExactly("old");
    assertThat(ids(new AlarmStore.Query(Optional.empty(), Set.of(), Optional.of(Severity.CRITICAL), Optional.empty(),
        Optional.empty(), 10))).containsExactly("sz");
    assertThat(ids(new AlarmStore.Query(Optional.empty(), Set.of(), Optional.empty(), Optional.of(AlarmType.OFFLINE),
        Optional.of("kiosk-bj"), 10))).containsExactly("bj");
    assertThat(ids(new AlarmStore.Query(Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
        2))).containsExactly("bj", "sz");
    // LIKE wildcards in a prefix are not wildcards.
    assertThat(ids(new AlarmStore.Query(Optional.of("4%"), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
        10))).containsExactly("sz", "gz", "old");
  }

  private List<String> ids(AlarmStore.Query q) {
    return await(store.list(q)).stream().map(Alarm::id).toList();
  }

  @Test
  void dead_letters_read_back_newest_first() {
    await(store.saveDeadLetter(new AlarmStore.DeadLetter("d1", "a1", "raised", "{\"event\":\"raised\"}", 6, "HTTP 500",
        T0)));
    await(store.saveDeadLetter(new AlarmStore.DeadLetter("d2", "a2", "cleared", "{}", 6, "x".repeat(900),
        T0.plusSeconds(1))));
    List<AlarmStore.DeadLetter> all = await(store.deadLetters(10));
    assertThat(all).extracting(AlarmStore.DeadLetter::id).containsExactly("d2", "d1");
    assertThat(all.get(1).body()).isEqualTo("{\"event\":\"raised\"}");
    assertThat(all.get(0).lastError()).hasSize(500);
    assertThat(await(store.deadLetters(1))).hasSize(1);
  }
}
