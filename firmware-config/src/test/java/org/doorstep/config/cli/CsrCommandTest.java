package org.doorstep.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/** {@code doorstep-config csr}: a self-signed request naming the device, for both algorithms. */
class CsrCommandTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new ConfigCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void csr_names_the_device_and_is_signed_by_its_key(SignatureAlgorithm algorithm) throws Exception {
    var pair = Keys.generate(algorithm);
    Path key = dir.resolve("device.pem");
    Keys.writePrivateKey(key, pair.getPrivate());
    Path csrFile = dir.resolve("device.csr.pem");

    int code = run("csr", "--device", "kiosk-0042", "--key", key.toString(), "--out", csrFile.toString());

    assertThat(code).as(err.toString()).isZero();
    Csr csr = Csr.fromPem(Files.readString(csrFile));
    assertThat(csr.deviceId()).contains("kiosk-0042");
    assertThat(csr.signatureValid()).isTrue();
    assertThat(csr.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void invalid_device_id_is_refused(SignatureAlgorithm algorithm) {
    Path key = dir.resolve("device.pem");
    Keys.writePrivateKey(key, Keys.generate(algorithm).getPrivate());

    assertThat(run("csr", "--device", "kiosk/1", "--key", key.toString())).isNotZero();
    assertThat(err.toString()).contains("deviceId");
  }
}
