package org.doorstep.fleet.operators;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.List;
import org.doorstep.fleet.cli.StoreCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleet-manager operators …}: operator accounts straight on the store (a subcommand of
 * {@code FleetMain}); how the first ADMIN is made.
 *
 * <pre>
 * fleet-manager operators add --name alice --role ADMIN --region 86 [--config f]   prints the token once
 * fleet-manager operators list [--config f]
 * fleet-manager operators revoke --name alice [--config f]
 * fleet-manager operators token --name alice [--config f]                          prints a new token once
 * </pre>
 * Exit codes: 0 done, 1 refused or store failure (message on stderr), 2 usage or config error.
 */
@Command(name = "operators", mixinStandardHelpOptions = true, description = "Operator accounts of the HTTPS API.",
    subcommands = {OperatorsCommand.Add.class, OperatorsCommand.ListOperators.class, OperatorsCommand.Revoke.class,
        OperatorsCommand.Token.class})
public final class OperatorsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Prints the usage: a subcommand is required. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** What every subcommand shares. */
  abstract static class OperatorsStoreCommand extends StoreCommand {
    /** A taken name, an unknown role or region: a message and exit code 1. */
    @Override
    protected List<Class<? extends RuntimeException>> refusals() {
      return List.of(OperatorException.class);
    }

    /** Opens the store, runs {@code work} with a service over it, prints its result, closes everything. */
    int withOperators(Function<OperatorService, Future<String>> work) {
      return withStores((vertx, cfg, stores) -> work.apply(new OperatorService(stores.operators(), Clock.systemUTC())));
    }
  }

  /** {@code operators add}: prints the new account's token on stdout, once. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Create an operator; prints its API token once (only its hash is stored).")
  static final class Add extends OperatorsStoreCommand {
    @Option(names = "--name", required = true, description = "login name, " + Operator.NAME_SYNTAX)
    String name;

    @Option(names = "--role", required = true,
        description = "ADMIN, FLEET_OPERATOR, ROLLOUT_APPROVER, AUDITOR (or HANDLER, REVIEWER, APPROVER)")
    String role;

    @Option(names = "--region", required = true,
        description = "86 = national, or a GB/T 2260 prefix: 44 (province), 4401 (city), 440106 (county)")
    String region;

    @Override
    public Integer call() {
      return withOperators(ops -> ops.create(name, role, region).map(created -> {
        Operator o = created.operator();
        spec.commandLine().getErr().println("operator " + o.name() + " (" + o.role() + ", region " + o.region()
            + ") created; its token follows, shown once: send it as 'Authorization: Bearer <token>'");
        return created.token();
      }));
    }
  }

  /** {@code operators list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List operators.")
  static final class ListOperators extends OperatorsStoreCommand {
    @Override
    public Integer call() {
      return withOperators(ops -> ops.list().map(all -> {
        StringBuilder sb = new StringBuilder(String.format("%-24s %-16s %-8s %-26s %s%n", "NAME", "ROLE", "REGION",
            "CREATED", "REVOKED"));
        for (Operator o : all) {
          sb.append(String.format("%-24s %-16s %-8s %-26s %s%n", o.name(), o.role(), o.region(), o.createdAt(),
              o.revokedAt().map(Object::toString).orElse("-")));
        }
        return sb.toString().stripTrailing();
      }));
    }
  }

  /** {@code operators revoke}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an operator: its token is refused.")
  static final class Revoke extends OperatorsStoreCommand {
    @Option(names = "--name", required = true, description = "login name")
    String name;

    @Override
    public Integer call() {
      return withOperators(ops -> ops.revoke(name).map(v -> "revoked operator " + name));
    }
  }

  /** {@code operators token}: a new token (the old one is refused from then on), e.g. when one expired. */
  @Command(name = "token", mixinStandardHelpOptions = true,
      description = "Give an operator a new API token (valid 90 days); prints it once, the old one stops working.")
  static final class Token extends OperatorsStoreCommand {
    @Option(names = "--name", required = true, description = "login name")
    String name;

    @Override
    public Integer call() {
      return withOperators(ops -> ops.renewToken(name).map(t -> {
        spec.commandLine().getErr().println("operator " + name + " has a new token, valid until " + t.expiresAt()
            + "; it follows, shown once");
        return t.token();
      }));
    }
  }
}
