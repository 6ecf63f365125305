package org.doorstep.agent.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.config.crypto.CertificateException;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.crypto.TlsContexts;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.config.profile.FleetLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link IdentityStore}: PEM files in the agent's data dir, as {@link IdentityFiles}
 * names them. Private keys are written 0600 and certificates 0644, each file atomically and durably (a
 * temporary file in the same directory, forced to disk, then an atomic rename, then the folder forced:
 * {@code Keys.durableMove}), so a power cut or {@code kill -9} leaves the old file or the new one, never
 * half of either, and a key or certificate the store reported written is on the disk. Enrolment is
 * crash-safe with the fleet's help: killed after the fleet answered but before the certificate was
 * written, the kiosk enrols again at its next start with the same key and token, and the fleet answers
 * a repeated enrolment within the token's life with the enrolment again. Certificates are installed last-file-first ({@code device-cert.pem}
 * last), so a reader that sees the new device certificate sees the CA files it chains to.
 *
 * <p>Blocking work runs on the shared worker {@value #WORKER} (one thread: operations never
 * interleave).
 */
public final class FileIdentityStore implements IdentityStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileIdentityStore.class);
  /** Name of the worker pool. */
  public static final String WORKER = "doorstep-identity";

  private final IdentityFiles files;
  private final Clock clock;
  private final WorkerExecutor worker;

  /**
   * @param vertx   runs the file work on {@value #WORKER}
   * @param dataDir the agent's data dir
   * @param clock   checks the validity of installed certificates
   */
  public FileIdentityStore(Vertx vertx, Path dataDir, Clock clock) {
    this.files = new IdentityFiles(Objects.requireNonNull(dataDir, "dataDir"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.worker = vertx.createSharedWorkerExecutor(WORKER, 1);
  }

  /** The files this store keeps. */
  public IdentityFiles files() {
    return files;
  }

  @Override
  public Future<Signer> signingKey(SignatureAlgorithm algorithm) {
    return blocking(() -> DeviceKeys.loadOrCreate(files.dir(), algorithm));
  }

  @Override
  public Future<CertificateRequests> certificateRequests(String deviceId, CryptoSuite suite) {
    return blocking(() -> {
      DeviceKeys.loadOrCreate(files.dir(), suite.signatureAlgorithm());
      KeyPair device = Keys.readKeyPair(files.deviceKey());
      SignatureAlgorithm have = Keys.algorithmOf(device.getPublic());
      if (have != suite.signatureAlgorithm()) {
        throw new IdentityException(IdentityException.Reason.KEY_STORE, files.deviceKey() + " holds a "
            + have.wireName() + " key but the " + suite + " suite needs " + suite.signatureAlgorithm().wireName()
            + " (a key is never replaced silently: move it away to start over)");
      }
      String csr = Csr.create(deviceId, device).toPem();
      return new CertificateRequests(csr, Optional.of(Csr.create(deviceId, tlsKeyToCertify()).toPem()));
    });
  }

  /**
   * The P-256 TLS key the next certificate is for, generated on first use: {@value IdentityFiles#TLS_KEY},
   * or, while that still holds the Ed25519 TLS key of a kiosk enrolled before the switch to P-256
   * (SM suite), the pending {@value IdentityFiles#TLS_KEY_NEXT}, which replaces it when its certificate
   * is installed. (A STANDARD kiosk from before the switch used its device key for TLS and has no
   * {@value IdentityFiles#TLS_KEY}: the new key goes there at once, unused until its certificate comes.)
   */
  private KeyPair tlsKeyToCertify() {
    Path file = files.tlsKey();
    if (Files.exists(file)) {
      KeyPair current = Keys.readKeyPair(file);
      if (TlsContexts.isCurrentTlsKey(current.getPublic())) {
        return current;
      }
      file = files.tlsKeyNext();
      if (Files.exists(file)) {
        return Keys.readKeyPair(file);
      }
    }
    KeyPair pair = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM);
    Keys.writePrivateKey(file, pair.getPrivate());
    LOG.info("generated {} TLS key in {}", TlsContexts.TLS_KEY_ALGORITHM.wireName(), file);
    return pair;
  }

  @Override
  public Future<DeviceCredentials> install(IssuedCertificates issued) {
    return blocking(() -> {
      KeyPair device = Keys.readKeyPair(files.deviceKey());
      check("device certificate", issued.deviceCertificate(), issued.fleetCa(), device.getPublic());
      X509Certificate tlsCert = issued.tlsCertificate().orElseThrow(() -> new IdentityException(
          IdentityException.Reason.BAD_RESPONSE, "the fleet sent no TLS certificate for this kiosk's TLS key"));
      // The key the certificate is for: the current TLS key, or the pending one that replaces an Ed25519 key.
      boolean replacing = Files.exists(files.tlsKeyNext()) && sameKey(tlsCert, Keys.readKeyPair(files.tlsKeyNext()));
      Path keyFile = replacing ? files.tlsKeyNext() : files.tlsKey();
      if (!Files.exists(keyFile)) {
        throw new IdentityException(IdentityException.Reason.BAD_RESPONSE,
            "the fleet sent a TLS certificate but this kiosk has no TLS key (" + IdentityFiles.TLS_KEY + ")");
      }
      Optional<KeyPair> tls = Optional.of(Keys.readKeyPair(keyFile));
      check("TLS certificate", tlsCert, issued.tlsCa(), tls.get().getPublic());
      writeCertificate(files.tlsCa(), issued.tlsCa());
      writeCertificate(files.fleetCa(), issued.fleetCa());
      if (replacing) {
        // Certificate first under its pending name, then key, then certificate into place: a crash
        // between the two renames is finished by credentials() (see finishKeyReplacement).
        writeCertificate(files.tlsCertNext(), tlsCert);
        move(files.tlsKeyNext(), files.tlsKey());
        move(files.tlsCertNext(), files.tlsCert());
        LOG.info("TLS key replaced by a {} key ({})", TlsContexts.TLS_KEY_ALGORITHM.wireName(), files.tlsKey());
      } else {
        writeCertificate(files.tlsCert(), tlsCert);
      }
      writeCertificate(files.deviceCert(), issued.deviceCertificate());
      // The fleet's config key, at its default place (a custom fleet.configKeyFile is the installer's).
      if (issued.fleetConfigKey().isPresent()) {
        Keys.writePublicKey(files.dir().resolve(FleetLink.DEFAULT_CONFIG_KEY_FILE), issued.fleetConfigKey().get());
      }
      DeviceCredentials c = credentials(issued.deviceCertificate(), issued.fleetCa(), issued.tlsCa(), device, tls,
          Optional.of(tlsCert));
      LOG.info("identity installed in {}: {}", files.dir(), c);
      return c;
    });
  }

  private static boolean sameKey(X509Certificate cert, KeyPair pair) {
    return Arrays.equals(cert.getPublicKey().getEncoded(), pair.getPublic().getEncoded());
  }

  /**
   * Finishes a TLS key replacement a crash interrupted between its renames: a pending certificate
   * ({@value IdentityFiles#TLS_CERT_NEXT}) moves into place with its key.
   */
  private void finishKeyReplacement() {
    if (!Files.exists(files.tlsCertNext())) {
      return;
    }
    X509Certificate pending = readCertificate(files.tlsCertNext());
    if (Files.exists(files.tlsKeyNext()) && sameKey(pending, Keys.readKeyPair(files.tlsKeyNext()))) {
      move(files.tlsKeyNext(), files.tlsKey());
    }
    if (Files.exists(files.tlsKey()) && sameKey(pending, Keys.readKeyPair(files.tlsKey()))) {
      move(files.tlsCertNext(), files.tlsCert());
      LOG.info("finished the TLS key replacement a restart interrupted ({})", files.tlsCert());
    }
  }

  private static void move(Path from, Path to) {
    try {
      Keys.durableMove(from, to);
    } catch (IOException e) {
      throw new IdentityException(IdentityException.Reason.KEY_STORE, "cannot move " + from + " to " + to + ": "
          + e.getMessage(), e);
    }
  }

  private void check(String what, X509Certificate cert, X509Certificate ca, PublicKey key) {
    if (!Arrays.equals(cert.getPublicKey().getEncoded(), key.getEncoded())) {
      throw new IdentityException(IdentityException.Reason.BAD_RESPONSE, what + " is not for this kiosk's key");
    }
    try {
      Certificates.verifyDeviceCertificate(cert, ca, clock.instant());
    } catch (CertificateException e) {
      throw new IdentityException(IdentityException.Reason.BAD_RESPONSE, what + ": " + e.getMessage());
    }
  }

  @Override
  public Future<Optional<DeviceCredentials>> credentials() {
    return blocking(() -> {
      if (!Files.exists(files.deviceCert())) {
        return Optional.empty();
      }
      finishKeyReplacement();
      X509Certificate deviceCert = readCertificate(files.deviceCert());
      X509Certificate fleetCa = readCertificate(files.fleetCa());
      X509Certificate tlsCa = readCertificate(files.tlsCa());
      KeyPair device = Keys.readKeyPair(files.deviceKey());
      Optional<KeyPair> tls = Optional.empty();
      Optional<X509Certificate> tlsCert = Optional.empty();
      if (Files.exists(files.tlsCert())) {
        tls = Optional.of(Keys.readKeyPair(files.tlsKey()));
        tlsCert = Optional.of(readCertificate(files.tlsCert()));
      }
      return Optional.of(credentials(deviceCert, fleetCa, tlsCa, device, tls, tlsCert));
    });
  }

  private static DeviceCredentials credentials(X509Certificate deviceCert, X509Certificate fleetCa,
      X509Certificate tlsCa, KeyPair device, Optional<KeyPair> tls, Optional<X509Certificate> tlsCert) {
    TlsIdentity identity = tls.isPresent()
        ? new TlsIdentity(tls.get().getPrivate(), List.of(tlsCert.orElseThrow()), List.of(tlsCa))
        : new TlsIdentity(device.getPrivate(), List.of(deviceCert), List.of(tlsCa));
    return new DeviceCredentials(deviceCert, fleetCa, identity);
  }

  @Override
  public Future<Optional<X509Certificate>> provisionedTlsCa() {
    return blocking(() -> Files.exists(files.tlsCa()) ? Optional.of(readCertificate(files.tlsCa())) : Optional.empty());
  }

  private static X509Certificate readCertificate(Path file) {
    try {
      return Certificates.fromPem(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IdentityException(IdentityException.Reason.KEY_STORE, "cannot read " + file + ": " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new IdentityException(IdentityException.Reason.KEY_STORE, file + ": " + e.getMessage(), e);
    }
  }

  private static void writeCertificate(Path file, X509Certificate cert) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
          ? Files.createTempFile(dir, ".cert", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))
          : Files.createTempFile(dir, ".cert", ".tmp");
      Files.writeString(tmp, Certificates.toPem(cert), StandardCharsets.US_ASCII);
      Keys.durableMove(tmp, file);
    } catch (IOException e) {
      throw new IdentityException(IdentityException.Reason.KEY_STORE, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return worker.executeBlocking(() -> {
      try {
        return work.call();
      } catch (CryptoException e) {
        throw new IdentityException(IdentityException.Reason.KEY_STORE, e.getMessage(), e);
      }
    }, true);
  }
}
