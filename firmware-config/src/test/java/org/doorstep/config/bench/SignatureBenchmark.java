package org.doorstep.config.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.PersonName;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sign and verify throughput per algorithm, on a real record envelope (what the agent signs and the
 * fleet verifies), plus the decode + canonicalise cost that comes with every verification.
 *
 * <pre>./mvnw -B -q -Pbench -pl firmware-config test-compile exec:exec -Dbench.args="SignatureBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s"</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureBenchmark {
  @Param({"Ed25519", "SM2-SM3"})
  public String algorithm;

  private Signer signer;
  private CertificationRecord record;
  private byte[] envelope;
  private WireMessage decoded;
  private byte[] raw;

  @Setup
  public void setUp() {
    signer = new Signer(Keys.generate(SignatureAlgorithm.fromWireName(algorithm)));
    record = new CertificationRecord("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "kiosk-001", 42,
        "certification", CertificationRecord.Mode.SELF,
        new CertificationRecord.Subject(CertificationRecord.CardType.RESIDENT,
            IdNumber.of("11010519491231002X"), PersonName.of("张三")),
        Optional.empty(),
        Optional.of(new CertificationRecord.Liveness(true,
            List.of(new CertificationRecord.Challenge("BLINK", true, 1800),
                new CertificationRecord.Challenge("TURN_LEFT", true, 2100)), 930, 700)),
        Optional.of(new CertificationRecord.FaceMatch(true, 812, 600, "id-card-photo")),
        CertificationRecord.Outcome.CERTIFIED, List.of(), 3, "0.1.0",
        Instant.parse("2026-11-23T08:00:00Z"));
    envelope = WireCodec.encodeSigned(MessageType.RECORD, record, signer);
    decoded = WireCodec.decode(envelope);
    raw = "x".repeat(600).getBytes(StandardCharsets.US_ASCII);
    if (!decoded.verifiedBy(signer.publicKey())) {
      throw new IllegalStateException("benchmark fixture does not verify");
    }
  }

  /** Raw signature over 600 bytes (the research baseline's message size). */
  @Benchmark
  public byte[] signRaw600() {
    return signer.sign(raw);
  }

  /** Encode + canonicalise + sign a whole record envelope (agent side). */
  @Benchmark
  public byte[] encodeAndSignRecord() {
    return WireCodec.encodeSigned(MessageType.RECORD, record, signer);
  }

  /** Verify an already decoded envelope. */
  @Benchmark
  public boolean verifyRecord() {
    return decoded.verifiedBy(signer.publicKey());
  }

  /** Decode + canonicalise + verify (fleet side, per inbound record). */
  @Benchmark
  public boolean decodeAndVerifyRecord() {
    return WireCodec.decode(envelope).verifiedBy(signer.publicKey());
  }
}
