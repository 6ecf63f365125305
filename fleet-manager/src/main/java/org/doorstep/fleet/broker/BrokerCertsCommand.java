package org.doorstep.fleet.broker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.doorstep.config.crypto.Certificates;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.DeviceCa;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.TlsContexts;
import org.doorstep.fleet.cli.StoreCommand;
import org.doorstep.fleet.enrol.FleetCa;
import org.doorstep.fleet.enrol.TlsCas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker-certs}: the files an external broker (Mosquitto, EMQX) needs to accept Doorstep
 * devices and fleet instances: {@code tls-ca.pem} (the fleet's TLS CA: the broker's {@code cafile}),
 * {@code broker-key.pem} (0600) and {@code broker-cert.pem} (a server certificate from that CA for
 * the given host names), and {@value #CRL_FILE} (the TLS CA's current revocation list, see
 * {@link BrokerCrl}; valid for {@link BrokerCrl#VALIDITY}, so a running fleet with
 * {@code broker.external.crlFile} or a scheduled {@code crl} command must keep it current). Uses the CA
 * in the fleet's CA directory (created there if missing, as {@code run} would) and the fleet's store.
 */
@Command(name = "broker-certs", mixinStandardHelpOptions = true,
    description = "Write a TLS CA certificate, key, server certificate and CRL for an external MQTT broker.")
public final class BrokerCertsCommand extends StoreCommand {
  /** The CRL's file name in {@code --out} (Mosquitto's {@code crlfile}). */
  public static final String CRL_FILE = "crl.pem";

  /** How long the broker certificate is valid; re-run the command before it ends. */
  public static final Duration VALIDITY = Duration.ofDays(365);

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the four files")
  Path out;

  @Option(names = "--names", required = true, split = ",", paramLabel = "HOST",
      description = "Host names and IP addresses devices and fleet instances dial (comma-separated)")
  List<String> names;

  @Override
  public Integer call() {
    if (names.stream().anyMatch(n -> n == null || n.isBlank())) {
      spec.commandLine().getErr().println("broker-certs: --names: host names must not be blank");
      spec.commandLine().getErr().flush();
      return 2;
    }
    // The store too: crl.pem lists the certificates of devices revoked so far.
    return withStores((vertx, cfg, store) -> {
      Clock clock = Clock.systemUTC();
      DeviceCa deviceCa = FleetCa.loadOrCreate(cfg.caDir(), CryptoSuite.STANDARD, clock);
      TlsCas tlsCas = FleetCa.tlsCas(cfg.caDir(), deviceCa, clock);
      return BrokerCrl.current(vertx, store.enrolment(), tlsCas.all(), clock).compose(crls -> vertx.executeBlocking(() -> {
        List<Path> written = new java.util.ArrayList<>(write(out, tlsCas, names, clock));
        written.add(BrokerCrl.write(out.resolve(CRL_FILE), crls));
        return String.join(System.lineSeparator(), written.stream().map(Path::toString).toList());
      }, false));
    });
  }

  /**
   * The key as PKCS#8 PEM in the JDK's encoding, 0600 (Bouncy Castle's encoding of an Ed25519 key, v2
   * with the public key, was refused by OpenSSL 3's decoder: the JDK's is what OpenSSL writes).
   */
  private static void writeOpenSslKey(Path file, KeyPair pair) throws java.io.IOException {
    byte[] der;
    try {
      der = java.security.KeyFactory.getInstance("EC")
          .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pair.getPrivate().getEncoded())).getEncoded();
    } catch (java.security.GeneralSecurityException e) {
      throw new CryptoException("cannot re-encode the broker key: " + e.getMessage(), e);
    }
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END PRIVATE KEY-----\n";
    Files.deleteIfExists(file);
    if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }

  /** {@link #write(Path, TlsCas, List, Clock)} for a fleet without a legacy TLS CA. */
  public static List<Path> write(Path dir, DeviceCa tlsCa, List<String> names, Clock clock) {
    return write(dir, TlsCas.of(tlsCa), names, clock);
  }

  /**
   * Writes {@code tls-ca.pem} (the TLS CA certificates that client certificates may come from: the
   * P-256 TLS CA, and the legacy Ed25519 one during the transition), {@code broker-key.pem} (a new
   * P-256 key, 0600) and {@code broker-cert.pem} (its certificate from the P-256 TLS CA, followed by
   * the rest of {@link TlsCas#serverChain}) into {@code dir}.
   */
  public static List<Path> write(Path dir, TlsCas tlsCas, List<String> names, Clock clock) {
    DeviceCa tlsCa = tlsCas.current();
    KeyPair pair = Keys.generate(TlsContexts.TLS_KEY_ALGORITHM);
    X509Certificate cert = tlsCa.issueServer(pair.getPublic(), "doorstep-broker", names, VALIDITY, clock);
    Path ca = dir.resolve("tls-ca.pem");
    Path key = dir.resolve("broker-key.pem");
    Path crt = dir.resolve("broker-cert.pem");
    try {
      Files.createDirectories(dir);
      writeOpenSslKey(key, pair);
      Files.writeString(crt, pem(tlsCas.serverChain(cert)), StandardCharsets.US_ASCII);
      Files.writeString(ca, pem(tlsCas.trusted()), StandardCharsets.US_ASCII);
    } catch (java.io.IOException e) {
      throw new CryptoException("cannot write into " + dir + ": " + e.getMessage(), e);
    }
    return List.of(ca, key, crt);
  }

  private static String pem(List<X509Certificate> certs) {
    return String.join("", certs.stream().map(Certificates::toPem).toList());
  }
}
