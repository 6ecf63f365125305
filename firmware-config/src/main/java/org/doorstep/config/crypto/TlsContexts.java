package org.doorstep.config.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * JSSE key and trust material from Doorstep's PEM keys and certificates, for MQTT over TLS (broker
 * and agent), the fleet's HTTPS API and its clients.
 *
 * <p>Transport security is standard TLS 1.3 in both {@link CryptoSuite}s: the JDK's TLS stack has no
 * SM2/SM3/SM4 cipher suites (RFC 8998), so a TLS identity is an ECDSA P-256 key with a
 * SHA256withECDSA certificate ({@link #TLS_KEY_ALGORITHM}; TLS scheme {@code ecdsa_secp256r1_sha256},
 * which every TLS 1.3 stack implements: browsers, Windows SChannel, mbedTLS, OpenSSL and so
 * Mosquitto). Ed25519 is not used for TLS: browsers do not offer the {@code ed25519} scheme, so a
 * browser refuses the handshake (docs/transport-security.md). Every device holds a TLS key of its
 * own beside its record-signing key, in both suites.
 *
 * <p>Ed25519 TLS keys are still accepted here so that a kiosk enrolled before the switch keeps its
 * connection until its next renewal replaces the key (the fleet trusts the old Ed25519 TLS CA for
 * that transition).
 *
 * <p>Keys and certificates made by Bouncy Castle are re-encoded into the JDK's own classes here, so
 * that SunJSSE never meets a provider it cannot use. Pure apart from {@link #writePkcs12}.
 */
public final class TlsContexts {
  /** The only protocol version Doorstep offers or accepts. */
  public static final String PROTOCOL = "TLSv1.3";
  /** {@link #PROTOCOL} as an array, for {@code SSLParameters#setProtocols} and friends. */
  public static final List<String> PROTOCOLS = List.of(PROTOCOL);

  /** The algorithm of every new TLS key and of the TLS CA: ECDSA P-256 with SHA-256. */
  public static final SignatureAlgorithm TLS_KEY_ALGORITHM = SignatureAlgorithm.ECDSA_P256_SHA256;

  private TlsContexts() {}

  /**
   * Whether {@code key} is a TLS key of today ({@link #TLS_KEY_ALGORITHM}); false for an Ed25519
   * key of a kiosk enrolled before the switch, which its next renewal replaces.
   */
  public static boolean isCurrentTlsKey(java.security.PublicKey key) {
    try {
      return Keys.algorithmOf(key) == TLS_KEY_ALGORITHM;
    } catch (CryptoException e) {
      return false;
    }
  }

  /**
   * A TLS 1.3 context that presents {@code key} with {@code chain} (leaf first; may be empty for a
   * client without a certificate) and trusts exactly {@code trusted}.
   *
   * @throws CryptoException when the key or a certificate cannot be used by the JDK's TLS stack
   */
  public static SSLContext context(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted) {
    try {
      KeyManager[] keyManagers = null;
      if (key != null) {
        char[] pw = new char[0];
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore(key, chain, pw), pw);
        keyManagers = kmf.getKeyManagers();
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore(trusted));
      SSLContext ctx = SSLContext.getInstance(PROTOCOL);
      ctx.init(keyManagers, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot build TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * An in-memory PKCS#12 key store holding {@code key} and {@code chain} under alias {@code "doorstep"}.
   *
   * @throws CryptoException when the key is of an algorithm the JDK cannot load (e.g. SM2)
   */
  public static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain, char[] password) {
    if (chain == null || chain.isEmpty()) {
      throw new IllegalArgumentException("chain: the key's certificate is required");
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("doorstep", jdkKey(key), password, jdk(chain).toArray(new X509Certificate[0]));
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new CryptoException("cannot build key store: " + e.getMessage(), e);
    }
  }

  /** An in-memory trust store holding {@code trusted} as trusted certificate entries. */
  public static KeyStore trustStore(List<X509Certificate> trusted) {
    if (trusted == null || trusted.isEmpty()) {
      throw new IllegalArgumentException("trusted: at least one CA certificate");
    }
    try {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      List<X509Certificate> certs = jdk(trusted);
      for (int i = 0; i < certs.size(); i++) {
        ts.setCertificateEntry("ca-" + i, certs.get(i));
      }
      return ts;
    } catch (GeneralSecurityException | IOException e) {
      throw new CryptoException("cannot build trust store: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code store} as a PKCS#12 file with owner-only permissions (0600), atomically, for
   * software that takes key store files (HiveMQ's TLS listener, Java tools).
   */
  public static void writePkcs12(Path file, KeyStore store, char[] password) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
          ? Files.createTempFile(dir, ".p12", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(dir, ".p12", ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        store.store(out, password);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | GeneralSecurityException e) {
      throw new CryptoException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code key} as a key object of the JDK's own providers: P-256 (today's TLS keys) or Ed25519 (the
   * TLS key of a kiosk enrolled before the switch, until its renewal).
   */
  static PrivateKey jdkKey(PrivateKey key) throws GeneralSecurityException {
    SignatureAlgorithm alg = Keys.algorithmOf(key);
    String jdkAlgorithm = switch (alg) {
      case ECDSA_P256_SHA256 -> "EC";
      case ED25519 -> "Ed25519";
      case SM2_SM3 -> throw new CryptoException("a TLS key must be ECDSA P-256 (TLS stays standard TLS 1.3), not "
          + alg.wireName());
    };
    return KeyFactory.getInstance(jdkAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
  }

  private static List<X509Certificate> jdk(List<X509Certificate> certs) throws GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    return certs.stream().map(c -> {
      try {
        return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new CryptoException("cannot re-encode certificate " + c.getSubjectX500Principal() + ": " + e.getMessage(), e);
      }
    }).toList();
  }
}
