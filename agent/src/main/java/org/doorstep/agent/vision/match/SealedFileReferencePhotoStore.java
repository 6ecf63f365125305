package org.doorstep.agent.vision.match;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.crypto.BlindIndex;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.EvidenceCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReferencePhotoStore} as one sealed file per resident in a folder of the data directory, under the
 * device's data key ({@link org.doorstep.agent.privacy.DataKeyStore}, the same key as the outbox and the
 * evidence store) with the suite's cipher: AES-256-GCM, or SM4-GCM in SM mode.
 *
 * <ul>
 *   <li>File name: {@link BlindIndex} of the ID number (HMAC-SHA256, or HMAC-SM3 in SM mode, under an HKDF
 *       sub-key of the data key labelled {@value #PURPOSE}), in hex, plus {@value #SUFFIX}: the folder listing
 *       shows no ID number, and names cannot be guessed without the key.
 *   <li>Content: {@link EvidenceCipher} sealed bytes of (8-byte big-endian epoch milliseconds when kept,
 *       photo bytes); the file name is the associated data, so a photo moved to another resident's name
 *       fails authentication.
 *   <li>Writes go to a temporary file first and are moved into place atomically.
 *   <li>Retention: its own ({@code policy.mismatch.referencePhotoRetention}); expired photos are deleted when
 *       read and by {@link #purgeExpired()}, which {@link org.doorstep.agent.privacy.PurgeJob} runs.
 * </ul>
 *
 * <p>File work runs on the shared worker {@value #WORKER} (one thread: writes never interleave).
 */
public final class SealedFileReferencePhotoStore implements ReferencePhotoStore {
  /** Folder in the data directory. */
  public static final String FOLDER = "reference-photos";
  /** Name of the worker pool. */
  public static final String WORKER = "reference-photos";
  static final String SUFFIX = ".photo";
  static final String PURPOSE = "reference-photos";
  private static final Logger LOG = LoggerFactory.getLogger(SealedFileReferencePhotoStore.class);

  private final WorkerExecutor worker;
  private final Path dir;
  private final EvidenceCipher cipher;
  private final BlindIndex names;
  private final Duration retention;
  private final Clock clock;

  /**
   * @param dataDir   the agent's data directory ({@value #FOLDER} is made inside it)
   * @param algorithm the suite's cipher ({@code security.suite}: AES-256-GCM or SM4-GCM)
   * @param dataKey   the device's data key of that algorithm ({@link org.doorstep.agent.privacy.DataKeyStore})
   * @param retention how long a photo serves as reference ({@code policy.mismatch.referencePhotoRetention})
   * @throws org.doorstep.config.crypto.CryptoException when the key does not fit {@code algorithm}
   */
  public SealedFileReferencePhotoStore(Vertx vertx, Path dataDir, EvidenceCipher.Algorithm algorithm,
      SecretKey dataKey, Duration retention, Clock clock) {
    this.cipher = new EvidenceCipher(Objects.requireNonNull(algorithm, "algorithm"),
        Objects.requireNonNull(dataKey, "dataKey"));
    this.names = BlindIndex.derive(algorithm, dataKey, PURPOSE);
    this.worker = Objects.requireNonNull(vertx, "vertx").createSharedWorkerExecutor(WORKER, 1);
    this.dir = Objects.requireNonNull(dataDir, "dataDir").resolve(FOLDER);
    this.retention = Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention: must be positive, was " + retention);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Future<Optional<byte[]>> lastPhoto(IdNumber idNumber) {
    String name = fileName(idNumber);
    return worker.executeBlocking(() -> {
      Path file = dir.resolve(name);
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      byte[] plain = cipher.openBytes(Files.readAllBytes(file), ad(name));
      try {
        Instant keptAt = Instant.ofEpochMilli(ByteBuffer.wrap(plain, 0, Long.BYTES).getLong());
        if (expired(keptAt)) {
          Files.deleteIfExists(file);
          LOG.info("reference photo {}… expired (kept {}), deleted", name.substring(0, 8), keptAt);
          return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(plain, Long.BYTES, plain.length));
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }, false);
  }

  @Override
  public Future<Void> keep(IdNumber idNumber, byte[] photo) {
    Objects.requireNonNull(photo, "photo");
    if (photo.length == 0) {
      return Future.failedFuture(new IllegalArgumentException("photo: must not be empty"));
    }
    String name = fileName(idNumber);
    byte[] plain = ByteBuffer.allocate(Long.BYTES + photo.length).putLong(clock.millis()).put(photo).array();
    return worker.<Void>executeBlocking(() -> {
      try {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "keep-", ".tmp");
        try {
          Files.write(tmp, cipher.sealToBytes(plain, ad(name)));
          Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(tmp);
        }
        return null;
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }, false);
  }

  @Override
  public Future<Boolean> forget(IdNumber idNumber) {
    String name = fileName(idNumber);
    return worker.executeBlocking(() -> Files.deleteIfExists(dir.resolve(name)), false);
  }

  @Override
  public Future<Integer> purgeExpired() {
    return worker.executeBlocking(() -> {
      if (!Files.isDirectory(dir)) {
        return 0;
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList();
      }
      int deleted = 0;
      for (Path f : files) {
        String name = f.getFileName().toString();
        byte[] plain;
        try {
          plain = cipher.openBytes(Files.readAllBytes(f), ad(name));
        } catch (CryptoException e) {
          LOG.warn("reference photo {}… left in place: it does not authenticate ({})", name.substring(0, 8),
              e.getMessage());
          continue;
        }
        Instant keptAt = Instant.ofEpochMilli(ByteBuffer.wrap(plain, 0, Long.BYTES).getLong());
        Arrays.fill(plain, (byte) 0);
        if (expired(keptAt) && Files.deleteIfExists(f)) {
          deleted++;
        }
      }
      if (deleted > 0) {
        LOG.info("{} expired reference photo(s) deleted", deleted);
      }
      return deleted;
    }, false);
  }

  /** The folder the photos are in. */
  public Path folder() {
    return dir;
  }

  /** The cipher the photos are sealed with (the suite's). */
  public EvidenceCipher.Algorithm algorithm() {
    return cipher.algorithm();
  }

  private boolean expired(Instant keptAt) {
    return !clock.instant().isBefore(keptAt.plus(retention));
  }

  /** Blind index of the ID number: stable per data key, shows nothing of the number. */
  String fileName(IdNumber idNumber) {
    Objects.requireNonNull(idNumber, "idNumber");
    return names.of(idNumber.unmasked()) + SUFFIX;
  }

  private static byte[] ad(String name) {
    return name.getBytes(StandardCharsets.US_ASCII);
  }
}
