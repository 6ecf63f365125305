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
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.fleet.cli.StoreCommand;
import org.doorstep.fleet.enrol.FleetCa;
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
      DeviceCa tlsCa = FleetCa.tlsCa(cfg.caDir(), deviceCa, clock);
      return BrokerCrl.current(vertx, store.enrolment(), tlsCa, clock).compose(crl -> vertx.executeBlocking(() -> {
        List<Path> written = new java.util.ArrayList<>(write(out, tlsCa, names, clock));
        written.add(BrokerCrl.write(out.resolve(CRL_FILE), crl));
        return String.join(System.lineSeparator(), written.stream().map(Path::toString).toList());
      }, false));
    });
  }

  /**
   * The key as PKCS#8 v1 PEM in the JDK's encoding, 0600. Bouncy Castle's Ed25519 encoding (v2, with
   * the public key) is refused by OpenSSL 3's decoder ("wrong tag"), so Mosquitto could not load it.
   */
  private static void writeOpenSslKey(Path file, KeyPair pair) throws java.io.IOException {
    byte[] der;
    try {
      der = java.security.KeyFactory.getInstance("Ed25519")
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

  /** Writes {@code tls-ca.pem}, {@code broker-key.pem} (0600) and {@code broker-cert.pem} into {@code dir}. */
  public static List<Path> write(Path dir, DeviceCa tlsCa, List<String> names, Clock clock) {
    KeyPair pair = Keys.generate(SignatureAlgorithm.ED25519);
    X509Certificate cert = tlsCa.issueServer(pair.getPublic(), "doorstep-broker", names, VALIDITY, clock);
    Path ca = dir.resolve("tls-ca.pem");
    Path key = dir.resolve("broker-key.pem");
    Path crt = dir.resolve("broker-cert.pem");
    try {
      Files.createDirectories(dir);
      writeOpenSslKey(key, pair);
      Files.writeString(crt, Certificates.toPem(cert), StandardCharsets.US_ASCII);
      Files.writeString(ca, Certificates.toPem(tlsCa.certificate()), StandardCharsets.US_ASCII);
    } catch (java.io.IOException e) {
      throw new CryptoException("cannot write into " + dir + ": " + e.getMessage(), e);
    }
    return List.of(ca, key, crt);
  }
}
