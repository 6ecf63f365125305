package org.doorstep.config.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.doorstep.config.crypto.Csr;
import org.doorstep.config.crypto.KeyId;
import org.doorstep.config.crypto.Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code csr --device <id> --key <private.pem> [--out <device.csr.pem>]}: the PKCS#10 request a
 * device sends with its one-time token to the fleet's {@code POST /api/enrol}
 * (docs/wire-protocol.md section 9).
 */
@Command(name = "csr", description = "Create a device certificate signing request (PEM) for enrolment.")
final class CsrCommand extends CliCommand {
  @Option(names = "--device", required = true, description = "device id, [A-Za-z0-9._-]{1,64}: the subject CN")
  String device;

  @Option(names = "--key", required = true, paramLabel = "<private.pem>", description = "the device's private key (Ed25519 or SM2)")
  Path key;

  @Option(names = "--out", paramLabel = "<device.csr.pem>", description = "file to write; without it the CSR is printed")
  Path outFile;

  @Override
  int execute() throws IOException {
    var pair = Keys.readKeyPair(key);
    String pem = Csr.create(device, pair).toPem();
    if (outFile == null) {
      out().print(pem);
    } else {
      Files.writeString(outFile, pem, StandardCharsets.US_ASCII);
      out().println("CSR for " + device + " (key " + KeyId.of(pair.getPublic()) + ") written to " + outFile);
    }
    return ConfigCli.OK;
  }
}
