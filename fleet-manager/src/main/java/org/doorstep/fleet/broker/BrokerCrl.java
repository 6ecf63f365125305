package org.doorstep.fleet.broker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.fleet.store.EnrolmentStore;
import org.doorstep.fleet.store.EnrolmentStore.RevokedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS CA's certificate revocation list for an external broker (Mosquitto {@code crlfile}): the
 * TLS certificates of revoked devices that have not expired, signed by the TLS CA, valid for
 * {@link #VALIDITY}. The running fleet keeps a file current ({@link #start}): rewritten atomically on
 * {@link #publish()} (called on every revocation) and every {@link #REFRESH}, well before nextUpdate
 * (a broker refuses every device once its CRL is past nextUpdate). The broker reads the file at
 * start and on SIGHUP only: the operator's reload hook does that (the fleet cannot signal a broker on
 * another host).
 *
 * <p>Threads: {@link #publish()} from any thread; the store query on the store's worker, signing and
 * file I/O on a Vert.x worker; publications run one after another.
 */
public final class BrokerCrl {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerCrl.class);
  /** nextUpdate - thisUpdate. */
  public static final Duration VALIDITY = Duration.ofDays(7);
  /** How often the running fleet rewrites the file even when nothing was revoked. */
  public static final Duration REFRESH = Duration.ofDays(1);

  private final Vertx vertx;
  private final EnrolmentStore store;
  private final List<DeviceCa> tlsCas;
  private final Path file;
  private final Clock clock;
  private Future<Path> last = Future.succeededFuture();
  private long timer = -1;

  /**
   * @param vertx runs signing and file I/O on a worker, and the timer
   * @param store the certificates and revocations
   * @param tlsCas the CAs of the devices' TLS certificates (the broker's {@code cafile}): one CRL each,
   *               in one file (OpenSSL reads every CRL of a PEM {@code crlfile})
   * @param file   where the PEM goes
   * @param clock  thisUpdate / nextUpdate and the expiry filter
   */
  public BrokerCrl(Vertx vertx, EnrolmentStore store, List<DeviceCa> tlsCas, Path file, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.tlsCas = List.copyOf(tlsCas);
    this.file = Objects.requireNonNull(file, "file");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Writes the file now and then every {@link #REFRESH}. */
  public Future<Path> start() {
    timer = vertx.setPeriodic(REFRESH.toMillis(), id -> publish());
    return publish();
  }

  private volatile java.time.Instant writtenAt;

  /** When this instance last wrote the CRL file; empty before the first success (alarm CRL_STALE). */
  public java.util.Optional<java.time.Instant> writtenAt() {
    return java.util.Optional.ofNullable(writtenAt);
  }

  /** Stops the timer. */
  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Rewrites the file with the current revocations, after any publication still under way. */
  public synchronized Future<Path> publish() {
    Future<Path> mine = last.transform(ignored -> current(vertx, store, tlsCas, clock)
        .compose(crls -> vertx.executeBlocking(() -> write(file, crls), false))
        .onSuccess(p -> {
          writtenAt = clock.instant();
          LOG.info("CRL for the external broker written to {}", p);
        })
        .onFailure(err -> LOG.error("Could not write the CRL {}: {} (the broker keeps its previous CRL)", file,
            err.getMessage())));
    last = mine;
    return mine;
  }

  /**
   * The current CRLs, one per CA of {@code tlsCas}: the store's revoked, unexpired TLS certificates,
   * signed on a worker.
   */
  public static Future<List<X509CRL>> current(Vertx vertx, EnrolmentStore store, List<DeviceCa> tlsCas, Clock clock) {
    Instant now = clock.instant();
    return store.revokedCertificates(now).compose(rows -> vertx.executeBlocking(
        () -> tlsCas.stream().map(ca -> sign(ca, rows, clock)).toList(), false));
  }

  /** Signs a CRL of {@code rows}; the CRL number is thisUpdate in epoch milliseconds (it grows). */
  public static X509CRL sign(DeviceCa tlsCa, List<RevokedCertificate> rows, Clock clock) {
    List<DeviceCa.Revoked> revoked = rows.stream()
        .map(r -> new DeviceCa.Revoked(new BigInteger(r.serial(), 16), r.revokedAt())).toList();
    X509CRL crl = tlsCa.crl(revoked, BigInteger.valueOf(clock.millis()), VALIDITY, clock);
    LOG.info("CRL signed: {} revoked certificate(s), next update {}", revoked.size(), crl.getNextUpdate().toInstant());
    return crl;
  }

  /**
   * Writes {@code crl} as PEM to {@code file} atomically (a temporary file in the same folder, then a
   * rename), world-readable (it is public), so that a broker reloading at any moment reads either the
   * old or the new CRL, never half of one. Blocking.
   */
  public static Path write(Path file, X509CRL crl) {
    return write(file, List.of(crl));
  }

  /** {@link #write(Path, X509CRL)} of several CRLs (one per CA) into one PEM file. */
  public static Path write(Path file, List<X509CRL> crls) {
    Path target = file.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".crl", ".tmp");
      try {
        Files.writeString(tmp, String.join("", crls.stream().map(DeviceCa::toPem).toList()), StandardCharsets.US_ASCII);
        if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
          Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new CryptoException("cannot write the CRL " + target + ": " + e.getMessage(), e);
    }
    return target;
  }
}
