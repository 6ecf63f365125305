package org.doorstep.config.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.Signer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sign --key <private.pem> <file>}: writes {@code <file>.sig}. */
@Command(name = "sign", description = "Sign a file's raw bytes; writes a detached signature <file>.sig as JSON {alg, kid, value}.")
final class SignCommand extends CliCommand {
  @Option(names = "--key", required = true, paramLabel = "<private.pem>", description = "private key (PEM)")
  Path key;

  @Parameters(paramLabel = "<file>", description = "file to sign")
  Path file;

  @Option(names = "--out", paramLabel = "<file.sig>", description = "signature file (default <file>.sig)")
  Path sigOut;

  @Override
  int execute() throws IOException {
    Signer signer = new Signer(Keys.readKeyPair(key));
    byte[] data = Files.readAllBytes(file);
    DetachedSignature sig = new DetachedSignature(signer.algorithm(), signer.keyId(), signer.sign(data));
    Path target = sigOut != null ? sigOut : file.resolveSibling(file.getFileName() + ".sig");
    Files.write(target, sig.toBytes());
    out().println("signed " + file + " with " + signer.algorithm().wireName() + " key " + signer.keyId()
        + ": " + target);
    return ConfigCli.OK;
  }
}
