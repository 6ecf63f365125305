package org.doorstep.config.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keygen --algorithm Ed25519|SM2-SM3 --out <private.pem> [--public-out <pub.pem>]}. */
@Command(name = "keygen", description = "Generate a key pair: private key as PKCS#8 PEM (mode 0600), public key as PEM.")
final class KeygenCommand extends CliCommand {
  @Option(names = "--algorithm", defaultValue = "Ed25519", converter = AlgorithmConverter.class,
      description = "Ed25519 (default) or SM2-SM3")
  SignatureAlgorithm algorithm;

  @Option(names = "--out", required = true, paramLabel = "<private.pem>", description = "private key file to write")
  Path out;

  @Option(names = "--public-out", paramLabel = "<pub.pem>", description = "public key file to write; without it the public key is printed")
  Path publicOut;

  @Option(names = "--force", description = "replace existing files")
  boolean force;

  @Override
  int execute() {
    for (Path p : publicOut == null ? new Path[] {out} : new Path[] {out, publicOut}) {
      if (!force && Files.exists(p)) {
        throw new IllegalArgumentException(p + " exists; use --force to replace it");
      }
    }
    KeyPair pair = Keys.generate(algorithm);
    Keys.writePrivateKey(out, pair.getPrivate());
    String kid = KeyId.of(pair.getPublic());
    out().println(algorithm.wireName() + " private key " + kid + " written to " + out);
    if (publicOut != null) {
      Keys.writePublicKey(publicOut, pair.getPublic());
      out().println("public key written to " + publicOut);
    } else {
      out().print(Keys.toPem(pair.getPublic()));
    }
    return ConfigCli.OK;
  }

  /** Accepts the wire names (case-insensitive) and the enum names. */
  static final class AlgorithmConverter implements picocli.CommandLine.ITypeConverter<SignatureAlgorithm> {
    @Override
    public SignatureAlgorithm convert(String value) {
      try {
        return SignatureAlgorithm.fromWireName(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
