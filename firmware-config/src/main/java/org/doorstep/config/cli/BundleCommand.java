package org.doorstep.config.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.doorstep.config.contract.ConfigBundle;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.Signer;
import org.doorstep.config.profile.ConfigException;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.ConfigViolation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bundle --key <fleet-private.pem> --version N <config>}: validates the config (over the
 * defaults, without environment overrides) and prints a signed v1 {@code config} envelope whose body
 * carries the document as written.
 */
@Command(name = "bundle", description = "Validate a config and print it as a signed v1 config envelope (the payload of doorstep/v1/{deviceId}/config).")
final class BundleCommand extends CliCommand {
  @Option(names = "--key", required = true, paramLabel = "<fleet-private.pem>", description = "the fleet's config signing key (PEM)")
  Path key;

  @Option(names = "--version", required = true, paramLabel = "N", description = "config version, >= 1, higher than any before")
  long version;

  @Parameters(paramLabel = "<config>", description = "config file: .yaml, .yml or .json")
  Path config;

  @Option(names = "--out", paramLabel = "<file>", description = "write the envelope to this file instead of standard output")
  Path target;

  @Override
  int execute() throws IOException {
    if (version < 1) {
      throw new IllegalArgumentException("--version must be >= 1, was " + version);
    }
    JsonNode document = ConfigLoader.readDocument(config);
    List<ConfigViolation> violations = ConfigLoader.withoutEnvironment().check(document);
    if (!violations.isEmpty()) {
      throw new ConfigException(violations);
    }
    Signer signer = new Signer(Keys.readKeyPair(key));
    byte[] envelope = WireCodec.encodeSigned(MessageType.CONFIG, new ConfigBundle(version, document), signer);
    if (target != null) {
      Files.write(target, envelope);
      out().println("config version " + version + " signed by " + signer.keyId() + ": " + target);
    } else {
      out().println(new String(envelope, StandardCharsets.UTF_8));
    }
    return ConfigCli.OK;
  }
}
