package org.doorstep.fleet.operators;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An operator account (never its token).
 *
 * @param name      login name, {@value #NAME_SYNTAX}
 * @param role      what the operator may do
 * @param region    where
 * @param createdAt when the account was created
 * @param revokedAt when it was revoked; empty while active
 */
public record Operator(String name, Role role, RegionScope region, Instant createdAt, Optional<Instant> revokedAt) {
  /** Name syntax. */
  public static final String NAME_SYNTAX = "[A-Za-z0-9._@-]{1,64}";
  private static final Pattern NAME = Pattern.compile(NAME_SYNTAX);

  /** Validates every member. */
  public Operator {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name: must match " + NAME_SYNTAX);
    }
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(createdAt, "createdAt");
    revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
  }

  /** Whether the account is revoked. */
  public boolean revoked() {
    return revokedAt.isPresent();
  }

  /** Whether the role allows {@code p} (the region is checked separately, per device). */
  public boolean may(Permission p) {
    return role.allows(p);
  }
}
