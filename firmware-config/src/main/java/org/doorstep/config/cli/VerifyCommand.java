package org.doorstep.config.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code verify --public-key <pub.pem> <file> [--signature <file>.sig]}: exit 0 valid, 1 invalid. */
@Command(name = "verify", description = "Verify a detached signature made by 'sign'. Exit 0 when valid, 1 when not.")
final class VerifyCommand extends CliCommand {
  @Option(names = "--public-key", required = true, paramLabel = "<pub.pem>", description = "public key (PEM)")
  Path publicKey;

  @Parameters(paramLabel = "<file>", description = "signed file")
  Path file;

  @Option(names = "--signature", paramLabel = "<file.sig>", description = "signature file (default <file>.sig)")
  Path signature;

  @Override
  int execute() throws IOException {
    PublicKey key = Keys.readPublicKey(publicKey);
    String kid = KeyId.of(key);
    SignatureAlgorithm keyAlgorithm = Keys.algorithmOf(key);
    Path sigFile = signature != null ? signature : file.resolveSibling(file.getFileName() + ".sig");
    byte[] data = Files.readAllBytes(file);
    DetachedSignature sig;
    try {
      sig = DetachedSignature.parse(Files.readAllBytes(sigFile));
    } catch (IllegalArgumentException e) {
      out().println("INVALID: " + sigFile + ": " + e.getMessage());
      return ConfigCli.INVALID;
    }
    if (sig.algorithm() != keyAlgorithm) {
      out().println("INVALID: the signature is " + sig.algorithm().wireName() + " but the public key is "
          + keyAlgorithm.wireName());
      return ConfigCli.INVALID;
    }
    if (!Signatures.verify(sig.algorithm(), key, data, sig.value())) {
      out().println("INVALID: the signature does not match " + file + " and key " + kid
          + (sig.keyId().equals(kid) ? "" : " (it names key " + sig.keyId() + ")"));
      return ConfigCli.INVALID;
    }
    out().println("OK: valid " + sig.algorithm().wireName() + " signature by key " + kid
        + (sig.keyId().equals(kid) ? "" : " (the signature file names key " + sig.keyId() + ")"));
    return ConfigCli.OK;
  }
}
