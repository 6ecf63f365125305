package org.doorstep.agent.kiosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.privacy.EvidenceRef;
import org.doorstep.agent.privacy.EvidenceStore;
import org.doorstep.agent.privacy.FileDataKeyStore;
import org.doorstep.agent.privacy.SqliteEvidenceStore;
import org.doorstep.agent.privacy.StoredEvidence;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.Outbox;
import org.doorstep.agent.records.OutboxException;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.SimulatedRunner;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.CertificationRecord.Evidence;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's evidence path on the simulators over the real outbox and evidence store: what a record
 * names is stored under its id before it is committed, and evidence of a record that is never committed
 * (aborted session, failed commit) is deleted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CertificationRunnerEvidenceIT {
  @TempDir
  Path dataDir;
  private Vertx vertx;
  private SqliteOutbox outbox;
  private SqliteEvidenceStore store;
  private Gated evidence;
  private RecordFactory records;
  private SimulatedRunner kiosk;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    EvidenceCipher.Algorithm aes = EvidenceCipher.Algorithm.AES_256_GCM;
    SecretKey key = new FileDataKeyStore(vertx, dataDir).dataKey(aes).await();
    outbox = SqliteOutbox.open(vertx, dataDir, SqliteOutbox.Durability.NORMAL, new EvidenceCipher(aes, key)).await();
    store = SqliteEvidenceStore.open(vertx, dataDir, new EvidenceCipher(aes, key), Clock.systemUTC()).await();
    evidence = new Gated(store);
    records = new RecordFactory("kiosk-ev", 1, "test", DeviceKeys.loadOrCreate(dataDir, SignatureAlgorithm.ED25519),
        Clock.systemUTC());
  }

  @AfterEach
  void close() {
    if (kiosk != null) {
      kiosk.stop();
    }
    outbox.close().await();
    store.close().await();
    vertx.close().await();
  }

  private CertificationRecord record(String recordId) {
    byte[] payload = outbox.find(recordId).await().orElseThrow().payload();
    return WireCodec.decode(payload).bodyAs(CertificationRecord.class);
  }

  @Test
  void the_face_frame_the_record_names_is_in_the_evidence_store_under_the_records_id() throws Exception {
    kiosk = SimulatedRunner.start(vertx, outbox, evidence, records, Clock.systemUTC());

    SessionSummary s = kiosk.insert(SampleResidents.ZHANG_SAN).await(30, TimeUnit.SECONDS);

    assertThat(s.certified()).isTrue();
    CertificationRecord r = record(s.recordId().orElseThrow());
    assertThat(r.evidence()).extracting(Evidence::kind).containsExactly(CertificationRunner.FACE_EVIDENCE);
    List<StoredEvidence> kept = store.get(r.recordId()).await();
    assertThat(kept).singleElement().satisfies(k -> {
      assertThat(k.ref().toEvidence()).isEqualTo(r.evidence().get(0));
      // the simulator's synthetic frame: what its capture hashed
      assertThat(new String(k.bytes(), StandardCharsets.UTF_8)).startsWith("synthetic-frame:");
      assertThat(k.ref().mediaType()).isEqualTo("application/octet-stream");
    });
  }

  @Test
  void staff_assisted_record_keeps_the_card_photo_beside_the_face_frame() throws Exception {
    kiosk = SimulatedRunner.start(vertx, outbox, evidence, records, Clock.systemUTC());
    kiosk.face().script(SimulatedFaceCheck.Outcome.MISMATCH, SimulatedFaceCheck.Outcome.MISMATCH);

    Future<SessionSummary> end = kiosk.insert(SampleResidents.LI_SI);
    await().atMost(Duration.ofSeconds(20)).until(() -> kiosk.state() == State.STAFF_ASSIST);
    kiosk.runner().fire(new org.doorstep.agent.session.Event.StaffDecision("staff-07", true, true, true));
    SessionSummary s = end.await(30, TimeUnit.SECONDS);

    CertificationRecord r = record(s.recordId().orElseThrow());
    assertThat(r.evidence()).extracting(Evidence::kind)
        .containsExactly(CertificationRunner.FACE_EVIDENCE, CertificationRunner.ID_PHOTO_EVIDENCE);
    List<StoredEvidence> kept = store.get(r.recordId()).await();
    assertThat(kept).extracting(k -> k.ref().toEvidence()).containsExactlyElementsOf(r.evidence());
    assertThat(kept.get(1).bytes()).isEqualTo(SampleResidents.LI_SI.photo().orElseThrow().bytes());
  }

  @Test
  void abort_while_the_evidence_is_stored_deletes_it_and_no_record_is_made() throws Exception {
    kiosk = SimulatedRunner.start(vertx, outbox, evidence, records, Clock.systemUTC());
    evidence.hold();

    Future<SessionSummary> end = kiosk.insert(SampleResidents.WANG_WU);
    String recordId = evidence.firstPut.future().await(30, TimeUnit.SECONDS);
    assertThat(store.get(recordId).await()).hasSize(1);        // stored, the record not yet committed

    kiosk.runner().abortAndWipe().await(10, TimeUnit.SECONDS);

    assertThat(store.get(recordId).await()).isEmpty();
    assertThat(end.await(10, TimeUnit.SECONDS).state()).isEqualTo(State.FAILED);
    evidence.release();
    // The held put completes; the runner sees the abort, deletes again and commits nothing.
    await().atMost(Duration.ofSeconds(10)).until(() -> evidence.purges.get() == 2);
    assertThat(store.get(recordId).await()).isEmpty();
    assertThat(outbox.find(recordId).await()).isEmpty();
    assertThat(outbox.pendingCount().await()).isZero();
  }

  @Test
  void evidence_of_a_record_whose_commit_fails_is_deleted() throws Exception {
    Outbox failing = (Outbox) Proxy.newProxyInstance(Outbox.class.getClassLoader(), new Class<?>[] {Outbox.class},
        (proxy, method, args) -> method.getName().equals("commit")
            ? Future.failedFuture(new OutboxException("disk full (test)", null))
            : method.invoke(outbox, args));
    kiosk = SimulatedRunner.start(vertx, failing, evidence, records, Clock.systemUTC());

    SessionSummary s = kiosk.insert(SampleResidents.ZHANG_SAN).await(30, TimeUnit.SECONDS);

    assertThat(s.state()).isEqualTo(State.FAILED);
    assertThat(s.message()).isEqualTo(ResidentMessage.RECORD_NOT_SAVED_SEE_STAFF);
    assertThat(evidence.recordIds).hasSize(1);
    assertThat(store.get(evidence.recordIds.get(0)).await()).isEmpty();
    assertThat(store.recordIdsStoredBefore(Instant.now().plusSeconds(60)).await()).isEmpty();
  }

  /** The real store, whose puts can be held after storing (to abort in between); counts purges. */
  private final class Gated implements EvidenceStore {
    private final EvidenceStore real;
    final List<String> recordIds = new CopyOnWriteArrayList<>();
    final Promise<String> firstPut = Promise.promise();
    final AtomicInteger purges = new AtomicInteger();
    private volatile Promise<Void> gate;
    private volatile io.vertx.core.Context heldOn;

    Gated(EvidenceStore real) {
      this.real = real;
    }

    void hold() {
      gate = Promise.promise();
    }

    void release() {
      heldOn.runOnContext(v -> gate.complete());   // completes on the runner's context, as a store would
    }

    @Override
    public Future<EvidenceRef> put(String recordId, String kind, String mediaType, byte[] plaintext) {
      recordIds.add(recordId);
      Future<EvidenceRef> stored = real.put(recordId, kind, mediaType, plaintext);
      Promise<Void> g = gate;
      if (g == null) {
        return stored;
      }
      heldOn = Vertx.currentContext();
      return stored.compose(ref -> {
        firstPut.tryComplete(recordId);
        return g.future().map(ref);
      });
    }

    @Override
    public Future<List<StoredEvidence>> get(String recordId) {
      return real.get(recordId);
    }

    @Override
    public Future<Integer> purge(Collection<String> ids) {
      return real.purge(ids).onComplete(r -> purges.incrementAndGet());
    }

    @Override
    public Future<List<String>> recordIdsStoredBefore(Instant createdBefore) {
      return real.recordIdsStoredBefore(createdBefore);
    }
  }
}
