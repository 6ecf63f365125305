package org.doorstep.fleet.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.CanonicalJson;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireException;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.config.contract.WireSignature;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.devices.KnownDevice;
import org.doorstep.fleet.store.BatchResult;
import org.doorstep.fleet.store.DeviceStore;
import org.doorstep.fleet.store.RecordStore;
import org.doorstep.fleet.store.RecordSummary;
import org.doorstep.fleet.store.StoreOutcome;
import org.doorstep.fleet.store.StoredRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verify → dedupe → store → ack, for everything devices publish.
 *
 * <h2>Flow</h2>
 * <ol>
 *   <li>{@link #accept} (broker thread) only counts and hands the payload to the verify pool; when
 *       {@link IngestOptions#queueCapacity()} messages are already in the pipeline it drops the
 *       message instead (counted, one WARN per saturation episode). It never blocks.</li>
 *   <li>The verify pool ({@link IngestOptions#verifyThreads()} threads, unordered) decodes
 *       ({@link WireCodec#decode}), checks type against topic, looks the device up in the
 *       {@link DeviceRegistry} cache, checks that the body's device is the topic's and verifies the
 *       signature with the registered key. The result, a row to store or a rejection, goes to the
 *       ready queue. Order between records does not matter: the store dedupes by record id and
 *       detects (device, seq) conflicts whatever the arrival order.</li>
 *   <li>On the pipeline's Vert.x context, the batcher takes up to {@link IngestOptions#batchSize()}
 *       ready items when that many are waiting or {@link IngestOptions#linger()} after the first
 *       arrived, whichever is first, and writes their rows in one {@link RecordStore#storeBatch}
 *       transaction. One batch is in flight at a time; what arrives meanwhile forms the next batch,
 *       which is written as soon as the previous one is acked (group commit: batches grow with
 *       load).</li>
 *   <li>After the commit, one {@link Ack} per device of the batch lists every durable id (new and
 *       duplicate) and every rejection, published to {@code doorstep/v1/{deviceId}/acks}. If the
 *       commit fails nothing stored is acked (the agents resend) and only the rejections are sent.</li>
 * </ol>
 * State messages update {@link DeviceStore#saveState} for registered devices, an offline one (the last will
 * or a clean shutdown) {@link DeviceStore#saveOffline} whatever its age, as the alarms take it; command results are
 * logged. After the commit, each newly stored record is noted by {@link SequenceGaps}: sequence numbers
 * it skipped that are still missing {@link IngestOptions#seqGapWindow()} later count as a gap (one WARN
 * per gap; a gap filled by a late record in the meantime is none) and a record whose {@code capturedAt} is farther than
 * {@link IngestOptions#clockSkewTolerance()} from the fleet clock is stored flagged {@code clockSkew}
 * (one WARN per device and episode); neither refuses the record. Invalid input is rejected with its specific
 * reason (docs/wire-protocol.md §4.2), with the record id whenever it can be read ({@link WireCodec#recordIdOf}),
 * and processing goes on.
 *
 * <p>Threads: create it on the Vert.x context that should run the batcher (a verticle's start);
 * {@link #accept} is safe from any thread; {@link #stats()} from any thread.
 *
 * <p>Logging: each rejection once at WARN with device id, record id and reason; never the body.
 *
 * <p>Metrics: {@link #bindTo} publishes the counters behind {@link #stats()} (the same adders: one
 * source of truth for {@code /health} and {@code /metrics}), the latency from {@link #accept} to the
 * ack's publication and the store batch durations and sizes; see the fleet README "Metrics".
 */
public final class IngestPipeline implements InboundSink, MeterBinder {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
  /** How long {@link #close()} waits for queued work to finish before giving up. */
  public static final long CLOSE_DRAIN_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final Context context;
  private final RecordStore records;
  private final DeviceStore devices;
  private final DeviceRegistry registry;
  private final IngestOptions options;
  private final Clock clock;
  private final ThreadPoolExecutor verifyPool;

  private final Promise<DevicePublisher> publisherPromise = Promise.promise();
  private final ConcurrentLinkedQueue<Item> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger readyCount = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean saturated = new AtomicBoolean();
  private final AtomicLong droppedThisEpisode = new AtomicLong();
  private final Promise<Void> drained = Promise.promise();
  private volatile boolean closed;
  private final List<DeviceFeedback> feedback = new java.util.concurrent.CopyOnWriteArrayList<>();

  // Confined to the pipeline's context.
  private boolean flushing;
  private long lingerTimer = -1;

  private final LongAdder received = new LongAdder();
  private final LongAdder stored = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final Map<Ack.RejectReason, LongAdder> rejected = new EnumMap<>(Ack.RejectReason.class);
  private final LongAdder dropped = new LongAdder();
  private final LongAdder unroutable = new LongAdder();
  private final LongAdder states = new LongAdder();
  private final LongAdder commandResults = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();
  private final LongAdder ackFailures = new LongAdder();
  private final LongAdder seqGaps = new LongAdder();
  private final LongAdder clockSkewed = new LongAdder();
  // Meters are registered here once; bindTo adds the caller's registry (until then they record nothing).
  private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
  private final Timer ackLatency;
  private final Timer batchOk;
  private final Timer batchFailed;
  private final DistributionSummary batchSize;
  // Confined to the pipeline's context (touched only after a commit).
  private final SequenceGaps sequences;
  private long gapTimer = -1;
  // Devices whose last stored record was clock-skewed: one WARN per episode, not per record.
  private final java.util.Set<String> skewedDevices = new java.util.HashSet<>();

  private IngestPipeline(Vertx vertx, RecordStore records, DeviceStore devices, DeviceRegistry registry,
      IngestOptions options, Clock clock) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.records = records;
    this.devices = devices;
    this.registry = registry;
    this.options = options;
    this.clock = clock;
    for (Ack.RejectReason r : Ack.RejectReason.codes()) {
      rejected.put(r, new LongAdder());
    }
    this.sequences = new SequenceGaps(options.seqGapWindow());
    registerMeters();
    this.ackLatency = Timer.builder("doorstep.ingest.latency")
        .description("Time from a record's arrival at the fleet to the publication of the ack that answers it")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(meters);
    this.batchOk = batchTimer("ok");
    this.batchFailed = batchTimer("failed");
    this.batchSize = DistributionSummary.builder("doorstep.store.batch.size").baseUnit("records")
        .description("Records written per store transaction")
        .serviceLevelObjectives(1, 10, 50, 100, 200, 500, 1000).register(meters);
    AtomicInteger threadNo = new AtomicInteger();
    // A plain pool, not a Vert.x worker executor: it is CPU work, and the pipeline bounds its own
    // queue (inFlight), so the executor's queue never grows past queueCapacity.
    this.verifyPool = new ThreadPoolExecutor(options.verifyThreads(), options.verifyThreads(), 0L,
        TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "doorstep-ingest-verify-" + threadNo.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * A pipeline whose batcher runs on the current Vert.x context (or a new one when called outside
   * Vert.x). Acks wait until {@link #attach(DevicePublisher)}.
   *
   * @param vertx    Vert.x instance (timers, context)
   * @param records  where records go
   * @param devices  where device states go
   * @param registry registered devices and keys
   * @param options  batching, queue and thread counts
   * @param clock    the records' {@code receivedAt}
   */
  public static IngestPipeline create(Vertx vertx, RecordStore records, DeviceStore devices, DeviceRegistry registry,
      IngestOptions options, Clock clock) {
    return new IngestPipeline(vertx, records, devices, registry, options, clock);
  }

  /**
   * Connects the pipeline to the broker's publisher. Acks of records that arrived earlier are sent
   * now. Call once; later calls are ignored.
   */
  public void attach(DevicePublisher publisher) {
    // Completed on the pipeline's context, so that acks waiting for it resume there.
    context.runOnContext(v -> publisherPromise.tryComplete(publisher));
  }

  /**
   * Adds a listener of decoded command results and states besides this pipeline's own handling
   * (config rollout and commands; alarms). Each listener is called in the order added, on a
   * verify-pool thread; it must not block.
   */
  public void feedback(DeviceFeedback listener) {
    feedback.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  /** The options in force. */
  public IngestOptions options() {
    return options;
  }

  private Timer batchTimer(String outcome) {
    return Timer.builder("doorstep.store.batch.duration").tag("outcome", outcome)
        .description("Duration of one record store transaction (storeBatch)")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(meters);
  }

  private void registerMeters() {
    counter("doorstep.ingest.received", received, "Inbound publishes handed to the pipeline (every channel)");
    counter("doorstep.ingest.dropped", dropped, "Publishes dropped unprocessed (saturated, closing, lookup failed); not acked");
    counter("doorstep.ingest.unroutable", unroutable, "Publishes on a topic that is not a v1 device topic");
    counter("doorstep.ingest.states", states, "Device state messages saved");
    counter("doorstep.ingest.command.results", commandResults, "Command results received");
    counter("doorstep.ingest.ack.failures", ackFailures, "Acks the broker did not take in time");
    counter("doorstep.ingest.seq.gaps", seqGaps, "Sequence numbers found missing when a record was stored");
    counter("doorstep.ingest.clock.skewed", clockSkewed, "Records stored with the clockSkew flag");
    counter("doorstep.store.batch.failures", storeFailures, "Record store transactions that failed (records not acked)");
    String records = "doorstep.ingest.records";
    String what = "Records answered, by outcome (stored, duplicate, refused) and refusal reason";
    FunctionCounter.builder(records, stored, LongAdder::sum).tags("outcome", "stored", "reason", "none")
        .description(what).register(meters);
    FunctionCounter.builder(records, duplicates, LongAdder::sum).tags("outcome", "duplicate", "reason", "none")
        .description(what).register(meters);
    rejected.forEach((reason, n) -> FunctionCounter.builder(records, n, LongAdder::sum)
        .tags("outcome", "refused", "reason", reason.name()).description(what).register(meters));
    Gauge.builder("doorstep.ingest.queued", inFlight, AtomicInteger::get)
        .description("Publishes accepted and not yet finished").register(meters);
  }

  private void counter(String name, LongAdder adder, String description) {
    FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(meters);
  }

  /**
   * Publishes this pipeline's meters to {@code registry} (the counters read the same adders as
   * {@link #stats()}). Call once per registry, from any thread.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    meters.add(registry);
  }

  /** A snapshot of the counters. Safe from any thread. */
  public IngestStats stats() {
    Map<Ack.RejectReason, Long> byReason = new EnumMap<>(Ack.RejectReason.class);
    rejected.forEach((r, n) -> byReason.put(r, n.sum()));
    return new IngestStats(received.sum(), stored.sum(), duplicates.sum(), byReason, dropped.sum(),
        unroutable.sum(), states.sum(), commandResults.sum(), batches.sum(), storeFailures.sum(),
        ackFailures.sum(), inFlight.get(), seqGaps.sum(), clockSkewed.sum());
  }

  // ---------------------------------------------------------------------------------------------
  // inbound (broker thread)

  @Override
  public void accept(String topic, byte[] payload) {
    received.increment();
    if (closed) {
      dropped.increment();
      return;
    }
    if (inFlight.incrementAndGet() > options.queueCapacity()) {
      inFlight.decrementAndGet();
      drop();
      return;
    }
    long arrived = System.nanoTime();
    try {
      verifyPool.execute(() -> process(topic, payload, arrived));
    } catch (RejectedExecutionException e) {
      finish(1);
      dropped.increment();
    }
  }

  private void drop() {
    dropped.increment();
    droppedThisEpisode.incrementAndGet();
    if (saturated.compareAndSet(false, true)) {
      LOG.warn("Ingest saturated ({} messages queued): dropping inbound messages until it drains; "
          + "agents resend what is not acked", options.queueCapacity());
    }
  }

  /** Marks {@code n} accepted messages as finished (acked, stored, rejected or given up). */
  private void finish(int n) {
    int left = inFlight.addAndGet(-n);
    if (saturated.get() && left <= options.queueCapacity() / 2 && saturated.compareAndSet(true, false)) {
      LOG.info("Ingest drained below half capacity: {} message(s) were dropped while saturated",
          droppedThisEpisode.getAndSet(0));
    }
    if (closed && left == 0) {
      drained.tryComplete();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // verify pool

  private void process(String topic, byte[] payload, long arrived) {
    try {
      Optional<Topics.Parsed> parsed = Topics.parse(topic);
      if (parsed.isEmpty()) {
        unroutable.increment();
        LOG.warn("Ignored a publish on '{}': not a v1 device topic", topic);
        finish(1);
        return;
      }
      String deviceId = parsed.get().deviceId();
      switch (parsed.get().channel()) {
        case RECORDS -> processRecord(deviceId, payload, arrived);
        case STATE -> processState(deviceId, payload);
        case COMMAND_RESULTS -> processCommandResult(deviceId, payload);
        default -> {
          // acks, config and commands are the fleet's own channels: a device has no business there
          LOG.debug("Ignored a device publish on fleet channel {} of {}", parsed.get().channel(), deviceId);
          finish(1);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("Ingest failed unexpectedly on a publish to '{}'", topic, e);
      finish(1);
    }
  }

  private void processRecord(String deviceId, byte[] payload, long arrived) {
    WireMessage msg;
    try {
      msg = WireCodec.decode(payload);
    } catch (WireException e) {
      // The specific reason, and the record id whenever it can be read: without it the agent cannot
      // match the refusal and would re-send the record forever.
      reject(deviceId, WireCodec.recordIdOf(payload), Ack.RejectReason.of(e.reason()), e.getMessage(), logDetail(e),
            arrived);
      return;
    }
    Optional<String> recordId = text(msg.body(), "recordId");
    if (msg.type() != MessageType.RECORD) {
      String detail = "type: '" + msg.type().wireName() + "' does not belong on the records topic";
      reject(deviceId, recordId, Ack.RejectReason.WRONG_TOPIC, detail, detail, arrived);
      return;
    }
    Optional<KnownDevice> cached = registry.cached(deviceId);
    if (cached.isPresent()) {
      verifyRecord(deviceId, msg, recordId, cached.get(), arrived);
      return;
    }
    // Not in this instance's cache: ask the store (another instance may have registered it).
    context.runOnContext(v -> registry.lookup(deviceId).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("Record {} from {} not processed: device lookup failed ({}); the agent will resend",
            recordId.orElse("-"), deviceId, ar.cause().getMessage());
        dropped.increment();
        finish(1);
        return;
      }
      Optional<KnownDevice> found = ar.result();
      if (found.isEmpty()) {
        reject(deviceId, recordId, Ack.RejectReason.UNKNOWN_DEVICE, "deviceId: " + deviceId + " is not registered", null,
            arrived);
        return;
      }
      try {
        verifyPool.execute(() -> {
          try {
            verifyRecord(deviceId, msg, recordId, found.get(), arrived);
          } catch (RuntimeException e) {
            LOG.error("Ingest failed unexpectedly on record {} of {}", recordId.orElse("-"), deviceId, e);
            finish(1);
          }
        });
      } catch (RejectedExecutionException closing) {
        dropped.increment();
        finish(1);
      }
    }));
  }

  private void verifyRecord(String deviceId, WireMessage msg, Optional<String> recordId, KnownDevice device,
      long arrived) {
    if (device.revoked()) {
      reject(deviceId, recordId, Ack.RejectReason.UNKNOWN_DEVICE, "deviceId: " + deviceId + " is revoked", null,
            arrived);
      return;
    }
    Optional<String> bodyDevice = text(msg.body(), "deviceId");
    if (!bodyDevice.map(deviceId::equals).orElse(false)) {
      String detail = "body.deviceId: " + bodyDevice.map(d -> "'" + d + "'").orElse("missing")
          + " is not the topic's device '" + deviceId + "'";
      reject(deviceId, recordId, Ack.RejectReason.DEVICE_MISMATCH, detail, null, arrived);
      return;
    }
    if (!msg.verifiedBy(device.publicKey())) {
      String detail = msg.signature().isEmpty()
          ? "sig: missing"
          : "sig: does not verify with the registered key " + device.keyId()
              + " (signed by key " + msg.signature().get().keyId() + ")";
      reject(deviceId, recordId, Ack.RejectReason.BAD_SIGNATURE, detail, null, arrived);
      return;
    }
    CertificationRecord record;
    try {
      record = msg.bodyAs(CertificationRecord.class);
    } catch (WireException e) {
      reject(deviceId, recordId, Ack.RejectReason.of(e.reason()), e.getMessage(), logDetail(e), arrived);
      return;
    }
    enqueue(new Accepted(row(record, msg), arrived));
  }

  private StoredRecord row(CertificationRecord r, WireMessage msg) {
    Instant now = clock.instant();
    // Flagged, not refused: an offline kiosk legitimately uploads old captures; review decides.
    boolean skewed = Duration.between(now, r.capturedAt()).abs().compareTo(options.clockSkewTolerance()) > 0;
    RecordSummary summary = new RecordSummary(r.recordId(), r.deviceId(), r.seq(), r.service(), r.mode().name(),
        r.outcome().name(), r.subject().cardType().name(), r.subject().idNumber().masked(), r.capturedAt(),
        now, r.configVersion(), skewed);
    WireSignature sig = msg.signature().orElseThrow();
    ObjectNode sigNode = JsonNodeFactory.instance.objectNode();
    sigNode.put("alg", sig.algorithm().wireName());
    sigNode.put("kid", sig.keyId());
    sigNode.put("value", Base64.getEncoder().encodeToString(sig.value()));
    // The body as received (unknown members included): exactly what the signature covers.
    return new StoredRecord(summary, CanonicalJson.text(msg.body()), CanonicalJson.text(sigNode));
  }

  private void processState(String deviceId, byte[] payload) {
    DeviceState state;
    String json;
    try {
      WireMessage msg = WireCodec.decode(payload);
      if (msg.type() != MessageType.STATE) {
        throw new WireException(WireException.Reason.WRONG_TOPIC, "type: '" + msg.type().wireName()
            + "' does not belong on the state topic");
      }
      state = msg.bodyAs(DeviceState.class);
      if (!state.deviceId().equals(deviceId)) {
        throw new WireException(WireException.Reason.INVALID_BODY, "body.deviceId: is not the topic's device");
      }
      json = CanonicalJson.text(msg.body());
      for (DeviceFeedback f : feedback) {
        f.state(deviceId, state);
      }
    } catch (WireException e) {
      LOG.warn("State of {} ignored: {}", deviceId, logDetail(e));
      finish(1);
      return;
    }
    context.runOnContext(v -> registry.lookup(deviceId)
        .compose(found -> {
          if (found.isEmpty()) {
            LOG.debug("State of unregistered device {} ignored", deviceId);
            return Future.<Void>succeededFuture();
          }
          // An offline state ends the connection (the last will, or a clean shutdown): news whatever its
          // reportedAt, which for a will is the connect time, older than the heartbeats since.
          Future<Void> saved = state.online()
              ? devices.saveState(deviceId, true, json, state.reportedAt())
              : devices.saveOffline(deviceId, json, state.reportedAt());
          return saved.onSuccess(x -> states.increment());
        })
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("State of {} not saved: {}", deviceId, ar.cause().getMessage());
          } else {
            LOG.debug("State of {}: online={}", deviceId, state.online());
          }
          finish(1);
        }));
  }

  private void processCommandResult(String deviceId, byte[] payload) {
    try {
      WireMessage msg = WireCodec.decode(payload);
      if (msg.type() != MessageType.COMMAND_RESULT) {
        throw new WireException(WireException.Reason.WRONG_TOPIC, "type: '" + msg.type().wireName()
            + "' does not belong on the command-results topic");
      }
      CommandResult result = msg.bodyAs(CommandResult.class);
      commandResults.increment();
      LOG.info("Command {} on {}: {} {}", result.commandId(), deviceId, result.status(), result.detail());
      for (DeviceFeedback f : feedback) {
        f.commandResult(deviceId, msg, result);
      }
    } catch (WireException e) {
      LOG.warn("Command result of {} ignored: {}", deviceId, logDetail(e));
    } finally {
      finish(1);
    }
  }

  private void reject(String deviceId, Optional<String> recordId, Ack.RejectReason reason, String detail,
      String forLog, long arrived) {
    rejected.get(reason).increment();
    LOG.warn("Record {} from {} rejected: {} ({})", recordId.orElse("-"), deviceId, reason,
        forLog == null ? detail : forLog);
    enqueue(new Refused(deviceId, new Ack.Rejection(recordId, reason, detail), arrived));
  }

  /**
   * What of a {@link WireException} goes to the log: its reason and the member path, not the
   * message's tail, which for unparsable JSON may quote a fragment of the input.
   */
  private static String logDetail(WireException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    int colon = m.indexOf(':');
    return e.reason() + (colon > 0 ? " at " + m.substring(0, colon) : "");
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode n = body == null ? null : body.get(field);
    if (n == null || !n.isTextual() || n.textValue().isEmpty() || n.textValue().length() > 64) {
      return Optional.empty();
    }
    return Optional.of(n.textValue());
  }

  // ---------------------------------------------------------------------------------------------
  // batcher (pipeline context)

  private void enqueue(Item item) {
    ready.add(item);
    int n = readyCount.incrementAndGet();
    // Wake the batcher for the first item (to start the linger timer) and for a full batch; in
    // between, the timer or the end of the in-flight batch picks the items up.
    if (n == 1 || n == options.batchSize()) {
      context.runOnContext(v -> onReady());
    }
  }

  private void onReady() {
    if (flushing) {
      return;
    }
    int n = readyCount.get();
    if (n == 0) {
      return;
    }
    if (n >= options.batchSize() || options.linger().isZero()) {
      flush();
    } else if (lingerTimer < 0) {
      lingerTimer = vertx.setTimer(Math.max(1, options.linger().toMillis()), id -> {
        lingerTimer = -1;
        if (!flushing) {
          flush();
        }
      });
    }
  }

  private void flush() {
    if (lingerTimer >= 0) {
      vertx.cancelTimer(lingerTimer);
      lingerTimer = -1;
    }
    List<Item> batch = new ArrayList<>(Math.min(readyCount.get(), options.batchSize()));
    Item item;
    while (batch.size() < options.batchSize() && (item = ready.poll()) != null) {
      batch.add(item);
    }
    if (batch.isEmpty()) {
      return;
    }
    readyCount.addAndGet(-batch.size());
    flushing = true;
    long batchStart = System.nanoTime();
    List<StoredRecord> rows = new ArrayList<>(batch.size());
    for (Item i : batch) {
      if (i instanceof Accepted a) {
        rows.add(a.row());
      }
    }
    records.storeBatch(rows)
        .map(result -> {
          if (!rows.isEmpty()) {
            batches.increment();
            batchOk.record(System.nanoTime() - batchStart, TimeUnit.NANOSECONDS);
            batchSize.record(rows.size());
          }
          return Optional.of(result);
        })
        .recover(err -> {
          storeFailures.increment();
          batchFailed.record(System.nanoTime() - batchStart, TimeUnit.NANOSECONDS);
          LOG.error("Store failed for a batch of {} record(s); not acked, agents will resend: {}", rows.size(),
              err.getMessage());
          return Future.succeededFuture(Optional.empty());
        })
        .compose(result -> sendAcks(batch, result))
        // Broker futures may complete on the broker's threads: come back to the pipeline's context.
        .onComplete(ar -> context.runOnContext(v -> {
          if (ar.failed()) {
            LOG.error("Ingest batch ended unexpectedly", ar.cause());
          }
          flushing = false;
          finish(batch.size());
          // What arrived during this batch has waited long enough: write it now.
          if (readyCount.get() > 0) {
            flush();
          }
        }));
  }

  /** Builds and publishes one ack per device; {@code result} is empty when the store failed. */
  private Future<Void> sendAcks(List<Item> batch, Optional<BatchResult> result) {
    Map<String, AckBuilder> byDevice = new LinkedHashMap<>();
    int row = 0;
    for (Item i : batch) {
      if (i instanceof Refused r) {
        AckBuilder b = byDevice.computeIfAbsent(r.deviceId(), d -> new AckBuilder());
        b.rejected.add(r.rejection());
        b.arrivals.add(r.arrived());
        continue;
      }
      StoredRecord rec = ((Accepted) i).row();
      int index = row++;
      if (result.isEmpty()) {
        continue;
      }
      StoreOutcome outcome = result.get().outcomes().get(index);
      AckBuilder ack = byDevice.computeIfAbsent(rec.deviceId(), d -> new AckBuilder());
      ack.arrivals.add(((Accepted) i).arrived());
      switch (outcome) {
        case STORED -> {
          stored.increment();
          ack.stored.add(rec.recordId());
          noteStored(rec.summary());
        }
        case DUPLICATE -> {
          duplicates.increment();
          ack.stored.add(rec.recordId());
        }
        case SEQUENCE_CONFLICT -> ack.rejected.add(storeRejection(rec, Ack.RejectReason.SEQUENCE_CONFLICT,
            "body.seq: " + rec.summary().seq() + " is already held by another record of this device"));
        case ID_CONFLICT -> ack.rejected.add(storeRejection(rec, Ack.RejectReason.DEVICE_MISMATCH,
            "body.recordId: already used by a record of another device"));
      }
    }
    if (byDevice.isEmpty()) {
      return Future.succeededFuture();
    }
    return publisherPromise.future().compose(publisher -> {
      List<Future<Void>> sent = new ArrayList<>(byDevice.size());
      byDevice.forEach((deviceId, b) -> {
        Ack ack = new Ack(List.copyOf(b.stored), b.rejected);
        byte[] bytes = WireCodec.encodeUnsigned(MessageType.ACK, ack);
        sent.add(publish(publisher, deviceId, bytes).onSuccess(v -> {
          long now = System.nanoTime();
          b.arrivals.forEach(t -> ackLatency.record(now - t, TimeUnit.NANOSECONDS));
        }));
      });
      return Future.join(sent).<Void>mapEmpty().recover(err -> Future.succeededFuture());
    });
  }

  private void noteStored(RecordSummary s) {
    if (s.clockSkew()) {
      clockSkewed.increment();
      if (skewedDevices.add(s.deviceId())) {
        LOG.warn("Records from {} are stored with clockSkew (record {} captured {}, received {}): device clock wrong "
            + "or uploads delayed beyond {}", s.deviceId(), s.recordId(), s.capturedAt(), s.receivedAt(),
            options.clockSkewTolerance());
      } else {
        LOG.debug("Record {} from {} stored with clockSkew", s.recordId(), s.deviceId());
      }
    } else if (skewedDevices.remove(s.deviceId())) {
      LOG.info("Records from {} are within the clock-skew tolerance again", s.deviceId());
    }
    sequences.stored(s.deviceId(), s.seq(), clock.instant()).forEach(this::gapConfirmed);
    if (gapTimer < 0 && sequences.openCount() > 0) {
      // Look again once the youngest candidate could be due; the timer stops when none is left.
      long period = Math.max(10, Math.min(5_000, options.seqGapWindow().toMillis() / 4));
      gapTimer = vertx.setPeriodic(period, id -> {
        sequences.due(clock.instant()).forEach(this::gapConfirmed);
        if (sequences.openCount() == 0) {
          vertx.cancelTimer(id);
          gapTimer = -1;
        }
      });
    }
  }

  /** A gap that stayed open past {@link IngestOptions#seqGapWindow()}: counted and logged once. */
  private void gapConfirmed(SequenceGaps.Gap g) {
    seqGaps.add(g.missing());
    LOG.warn("Sequence gap from {}: seq {} still missing {} after the next record was stored", g.deviceId(),
        g.from() == g.to() ? String.valueOf(g.from()) : g.from() + ".." + g.to(), options.seqGapWindow());
  }

  private Future<Void> publish(DevicePublisher publisher, String deviceId, byte[] bytes) {
    Future<Void> f;
    try {
      f = publisher.publish(Topics.topic(deviceId, Topics.Channel.ACKS), bytes, false);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.timeout(options.ackTimeout().toMillis(), TimeUnit.MILLISECONDS).onFailure(err -> {
      ackFailures.increment();
      LOG.warn("Ack to {} not published ({}); the agent will resend and be acked then", deviceId, err.getMessage());
    });
  }

  private Ack.Rejection storeRejection(StoredRecord rec, Ack.RejectReason reason, String detail) {
    rejected.get(reason).increment();
    LOG.warn("Record {} from {} rejected: {} ({})", rec.recordId(), rec.deviceId(), reason, detail);
    return new Ack.Rejection(Optional.of(rec.recordId()), reason, detail);
  }

  // ---------------------------------------------------------------------------------------------
  // lifecycle

  /**
   * Stops accepting (new publishes are dropped), lets what is queued finish — stored and acked —
   * for up to {@link #CLOSE_DRAIN_TIMEOUT_MS}, then stops the verify threads. Close the broker first
   * and the store after. Idempotent.
   */
  public Future<Void> close() {
    if (!closed) {
      closed = true;
      if (inFlight.get() == 0) {
        drained.tryComplete();
      }
    }
    return drained.future()
        .timeout(CLOSE_DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .recover(err -> {
          LOG.warn("Ingest closed with {} message(s) unfinished; agents will resend them", inFlight.get());
          return Future.succeededFuture();
        })
        .onComplete(ar -> {
          verifyPool.shutdown();
          context.runOnContext(v -> {
            if (gapTimer >= 0) {
              vertx.cancelTimer(gapTimer);
              gapTimer = -1;
            }
          });
        })
        .mapEmpty();
  }

  private sealed interface Item permits Accepted, Refused {}

  /** A verified record waiting for its batch. */
  private record Accepted(StoredRecord row, long arrived) implements Item {}

  /** A rejection waiting to ride along with its batch's acks. */
  private record Refused(String deviceId, Ack.Rejection rejection, long arrived) implements Item {}

  private static final class AckBuilder {
    final Set<String> stored = new LinkedHashSet<>();
    final List<Ack.Rejection> rejected = new ArrayList<>();
    // System.nanoTime() at accept of each record this ack answers (for the latency histogram)
    final List<Long> arrivals = new ArrayList<>();
  }
}
