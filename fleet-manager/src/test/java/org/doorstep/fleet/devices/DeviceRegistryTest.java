package org.doorstep.fleet.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;
import static org.doorstep.fleet.testing.Futures.failure;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.fleet.testing.FakeRecordStore;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.Test;

class DeviceRegistryTest {
  private final FakeRecordStore store = new FakeRecordStore();
  private final DeviceRegistry registry = new DeviceRegistry(store,
      Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC));
  private final TestKiosk kiosk = TestKiosk.create("kiosk-1");

  @Test
  void registration_reads_algorithm_and_key_id_from_the_key_and_caches_it() {
    DeviceRegistry.Registration r = await(registry.register("kiosk-1", kiosk.publicKeyPem(), "cn-110105"));

    assertThat(r.created()).isTrue();
    assertThat(r.device().algorithm()).isEqualTo("Ed25519");
    assertThat(r.device().keyId()).isEqualTo(KeyId.of(kiosk.signer().publicKey()));
    assertThat(registry.cached("kiosk-1")).hasValueSatisfying(k -> assertThat(k.revoked()).isFalse());
  }

  @Test
  void registering_the_same_device_again_is_a_no_op_but_another_key_is_refused() {
    await(registry.register("kiosk-1", kiosk.publicKeyPem(), "cn-110105"));

    assertThat(await(registry.register("kiosk-1", kiosk.publicKeyPem(), "cn-110105")).created()).isFalse();
    Throwable err = failure(registry.register("kiosk-1", TestKiosk.create("x").publicKeyPem(), "cn-110105"));
    assertThat(err).isInstanceOfSatisfying(DeviceException.class,
        e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.ALREADY_REGISTERED));
  }

  @Test
  void invalid_input_is_refused_naming_the_field() {
    assertThat(failure(registry.register("bad/id", kiosk.publicKeyPem(), "r"))).hasMessageStartingWith("deviceId:");
    assertThat(failure(registry.register("kiosk-1", "not a key", "r"))).hasMessageStartingWith("publicKeyPem:");
    assertThat(failure(registry.register("kiosk-1", kiosk.publicKeyPem(), " "))).hasMessageStartingWith("region:");
  }

  @Test
  void revocation_is_seen_by_the_cache_and_unknown_ids_are_not_found() {
    await(registry.register("kiosk-1", kiosk.publicKeyPem(), "cn-110105"));

    await(registry.revoke("kiosk-1"));

    assertThat(registry.cached("kiosk-1")).hasValueSatisfying(k -> assertThat(k.revoked()).isTrue());
    assertThat(failure(registry.revoke("kiosk-9"))).isInstanceOfSatisfying(DeviceException.class,
        e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.NOT_FOUND));
  }

  @Test
  void lookup_finds_a_device_registered_elsewhere_and_load_fills_the_cache() {
    DeviceRegistry elsewhere = new DeviceRegistry(store, Clock.systemUTC());
    await(elsewhere.register("kiosk-1", kiosk.publicKeyPem(), "cn-110105"));

    assertThat(registry.cached("kiosk-1")).isEmpty();
    assertThat(await(registry.lookup("kiosk-1"))).isPresent();
    assertThat(registry.cached("kiosk-1")).isPresent();
    assertThat(await(registry.lookup("kiosk-9"))).isEmpty();

    DeviceRegistry fresh = new DeviceRegistry(store, Clock.systemUTC());
    await(fresh.load());
    assertThat(fresh.cached("kiosk-1")).isPresent();
  }

  @Test
  void refresh_brings_a_revocation_made_elsewhere_into_the_cache() {
    await(registry.register("kiosk-1", kiosk.publicKeyPem(), "cn-110105"));
    DeviceRegistry elsewhere = new DeviceRegistry(store, Clock.systemUTC());
    await(elsewhere.load());
    await(elsewhere.revoke("kiosk-1"));

    assertThat(registry.cached("kiosk-1")).hasValueSatisfying(k -> assertThat(k.revoked()).isFalse());
    assertThat(await(registry.refresh())).isEqualTo(1);
    assertThat(registry.cached("kiosk-1")).hasValueSatisfying(k -> assertThat(k.revoked()).isTrue());
  }
}
