package org.doorstep.fleet.operators;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.fleet.store.OperatorStore;
import org.doorstep.fleet.store.OperatorStore.OperatorRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator accounts: creation (the API token is returned once and stored as its SHA-256),
 * authentication of a presented token, listing and revocation.
 *
 * <p>Tokens are {@value #TOKEN_PREFIX} followed by 32 random bytes in base64url: 256 bits cannot be
 * guessed, so a fast unsalted hash is enough to store them (unlike passwords), and the prefix lets
 * secret scanners recognise a leaked token.
 *
 * <p>Threads: callable from any thread; JDBC on the store's workers. Failures: {@link OperatorException}
 * for every refusal (logged here once, with its reason, never with the token), store failures as they come.
 */
public final class OperatorService {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorService.class);
  /** Prefix of every operator token. */
  public static final String TOKEN_PREFIX = "dso_";
  private static final int TOKEN_BYTES = 32;
  /** How long a new API token is accepted. */
  public static final Duration TOKEN_LIFETIME = Duration.ofDays(90);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A newly created account with its token, which exists only here.
   *
   * @param operator the account
   * @param token    the API token to hand to the operator (shown once)
   */
  public record NewOperator(Operator operator, String token) {
    /** Validates presence. */
    public NewOperator {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(token, "token");
    }

    /** Leaves the token out. */
    @Override
    public String toString() {
      return "NewOperator[" + operator + "]";
    }
  }

  private final OperatorStore store;
  private final Clock clock;

  /**
   * @param store where accounts live
   * @param clock creation and revocation times
   */
  public OperatorService(OperatorStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates an account.
   *
   * @param name   login name ({@value Operator#NAME_SYNTAX})
   * @param role   role name, case-insensitive
   * @param region {@value RegionScope#NATIONAL} or a GB/T 2260 code prefix
   * @return the account and its token; fails with {@link OperatorException} {@code INVALID} naming the
   *     field, or {@code NAME_TAKEN}
   */
  public Future<NewOperator> create(String name, String role, String region) {
    Operator operator;
    try {
      operator = new Operator(name, Role.parse(role), RegionScope.of(region), clock.instant(), Optional.empty());
    } catch (IllegalArgumentException e) {
      return refuse(OperatorException.Reason.INVALID, e.getMessage());
    }
    String token = newToken();
    OperatorRow row = new OperatorRow(operator.name(), operator.role().name(), operator.region().code(), hash(token),
        operator.createdAt(), Optional.empty(), Optional.of(operator.createdAt().plus(TOKEN_LIFETIME)));
    return store.saveOperator(row).compose(saved -> {
      if (!saved) {
        return refuse(OperatorException.Reason.NAME_TAKEN, "name: operator " + name + " already exists");
      }
      LOG.info("Operator {} created: role {}, region {}", operator.name(), operator.role(), operator.region());
      return Future.succeededFuture(new NewOperator(operator, token));
    });
  }

  /**
   * The active operator holding {@code token}.
   *
   * @param token the bearer token presented; null or blank when the request had none
   * @return fails with {@link OperatorException} {@code NO_TOKEN}, {@code UNKNOWN_TOKEN} or
   *     {@code TOKEN_REVOKED} (the caller logs the refusal with the request it belongs to)
   */
  public Future<Operator> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return refuse(OperatorException.Reason.NO_TOKEN, "an operator token is required (Authorization: Bearer …)");
    }
    if (token.length() > 256) {
      return refuse(OperatorException.Reason.UNKNOWN_TOKEN, "unknown operator token");
    }
    return store.findOperatorByToken(hash(token)).compose(found -> {
      if (found.isEmpty()) {
        return refuse(OperatorException.Reason.UNKNOWN_TOKEN, "unknown operator token");
      }
      Operator o = operator(found.get());
      if (o.revoked()) {
        return refuse(OperatorException.Reason.TOKEN_REVOKED, "operator " + o.name() + " was revoked at "
            + o.revokedAt().orElseThrow());
      }
      Optional<Instant> expires = found.get().tokenExpiresAt();
      if (expires.isPresent() && !clock.instant().isBefore(expires.get())) {
        return refuse(OperatorException.Reason.TOKEN_EXPIRED, "the token of operator " + o.name() + " expired at "
            + expires.get() + "; an administrator makes a new account (or sign in with a password)");
      }
      return Future.succeededFuture(o);
    });
  }

  /** Every account, by name. */
  public Future<List<Operator>> list() {
    return store.listOperators().map(rows -> rows.stream().map(OperatorService::operator).toList());
  }

  /**
   * Revokes an account: its token is refused from the next request on.
   *
   * @return fails with {@link OperatorException} {@code NOT_FOUND}
   */
  public Future<Void> revoke(String name) {
    Instant now = clock.instant();
    return store.revokeOperator(name, now).compose(found -> {
      if (!found) {
        return refuse(OperatorException.Reason.NOT_FOUND, "name: no operator " + name);
      }
      LOG.info("Operator {} revoked", name);
      return Future.succeededFuture();
    });
  }

  /**
   * A fresh token for an active account, valid {@link #TOKEN_LIFETIME}; the old one is refused from now on.
   *
   * @return the new token (shown once) and its expiry; fails {@code NOT_FOUND} when there is no active operator of
   *     that name
   */
  public Future<RenewedToken> renewToken(String name) {
    String token = newToken();
    Instant expiresAt = clock.instant().plus(TOKEN_LIFETIME);
    return store.replaceToken(name, hash(token), expiresAt).compose(found -> {
      if (!found) {
        return refuse(OperatorException.Reason.NOT_FOUND, "name: no active operator " + name);
      }
      LOG.info("Operator {} has a new token, valid until {}", name, expiresAt);
      return Future.succeededFuture(new RenewedToken(token, expiresAt));
    });
  }

  /** A renewed token (shown once) and when it expires. */
  public record RenewedToken(String token, Instant expiresAt) {
    /** Leaves the token out. */
    @Override
    public String toString() {
      return "RenewedToken[expires " + expiresAt + "]";
    }
  }

  private static Operator operator(OperatorRow r) {
    return new Operator(r.name(), Role.parse(r.role()), RegionScope.of(r.region()), r.createdAt(), r.revokedAt());
  }

  /** A fresh token: {@value #TOKEN_PREFIX} + 32 random bytes, base64url without padding. */
  public static String newToken() {
    byte[] b = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(b);
    return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** SHA-256 of the token's UTF-8 bytes, lower-case hex: what the store keeps (of tokens and session ids alike). */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static <T> Future<T> refuse(OperatorException.Reason reason, String message) {
    return Future.failedFuture(new OperatorException(reason, message));
  }
}
