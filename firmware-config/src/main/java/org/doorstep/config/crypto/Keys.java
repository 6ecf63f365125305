package org.doorstep.config.crypto;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Key generation and PEM storage for every {@link SignatureAlgorithm}: Ed25519 and SM2 (device and
 * CA keys), P-256 (TLS keys).
 *
 * <p>Private keys are PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), public keys SubjectPublicKeyInfo
 * ({@code -----BEGIN PUBLIC KEY-----}); both are what {@code openssl pkey} reads and writes, so keys
 * made elsewhere can be imported. The algorithm of a key is read from its encoding, never guessed.
 */
public final class Keys {
  /** The Bouncy Castle provider, used by instance (not registered globally). */
  public static final Provider BC = new BouncyCastleProvider();

  private Keys() {}

  /** Generates a fresh key pair. */
  public static KeyPair generate(SignatureAlgorithm algorithm) {
    try {
      return switch (algorithm) {
        case ED25519 -> KeyPairGenerator.getInstance("Ed25519", BC).generateKeyPair();
        case SM2_SM3 -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
          g.initialize(new ECGenParameterSpec("sm2p256v1"));
          yield g.generateKeyPair();
        }
        case ECDSA_P256_SHA256 -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
          g.initialize(new ECGenParameterSpec("secp256r1"));
          yield g.generateKeyPair();
        }
      };
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot generate " + algorithm.wireName() + " key pair", e);
    }
  }

  /**
   * The algorithm a public key belongs to.
   *
   * @throws CryptoException when the key is neither Ed25519 nor an EC key on sm2p256v1
   */
  public static SignatureAlgorithm algorithmOf(PublicKey key) {
    return algorithmOf(SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm());
  }

  /** The algorithm a private key belongs to. */
  public static SignatureAlgorithm algorithmOf(PrivateKey key) {
    return algorithmOf(PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm());
  }

  private static SignatureAlgorithm algorithmOf(AlgorithmIdentifier id) {
    ASN1ObjectIdentifier oid = id.getAlgorithm();
    if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
      return SignatureAlgorithm.ED25519;
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)
        && GMObjectIdentifiers.sm2p256v1.equals(id.getParameters())) {
      return SignatureAlgorithm.SM2_SM3;
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)
        && X9ObjectIdentifiers.prime256v1.equals(id.getParameters())) {
      return SignatureAlgorithm.ECDSA_P256_SHA256;
    }
    throw new CryptoException("unsupported key type " + oid + " " + id.getParameters()
        + ": Doorstep keys are Ed25519 or SM2 (EC on sm2p256v1), and TLS keys EC on P-256");
  }

  /** PEM text of a public key. */
  public static String toPem(PublicKey key) {
    return pem(key);
  }

  /**
   * PEM text (PKCS#8, {@code -----BEGIN PRIVATE KEY-----}) of a private key, for both algorithms.
   * (Written from the key's PKCS#8 encoding: Bouncy Castle's PEM writer would emit an EC key in
   * the SEC1 {@code EC PRIVATE KEY} form.)
   */
  public static String toPem(PrivateKey key) {
    if (!"PKCS#8".equalsIgnoreCase(key.getFormat())) {
      throw new CryptoException("private key has no PKCS#8 encoding (format " + key.getFormat() + ")");
    }
    return pem(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", key.getEncoded()));
  }

  private static String pem(Object key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(key);
    } catch (IOException e) {
      throw new CryptoException("cannot encode key as PEM", e);
    }
    return out.toString();
  }

  /**
   * Reads a public key from PEM ({@code PUBLIC KEY}).
   *
   * @throws CryptoException when the text holds no public key or one of an unsupported type
   */
  public static PublicKey publicKeyFromPem(String pem) {
    Object o = readPemObject(new StringReader(pem));
    try {
      JcaPEMKeyConverter c = new JcaPEMKeyConverter().setProvider(BC);
      PublicKey key;
      if (o instanceof SubjectPublicKeyInfo spki) {
        key = c.getPublicKey(spki);
      } else if (o instanceof PEMKeyPair pair) {
        key = c.getPublicKey(pair.getPublicKeyInfo());
      } else {
        throw new CryptoException("expected a PEM 'PUBLIC KEY', found " + describe(o));
      }
      algorithmOf(key);
      return key;
    } catch (org.bouncycastle.openssl.PEMException e) {
      throw new CryptoException("unreadable public key: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a private key from PEM ({@code PRIVATE KEY}, or an OpenSSL {@code EC PRIVATE KEY}) and
   * derives its key pair.
   *
   * @throws CryptoException when the text holds no private key or one of an unsupported type
   */
  public static KeyPair keyPairFromPem(String pem) {
    Object o = readPemObject(new StringReader(pem));
    try {
      JcaPEMKeyConverter c = new JcaPEMKeyConverter().setProvider(BC);
      if (o instanceof PEMKeyPair pair) {
        KeyPair kp = c.getKeyPair(pair);
        algorithmOf(kp.getPublic());
        return kp;
      }
      if (o instanceof PrivateKeyInfo info) {
        PrivateKey priv = c.getPrivateKey(info);
        return new KeyPair(publicFrom(priv), priv);
      }
      throw new CryptoException("expected a PEM 'PRIVATE KEY', found " + describe(o));
    } catch (org.bouncycastle.openssl.PEMException e) {
      throw new CryptoException("unreadable private key: " + e.getMessage(), e);
    }
  }

  private static PublicKey publicFrom(PrivateKey priv) {
    if (priv instanceof org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey ed) {
      return ed.getPublicKey();
    }
    if (priv instanceof org.bouncycastle.jce.interfaces.ECPrivateKey ec) {
      try {
        var spec = ec.getParameters();
        var q = spec.getG().multiply(ec.getD()).normalize();
        var pubSpec = new org.bouncycastle.jce.spec.ECPublicKeySpec(q, spec);
        PublicKey pub = java.security.KeyFactory.getInstance("EC", BC).generatePublic(pubSpec);
        algorithmOf(pub);
        return pub;
      } catch (GeneralSecurityException e) {
        throw new CryptoException("cannot derive public key from EC private key", e);
      }
    }
    throw new CryptoException("unsupported private key type " + priv.getAlgorithm()
        + ": Doorstep keys are Ed25519 or SM2");
  }

  private static Object readPemObject(Reader reader) {
    try (PEMParser p = new PEMParser(reader)) {
      Object o = p.readObject();
      if (o == null) {
        throw new CryptoException("no PEM object found (expected '-----BEGIN ... KEY-----')");
      }
      return o;
    } catch (IOException e) {
      throw new CryptoException("malformed PEM: " + e.getMessage(), e);
    }
  }

  private static String describe(Object o) {
    return o == null ? "nothing" : o.getClass().getSimpleName();
  }

  /**
   * Reads a PEM public key file.
   *
   * @throws CryptoException naming the file and the cause ({@code <file>: malformed PEM: …}, {@code
   *     <file>: empty file …})
   */
  public static PublicKey readPublicKey(Path file) {
    String text = read(file);
    try {
      return publicKeyFromPem(text);
    } catch (CryptoException e) {
      throw inFile(file, text, e);
    }
  }

  /**
   * Reads a PEM private key file and derives its pair.
   *
   * @throws CryptoException naming the file and the cause ({@code <file>: malformed PEM: -----END PRIVATE
   *     KEY----- not found (truncated?)}, {@code <file>: empty file …})
   */
  public static KeyPair readKeyPair(Path file) {
    String text = read(file);
    try {
      return keyPairFromPem(text);
    } catch (CryptoException e) {
      throw inFile(file, text, e);
    }
  }

  /** The failure of reading {@code file} as a key: the file's name first, and "empty" or "truncated?" where it is. */
  private static CryptoException inFile(Path file, String text, CryptoException e) {
    String hint = text.isBlank() ? " (empty file: " + text.length() + " bytes)"
        : !text.contains("-----END") ? " (truncated? " + text.length() + " bytes, no END line)" : "";
    return new CryptoException(file + ": " + e.getMessage() + hint, e);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new CryptoException("cannot read key file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a private key as PEM with owner-only permissions (0600), atomically: the file either
   * holds the whole key or does not exist.
   */
  public static void writePrivateKey(Path file, PrivateKey key) {
    writeAtomically(file, toPem(key), true);
  }

  /** Writes a public key as PEM (0644). */
  public static void writePublicKey(Path file, PublicKey key) {
    writeAtomically(file, toPem(key), false);
  }

  private static void writeAtomically(Path file, String text, boolean secret) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp;
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        tmp = Files.createTempFile(dir, ".key", ".tmp", PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
      } else {
        tmp = Files.createTempFile(dir, ".key", ".tmp");
      }
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      durableMove(tmp, file);
    } catch (IOException e) {
      throw new CryptoException("cannot write key file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renames {@code tmp} (in {@code file}'s folder) over {@code file} so that a crash or power cut at any
   * moment leaves the old file or the whole new one: {@code tmp}'s bytes are forced to the disk before
   * the atomic rename, and the folder after it (where the file system allows opening a folder).
   *
   * @throws IOException when a step fails (the old file is then still in place)
   */
  public static void durableMove(Path tmp, Path file) throws IOException {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (java.nio.channels.FileChannel dir = java.nio.channels.FileChannel.open(file.toAbsolutePath().getParent(),
        java.nio.file.StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Not every platform opens a folder as a channel (Windows): the rename itself is still atomic.
    }
  }
}
