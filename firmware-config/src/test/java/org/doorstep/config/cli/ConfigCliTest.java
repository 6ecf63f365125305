package org.doorstep.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.doorstep.config.contract.ConfigBundle;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DoorstepConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/** The CLI run in-process on temporary files: exit codes and what it prints. */
class ConfigCliTest {
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

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private String keygen(SignatureAlgorithm algorithm, String name) {
    Path priv = dir.resolve(name + ".pem");
    Path pub = dir.resolve(name + ".pub.pem");
    assertThat(run("keygen", "--algorithm", algorithm.wireName(), "--out", priv.toString(),
        "--public-out", pub.toString())).isZero();
    return name;
  }

  private String key(String name) {
    return dir.resolve(name + ".pem").toString();
  }

  private String pub(String name) {
    return dir.resolve(name + ".pub.pem").toString();
  }

  @Test
  void validate_validConfig_printsOkExit0() throws IOException {
    Path cfg = write("kiosk.yaml", "device: {id: kiosk-1}\n");

    assertThat(run("validate", cfg.toString())).isEqualTo(ConfigCli.OK);
    assertThat(out.toString()).isEqualTo("OK\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void validate_invalidConfig_printsEveryViolationExit1() throws IOException {
    Path cfg = write("kiosk.json", "{\"devices\":{\"printer\":{\"baud\":\"abc\",\"paperWidthMm\":70}},\"nope\":1}");

    assertThat(run("validate", cfg.toString())).isEqualTo(ConfigCli.INVALID);
    assertThat(err.toString().lines()).containsExactly(
        "devices.printer.baud: must be an integer, was 'abc'",
        "nope: unknown key (expected one of device, devices, services, policy, uplink, local, fleet, security)",
        "devices.printer.paperWidthMm: must be 58 or 80");
    assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void validate_missingFile_oneLineExit1() {
    assertThat(run("validate", dir.resolve("absent.yaml").toString())).isEqualTo(ConfigCli.INVALID);
    assertThat(err.toString().lines()).singleElement().asString().startsWith("absent.yaml: no such file");
  }

  @Test
  void validate_withoutArgument_isUsageErrorExit2() {
    assertThat(run("validate")).isEqualTo(ConfigCli.USAGE);
    assertThat(err.toString()).contains("Missing required parameter");
  }

  @Test
  void noCommand_isUsageErrorExit2() {
    assertThat(run()).isEqualTo(ConfigCli.USAGE);
    assertThat(err.toString()).contains("missing command");
  }

  @Test
  void unknownOption_isUsageErrorExit2() {
    assertThat(run("sign", "--bogus")).isEqualTo(ConfigCli.USAGE);
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void keygen_writesOwnerOnlyPrivateKeyAndPublicKey(SignatureAlgorithm algorithm) throws IOException {
    keygen(algorithm, "k");

    Path priv = dir.resolve("k.pem");
    assertThat(Files.readString(priv)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.getPosixFilePermissions(priv)).containsExactlyInAnyOrder(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Keys.algorithmOf(Keys.readPublicKey(dir.resolve("k.pub.pem")))).isEqualTo(algorithm);
    assertThat(out.toString()).contains(algorithm.wireName() + " private key ");
  }

  @Test
  void keygen_existingFile_isRefusedWithoutForce() throws IOException {
    keygen(SignatureAlgorithm.ED25519, "k");
    String before = Files.readString(dir.resolve("k.pem"));

    assertThat(run("keygen", "--out", key("k"))).isEqualTo(ConfigCli.INVALID);
    assertThat(err.toString()).contains("exists; use --force");
    assertThat(Files.readString(dir.resolve("k.pem"))).isEqualTo(before);
  }

  @Test
  void keygen_withoutPublicOut_printsPublicKey() {
    assertThat(run("keygen", "--out", key("solo"))).isZero();
    assertThat(out.toString()).contains("-----BEGIN PUBLIC KEY-----");
  }

  @Test
  void keygen_unknownAlgorithm_isUsageError() {
    assertThat(run("keygen", "--algorithm", "RSA", "--out", key("x"))).isEqualTo(ConfigCli.USAGE);
    assertThat(err.toString()).contains("unknown signature algorithm 'RSA'");
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void signThenVerify_untouchedFile_isValidExit0(SignatureAlgorithm algorithm) throws IOException {
    keygen(algorithm, "k");
    Path file = write("firmware.bin", "payload bytes\n");

    assertThat(run("sign", "--key", key("k"), file.toString())).isZero();
    String sig = Files.readString(dir.resolve("firmware.bin.sig"));
    assertThat(sig).startsWith("{\"alg\":\"" + algorithm.wireName() + "\",\"kid\":\"").contains("\"value\":\"");

    assertThat(run("verify", "--public-key", pub("k"), file.toString())).isZero();
    assertThat(out.toString()).contains("OK: valid " + algorithm.wireName() + " signature");
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void verify_tamperedFile_isInvalidExit1(SignatureAlgorithm algorithm) throws IOException {
    keygen(algorithm, "k");
    Path file = write("firmware.bin", "payload bytes\n");
    run("sign", "--key", key("k"), file.toString());
    Files.writeString(file, "payload bytes!\n");

    assertThat(run("verify", "--public-key", pub("k"), file.toString())).isEqualTo(ConfigCli.INVALID);
    assertThat(out.toString()).contains("INVALID: the signature does not match");
  }

  @Test
  void verify_wrongKey_isInvalidNamingBothKeys() throws IOException {
    keygen(SignatureAlgorithm.ED25519, "a");
    keygen(SignatureAlgorithm.ED25519, "b");
    Path file = write("f.txt", "x");
    run("sign", "--key", key("a"), file.toString());

    assertThat(run("verify", "--public-key", pub("b"), file.toString())).isEqualTo(ConfigCli.INVALID);
    assertThat(out.toString()).contains("INVALID:").contains("(it names key ");
  }

  @Test
  void verify_keyOfOtherAlgorithm_isInvalidExit1() throws IOException {
    keygen(SignatureAlgorithm.ED25519, "ed");
    keygen(SignatureAlgorithm.SM2_SM3, "sm");
    Path file = write("f.txt", "x");
    run("sign", "--key", key("ed"), file.toString());

    assertThat(run("verify", "--public-key", pub("sm"), file.toString())).isEqualTo(ConfigCli.INVALID);
    assertThat(out.toString()).contains("INVALID: the signature is Ed25519 but the public key is SM2-SM3");
  }

  @Test
  void verify_explicitSignatureFile_andGarbageSignature_isInvalid() throws IOException {
    keygen(SignatureAlgorithm.ED25519, "k");
    Path file = write("f.txt", "x");
    Path sig = write("other.sig", "not json");

    assertThat(run("verify", "--public-key", pub("k"), file.toString(), "--signature", sig.toString()))
        .isEqualTo(ConfigCli.INVALID);
    assertThat(out.toString()).contains("INVALID: ").contains("not valid JSON");
  }

  @Test
  void verify_missingSignatureFile_oneLineErrorExit1() throws IOException {
    keygen(SignatureAlgorithm.ED25519, "k");
    Path file = write("f.txt", "x");

    assertThat(run("verify", "--public-key", pub("k"), file.toString())).isEqualTo(ConfigCli.INVALID);
    assertThat(err.toString().lines()).singleElement().asString().startsWith("error: no such file: ");
  }

  @Test
  void sign_withPublicKeyInsteadOfPrivate_oneLineErrorExit1() throws IOException {
    keygen(SignatureAlgorithm.ED25519, "k");
    Path file = write("f.txt", "x");

    assertThat(run("sign", "--key", pub("k"), file.toString())).isEqualTo(ConfigCli.INVALID);
    // The message names the file first (issue 10, part 5), then the cause.
    assertThat(err.toString().lines()).singleElement().asString()
        .startsWith("error: " + pub("k") + ": expected a PEM 'PRIVATE KEY'");
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ED25519", "SM2_SM3"}) // the message algorithms
  void bundle_validConfig_printsSignedConfigEnvelopeThatLoads(SignatureAlgorithm algorithm) throws IOException {
    keygen(algorithm, "fleet");
    Path cfg = write("site.yaml", "device: {id: kiosk-5}\npolicy: {matchRetries: 2}\n");
    out.getBuffer().setLength(0);

    assertThat(run("bundle", "--key", key("fleet"), "--version", "12", cfg.toString())).isZero();

    WireMessage m = WireCodec.decode(out.toString().trim().getBytes(StandardCharsets.UTF_8));
    assertThat(m.type()).isEqualTo(MessageType.CONFIG);
    assertThat(m.verifiedBy(Keys.readPublicKey(Path.of(pub("fleet"))))).isTrue();
    ConfigBundle bundle = m.bodyAs(ConfigBundle.class);
    assertThat(bundle.version()).isEqualTo(12);
    DoorstepConfig loaded = ConfigLoader.withoutEnvironment().load(bundle.config());
    assertThat(loaded.device().id()).isEqualTo("kiosk-5");
    assertThat(loaded.policy().matchRetries()).isEqualTo(2);
  }

  @Test
  void bundle_invalidConfig_printsViolationsAndNoEnvelope() throws IOException {
    keygen(SignatureAlgorithm.ED25519, "fleet");
    Path cfg = write("site.yaml", "devices: {printer: {baud: 1}}\n");
    out.getBuffer().setLength(0);

    assertThat(run("bundle", "--key", key("fleet"), "--version", "1", cfg.toString())).isEqualTo(ConfigCli.INVALID);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("devices.printer.baud: must be one of");
  }

  @Test
  void bundle_versionZero_oneLineErrorExit1() throws IOException {
    keygen(SignatureAlgorithm.ED25519, "fleet");
    Path cfg = write("site.yaml", "{}\n");

    assertThat(run("bundle", "--key", key("fleet"), "--version", "0", cfg.toString())).isEqualTo(ConfigCli.INVALID);
    assertThat(err.toString()).isEqualTo("error: --version must be >= 1, was 0\n");
  }

  @Test
  void bundle_versionNotANumber_isUsageError() throws IOException {
    Path cfg = write("site.yaml", "{}\n");

    assertThat(run("bundle", "--key", key("fleet"), "--version", "two", cfg.toString())).isEqualTo(ConfigCli.USAGE);
  }

  @Test
  void help_listsEveryCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("validate", "keygen", "sign", "verify", "bundle", "csr");
  }

  @Test
  void main_commandLine_hasTheSameCommands() {
    assertThat(ConfigCli.commandLine().getSubcommands()).containsOnlyKeys("validate", "keygen", "sign", "verify", "bundle", "csr")
        .isNotNull();
  }
}
