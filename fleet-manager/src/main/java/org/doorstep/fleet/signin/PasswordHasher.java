package org.doorstep.fleet.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (RFC 9106) through Bouncy Castle, in the PHC string format that other tools read
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt and hash in base64 without padding): 16-byte random
 * salt, 32-byte hash. The parameters are OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane); a stored hash
 * carries its own, so they can be raised later without breaking old ones. Stateless and thread-safe; slow on purpose
 * (run it on a worker).
 */
public final class PasswordHasher {
  /** Memory in KiB, passes, lanes of new hashes. */
  public static final int MEMORY_KIB = 19 * 1024;
  public static final int ITERATIONS = 2;
  public static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  /** Bounds on stored parameters: a hash from the database must not make a request allocate gigabytes. */
  private static final int MAX_MEMORY_KIB = 256 * 1024;
  private static final int MAX_ITERATIONS = 10;
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=([0-9]{1,7}),t=([0-9]{1,2}),p=([0-9]{1,2})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private PasswordHasher() {}

  /** A new hash of {@code password} with a fresh salt and the current parameters. */
  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] h = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
        + "$" + B64.encodeToString(h);
  }

  /**
   * Whether {@code password} matches {@code stored} (compared in constant time). A malformed stored value, or one
   * with parameters beyond the bounds, matches nothing.
   */
  public static boolean matches(String password, String stored) {
    if (stored == null) {
      return false;
    }
    Matcher m = PHC.matcher(stored);
    if (!m.matches()) {
      return false;
    }
    int memory = Integer.parseInt(m.group(1));
    int iterations = Integer.parseInt(m.group(2));
    int lanes = Integer.parseInt(m.group(3));
    if (memory < 8 * lanes || memory > MAX_MEMORY_KIB || iterations < 1 || iterations > MAX_ITERATIONS || lanes < 1) {
      return false;
    }
    byte[] salt;
    byte[] expected;
    try {
      salt = B64D.decode(m.group(4));
      expected = B64D.decode(m.group(5));
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] actual = derive(password, salt, memory, iterations, lanes, expected.length);
    return MessageDigest.isEqual(actual, expected);
  }

  /** Spends the time of one verification without an account (so an unknown name answers as slowly as a known one). */
  public static void burn(String password) {
    derive(password, new byte[SALT_BYTES], MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(lanes).withSalt(salt).build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
