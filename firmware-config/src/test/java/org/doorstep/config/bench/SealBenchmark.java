package org.doorstep.config.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.doorstep.config.crypto.EvidenceCipher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of sealing and opening personal data at rest (Bouncy Castle AES-256-GCM and SM4-GCM): a 1.2 KiB
 * signed record (what the outbox and the fleet store seal per record) and a 64 KiB face frame (evidence).
 *
 * <pre>./mvnw -B -q -Pbench -pl firmware-config test-compile exec:exec -Dbench.args="SealBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s"</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SealBenchmark {
  @Param({"AES_256_GCM", "SM4_GCM"})
  public String algorithm;

  @Param({"1200", "65536"})
  public int size;

  private EvidenceCipher cipher;
  private byte[] plaintext;
  private byte[] sealed;
  private final byte[] ad = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  @Setup
  public void setUp() {
    EvidenceCipher.Algorithm alg = EvidenceCipher.Algorithm.valueOf(algorithm);
    cipher = new EvidenceCipher(alg, EvidenceCipher.generateKey(alg));
    plaintext = new byte[size];
    new Random(1).nextBytes(plaintext);
    sealed = cipher.sealToBytes(plaintext, ad);
  }

  @Benchmark
  public byte[] seal() {
    return cipher.sealToBytes(plaintext, ad);
  }

  @Benchmark
  public byte[] open() {
    return cipher.openBytes(sealed, ad);
  }
}
