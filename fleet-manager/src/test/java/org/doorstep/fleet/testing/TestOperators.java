package org.doorstep.fleet.testing;

import static org.doorstep.fleet.testing.Futures.await;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.doorstep.fleet.operators.OperatorService;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.store.OperatorStore;

/**
 * Operator accounts for API tests: creates one through the real {@link OperatorService} (token hashed
 * into the store) and returns its bearer token.
 */
public final class TestOperators {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private TestOperators() {}

  /** A new operator with {@code role} in {@code region} ({@code "86"} = national); its token. */
  public static String token(OperatorStore store, Role role, String region) {
    return await(new OperatorService(store, Clock.systemUTC())
        .create(role.name().toLowerCase(java.util.Locale.ROOT) + "-" + region + "-" + SEQ.incrementAndGet(),
            role.name(), region)).token();
  }

  /** A national ADMIN's token, created through a running fleet's service. */
  public static String admin(OperatorService operators) {
    return await(operators.create("admin-" + SEQ.incrementAndGet(), "ADMIN", "86")).token();
  }

  /** A national ADMIN's token. */
  public static String admin(OperatorStore store) {
    return token(store, Role.ADMIN, "86");
  }
}
