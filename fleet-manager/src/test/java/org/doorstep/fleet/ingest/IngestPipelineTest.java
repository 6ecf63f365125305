package org.doorstep.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.store.StoredRecord;
import org.doorstep.fleet.testing.FakeDevicePublisher;
import org.doorstep.fleet.testing.FakeRecordStore;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pipeline against an in-memory store and a capturing publisher: what is stored, what is acked. */
@ExtendWith(VertxExtension.class)
class IngestPipelineTest {
  private final FakeRecordStore store = new FakeRecordStore();
  private final FakeDevicePublisher publisher = new FakeDevicePublisher();
  private final TestKiosk kiosk = TestKiosk.create("kiosk-1");
  private final TestKiosk other = TestKiosk.create("kiosk-2", SignatureAlgorithm.SM2_SM3);
  private DeviceRegistry registry;
  private IngestPipeline pipeline;

  @BeforeEach
  void setUp(Vertx vertx) {
    registry = new DeviceRegistry(store, Clock.systemUTC());
    await(registry.register(kiosk.deviceId(), kiosk.publicKeyPem(), "cn-110105"));
    await(registry.register(other.deviceId(), other.publicKeyPem(), "cn-110106"));
    start(vertx, IngestOptions.defaults().withBatch(50, Duration.ofMillis(5)));
  }

  private void start(Vertx vertx, IngestOptions options) {
    if (pipeline != null) {
      await(pipeline.close());
    }
    pipeline = IngestPipeline.create(vertx, store, store, registry, options, Clock.systemUTC());
    pipeline.attach(publisher);
  }

  @AfterEach
  void tearDown() {
    await(pipeline.close());
  }

  private CertificationRecord publish(TestKiosk k) {
    CertificationRecord r = k.nextRecord();
    pipeline.accept(k.recordsTopic(), k.signed(r));
    return r;
  }

  private void waitForAcks(String deviceId, int n) {
    await().atMost(Duration.ofSeconds(5)).until(() -> publisher.acksFor(deviceId).size() >= n);
  }

  @Test
  void valid_record_is_stored_and_acked_once() {
    CertificationRecord r = publish(kiosk);

    waitForAcks(kiosk.deviceId(), 1);

    assertThat(publisher.acksFor(kiosk.deviceId())).containsExactly(Ack.stored(List.of(r.recordId())));
    StoredRecord row = store.records().get(0);
    assertThat(row.recordId()).isEqualTo(r.recordId());
    assertThat(row.summary().idNumberMasked()).isEqualTo("110***********002X");
    assertThat(row.summary().seq()).isEqualTo(1);
    assertThat(row.signatureJson()).contains("\"alg\":\"Ed25519\"");
    assertThat(pipeline.stats().stored()).isEqualTo(1);
    assertThat(pipeline.stats().queued()).isZero();
  }

  @Test
  void record_of_a_social_security_card_certification_is_stored_with_its_card_type() {
    CertificationRecord r = kiosk.nextRecord(CertificationRecord.CardType.SOCIAL_SECURITY_CARD);
    pipeline.accept(kiosk.recordsTopic(), kiosk.signed(r));

    waitForAcks(kiosk.deviceId(), 1);

    assertThat(publisher.acksFor(kiosk.deviceId())).containsExactly(Ack.stored(List.of(r.recordId())));
    assertThat(store.records().get(0).summary().cardType()).isEqualTo("SOCIAL_SECURITY_CARD");
  }

  @Test
  void duplicate_is_acked_as_stored_and_stored_once() {
    CertificationRecord r = publish(kiosk);
    waitForAcks(kiosk.deviceId(), 1);

    pipeline.accept(kiosk.recordsTopic(), kiosk.signed(r));
    waitForAcks(kiosk.deviceId(), 2);

    assertThat(publisher.storedIdsFor(kiosk.deviceId())).containsExactly(r.recordId(), r.recordId());
    assertThat(store.records()).hasSize(1);
    assertThat(pipeline.stats().duplicates()).isEqualTo(1);
  }

  @Test
  void record_of_unknown_device_is_rejected_and_nothing_stored() {
    TestKiosk stranger = TestKiosk.create("kiosk-unknown");
    CertificationRecord r = publish(stranger);

    waitForAcks(stranger.deviceId(), 1);

    assertThat(publisher.rejectionsFor(stranger.deviceId())).singleElement().satisfies(rej -> {
      assertThat(rej.reason()).isEqualTo(Ack.RejectReason.UNKNOWN_DEVICE);
      assertThat(rej.recordId()).contains(r.recordId());
      assertThat(rej.detail()).isEqualTo("deviceId: kiosk-unknown is not registered");
    });
    assertThat(store.records()).isEmpty();
    assertThat(pipeline.stats().rejected(Ack.RejectReason.UNKNOWN_DEVICE)).isEqualTo(1);
  }

  @Test
  void record_of_revoked_device_is_rejected() {
    await(registry.revoke(kiosk.deviceId()));

    publish(kiosk);
    waitForAcks(kiosk.deviceId(), 1);

    assertThat(publisher.rejectionsFor(kiosk.deviceId())).extracting(Ack.Rejection::reason)
        .containsExactly(Ack.RejectReason.UNKNOWN_DEVICE);
    assertThat(store.records()).isEmpty();
  }

  @Test
  void record_signed_by_another_key_is_rejected_and_nothing_stored() {
    Signer impostor = new Signer(Keys.generate(SignatureAlgorithm.ED25519));
    CertificationRecord r = kiosk.nextRecord();

    pipeline.accept(kiosk.recordsTopic(), TestKiosk.signedBy(impostor, r));
    waitForAcks(kiosk.deviceId(), 1);

    Ack.Rejection rej = publisher.rejectionsFor(kiosk.deviceId()).get(0);
    assertThat(rej.reason()).isEqualTo(Ack.RejectReason.BAD_SIGNATURE);
    assertThat(rej.recordId()).contains(r.recordId());
    assertThat(rej.detail()).contains(impostor.keyId());
    assertThat(store.records()).isEmpty();
  }

  @Test
  void sm2_signed_record_is_verified_and_stored() {
    CertificationRecord r = publish(other);

    waitForAcks(other.deviceId(), 1);

    assertThat(publisher.storedIdsFor(other.deviceId())).containsExactly(r.recordId());
  }

  @Test
  void record_whose_body_names_another_device_is_rejected() {
    // kiosk-1 signs a record claiming to be from kiosk-2 and publishes it on its own topic
    CertificationRecord forged = other.nextRecord();

    pipeline.accept(kiosk.recordsTopic(), kiosk.signed(forged));
    waitForAcks(kiosk.deviceId(), 1);

    assertThat(publisher.rejectionsFor(kiosk.deviceId())).extracting(Ack.Rejection::reason)
        .containsExactly(Ack.RejectReason.DEVICE_MISMATCH);
    assertThat(store.records()).isEmpty();
  }

  @Test
  void malformed_payload_is_rejected_and_the_next_valid_record_still_stored() {
    pipeline.accept(kiosk.recordsTopic(), "{not json".getBytes(StandardCharsets.UTF_8));
    CertificationRecord next = publish(kiosk);

    await().atMost(Duration.ofSeconds(5)).until(() -> publisher.storedIdsFor(kiosk.deviceId()).contains(next.recordId())
        && !publisher.rejectionsFor(kiosk.deviceId()).isEmpty());

    Ack.Rejection rej = publisher.rejectionsFor(kiosk.deviceId()).get(0);
    assertThat(rej.reason()).isEqualTo(Ack.RejectReason.MALFORMED);
    assertThat(rej.recordId()).isEmpty();
    assertThat(rej.detail()).startsWith("payload:");
    assertThat(store.records()).extracting(StoredRecord::recordId).containsExactly(next.recordId());
  }

  @Test
  void record_with_invalid_body_is_rejected_naming_the_member_and_its_id() {
    CertificationRecord r = kiosk.nextRecord();
    var envelope = (com.fasterxml.jackson.databind.node.ObjectNode) WireCodec.mapper().valueToTree(r);
    envelope.put("seq", 0);
    byte[] bad = WireCodec.encodeSigned(MessageType.RECORD, envelope, kiosk.signer());

    pipeline.accept(kiosk.recordsTopic(), bad);
    waitForAcks(kiosk.deviceId(), 1);

    Ack.Rejection rej = publisher.rejectionsFor(kiosk.deviceId()).get(0);
    assertThat(rej.reason()).isEqualTo(Ack.RejectReason.INVALID_BODY);
    assertThat(rej.recordId()).contains(r.recordId());
    assertThat(rej.detail()).contains("seq");
  }

  @Test
  void record_of_another_type_on_the_records_topic_is_rejected() {
    byte[] result = WireCodec.encodeSigned(MessageType.COMMAND_RESULT,
        new CommandResult("c1", CommandResult.Status.DONE, ""), kiosk.signer());

    pipeline.accept(kiosk.recordsTopic(), result);
    waitForAcks(kiosk.deviceId(), 1);

    assertThat(publisher.rejectionsFor(kiosk.deviceId())).extracting(Ack.Rejection::reason)
        .containsExactly(Ack.RejectReason.WRONG_TOPIC);
  }

  /**
   * What an independent client found (issue 10 part 4): each hostile variant of a signed record is
   * refused with its specific reason and, since its id can be read, with that id, so that the agent
   * can match the refusal instead of re-sending the record forever.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "float|\"seq\":1,|\"seq\":1.0,|NOT_CANONICAL|body.seq: only integers",
      "duplicate member|\"seq\":1,|\"seq\":1,\"seq\":2,|MALFORMED|body.seq: duplicate member",
      "bad sig|\"sig\":{\"alg\":\"Ed25519\"|\"sig\":{\"alg\":\"RSA\"|MISSING_SIGNATURE|sig.alg: unknown signature algorithm",
      "version 2|\"v\":1|\"v\":2|UNSUPPORTED_VERSION|v: version 2 is not supported",
      "unknown type|\"type\":\"record\"|\"type\":\"telemetry\"|UNKNOWN_TYPE|type: unknown message type",
      "wrong type|\"type\":\"record\"|\"type\":\"state\"|WRONG_TOPIC|type: 'state' does not belong",
      "null operator|\"outcome\":|\"operator\":null,\"outcome\":|INVALID_BODY|body.operator: must be omitted, not null"})
  void hostile_record_is_refused_with_its_specific_reason_and_its_record_id(String why, String from, String to,
      Ack.RejectReason reason, String detail) {
    CertificationRecord r = kiosk.record(1, "certification", Instant.now());
    String text = new String(kiosk.signed(r), StandardCharsets.UTF_8);
    String hostile = text.replace(from, to);
    assertThat(hostile).isNotEqualTo(text);

    pipeline.accept(kiosk.recordsTopic(), hostile.getBytes(StandardCharsets.UTF_8));
    waitForAcks(kiosk.deviceId(), 1);

    assertThat(publisher.rejectionsFor(kiosk.deviceId())).singleElement().satisfies(rej -> {
      assertThat(rej.reason()).isEqualTo(reason);
      assertThat(rej.recordId()).contains(r.recordId());
      assertThat(rej.detail()).startsWith(detail).doesNotContain("org.", "java.", "$.", "Jackson", "Cannot");
    });
    assertThat(pipeline.stats().rejected(reason)).isEqualTo(1);
    assertThat(store.records()).isEmpty();
  }

  @Test
  void oversized_payload_is_refused_too_large_without_an_id() {
    byte[] big = new byte[WireCodec.MAX_PAYLOAD_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');

    pipeline.accept(kiosk.recordsTopic(), big);
    waitForAcks(kiosk.deviceId(), 1);

    assertThat(publisher.rejectionsFor(kiosk.deviceId())).singleElement().satisfies(rej -> {
      assertThat(rej.reason()).isEqualTo(Ack.RejectReason.TOO_LARGE);
      assertThat(rej.recordId()).isEmpty();
    });
  }

  @Test
  void different_record_with_a_taken_sequence_is_a_sequence_conflict() {
    CertificationRecord first = kiosk.record(9, "certification", Instant.now());
    CertificationRecord second = kiosk.record(9, "certification", Instant.now());
    pipeline.accept(kiosk.recordsTopic(), kiosk.signed(first));
    waitForAcks(kiosk.deviceId(), 1);

    pipeline.accept(kiosk.recordsTopic(), kiosk.signed(second));
    waitForAcks(kiosk.deviceId(), 2);

    Ack.Rejection rej = publisher.rejectionsFor(kiosk.deviceId()).get(0);
    assertThat(rej.reason()).isEqualTo(Ack.RejectReason.SEQUENCE_CONFLICT);
    assertThat(rej.recordId()).contains(second.recordId());
    assertThat(store.records()).extracting(StoredRecord::recordId).containsExactly(first.recordId());
  }

  @Test
  void ack_is_published_only_after_the_commit() {
    store.holdCommits();
    CertificationRecord r = publish(kiosk);
    await().atMost(Duration.ofSeconds(5)).until(() -> store.heldBatches() == 1);

    assertThat(publisher.acks()).isEmpty();
    assertThat(store.records()).isEmpty();

    store.releaseCommits();
    waitForAcks(kiosk.deviceId(), 1);
    assertThat(publisher.storedIdsFor(kiosk.deviceId())).containsExactly(r.recordId());
  }

  @Test
  void failed_commit_acks_nothing_stored_and_the_resend_is_stored(Vertx vertx) {
    store.failNextBatch();
    CertificationRecord r = publish(kiosk);
    await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.stats().storeFailures() == 1
        && pipeline.stats().queued() == 0);
    assertThat(publisher.acks()).isEmpty();

    pipeline.accept(kiosk.recordsTopic(), kiosk.signed(r));
    waitForAcks(kiosk.deviceId(), 1);

    assertThat(publisher.storedIdsFor(kiosk.deviceId())).containsExactly(r.recordId());
  }

  @Test
  void full_batch_gets_one_ack_per_device_listing_all_its_ids(Vertx vertx) {
    start(vertx, IngestOptions.defaults().withBatch(10, Duration.ofSeconds(10)));
    List<String> ids1 = new ArrayList<>();
    List<String> ids2 = new ArrayList<>();

    for (int i = 0; i < 5; i++) {
      ids1.add(publish(kiosk).recordId());
      ids2.add(publish(other).recordId());
    }
    waitForAcks(kiosk.deviceId(), 1);
    waitForAcks(other.deviceId(), 1);

    assertThat(publisher.acksFor(kiosk.deviceId())).singleElement()
        .satisfies(a -> assertThat(a.stored()).containsExactlyInAnyOrderElementsOf(ids1));
    assertThat(publisher.acksFor(other.deviceId())).singleElement()
        .satisfies(a -> assertThat(a.stored()).containsExactlyInAnyOrderElementsOf(ids2));
    assertThat(store.batches()).isEqualTo(1);
  }

  @Test
  void saturated_pipeline_drops_and_counts_instead_of_blocking(Vertx vertx) {
    start(vertx, IngestOptions.defaults().withBatch(1, Duration.ZERO).withQueueCapacity(2));
    store.holdCommits();

    for (int i = 0; i < 5; i++) {
      publish(kiosk);
    }

    assertThat(pipeline.stats().dropped()).isEqualTo(3);
    store.releaseCommits();
    await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.stats().queued() == 0);
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      store.releaseCommits();
      return store.records().size() == 2;
    });
  }

  @Test
  void state_of_registered_device_is_saved_and_unknown_topics_are_counted() {
    Instant at = Instant.parse("2026-03-01T08:00:00Z");
    pipeline.accept(kiosk.stateTopic(), kiosk.stateMessage(true, at));
    pipeline.accept("elsewhere/x", new byte[] {1});

    await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.stats().states() == 1);
    var overview = await(store.queryDevices(org.doorstep.fleet.store.DeviceQuery.everyDevice())).items().stream()
        .filter(o -> o.device().deviceId().equals(kiosk.deviceId())).findFirst().orElseThrow();
    assertThat(overview.online()).contains(true);
    assertThat(overview.stateAt()).contains(at);
    assertThat(pipeline.stats().unroutable()).isEqualTo(1);
    assertThat(pipeline.stats().received()).isEqualTo(2);
  }

  @Test
  void acks_wait_for_the_publisher_to_be_attached(Vertx vertx) {
    await(pipeline.close());
    pipeline = IngestPipeline.create(vertx, store, store, registry, IngestOptions.defaults(), Clock.systemUTC());
    CertificationRecord r = publish(kiosk);
    await().atMost(Duration.ofSeconds(5)).until(() -> store.records().size() == 1);

    assertThat(publisher.acks()).isEmpty();
    pipeline.attach(publisher);

    waitForAcks(kiosk.deviceId(), 1);
    assertThat(publisher.storedIdsFor(kiosk.deviceId())).containsExactly(r.recordId());
    assertThat(Topics.parse(publisher.sent().get(0).topic()).orElseThrow().channel()).isEqualTo(Topics.Channel.ACKS);
  }
}
