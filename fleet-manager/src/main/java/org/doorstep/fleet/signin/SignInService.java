package org.doorstep.fleet.signin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.fleet.operators.Operator;
import org.doorstep.fleet.operators.OperatorException;
import org.doorstep.fleet.operators.OperatorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password sign-in and console sessions. A sign-in checks the Argon2id hash on a worker, counts failures
 * ({@link Lockout}) and, on success, opens a session: a random id for the cookie and a random CSRF token for the page,
 * of which only the SHA-256 is stored. A session expires after {@link SignInPolicy#sessionIdle()} without use or
 * {@link SignInPolicy#sessionMax()} after sign-in; a revoked operator's sessions are refused; a new password ends all
 * of the operator's sessions.
 *
 * <p>An unknown name, a revoked account, an account without a password and a wrong password are all answered
 * {@code BAD_CREDENTIALS} after the same hashing work (no account enumeration by answer or by time); only a locked
 * account is told so, with the time the lock ends.
 *
 * <p>Threads: callable from any thread; the hashing on Vert.x workers. Failures: {@link OperatorException}.
 */
public final class SignInService {
  private static final Logger LOG = LoggerFactory.getLogger(SignInService.class);
  /** A session's last use is written at most this often (each request would otherwise write). */
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  private static final int LOCKOUT_RETRIES = 3;

  private final Vertx vertx;
  private final SignInStore store;
  private final SignInPolicy policy;
  private final Clock clock;

  public SignInService(Vertx vertx, SignInStore store, SignInPolicy policy, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The rules in force. */
  public SignInPolicy policy() {
    return policy;
  }

  /**
   * A new session: {@code id} goes into the cookie, {@code csrfToken} to the page. Both exist only here.
   *
   * @param expiresAt the latest the session can last (absolute expiry; idle expiry may end it sooner)
   */
  public record Session(String id, String csrfToken, Operator operator, Instant expiresAt) {
    /** Leaves the secrets out. */
    @Override
    public String toString() {
      return "Session[" + operator.name() + ", expires " + expiresAt + "]";
    }
  }

  /**
   * An authenticated session.
   *
   * @param idHash   SHA-256 of the session id
   * @param csrfHash SHA-256 of its CSRF token
   */
  public record Authenticated(Operator operator, String idHash, String csrfHash) {
    /** Whether {@code presented} is the session's CSRF token (constant-time comparison of the hashes). */
    public boolean csrfMatches(String presented) {
      return presented != null && presented.length() <= 256 && MessageDigest.isEqual(
          OperatorService.hash(presented).getBytes(StandardCharsets.US_ASCII), csrfHash.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** Signs in with name and password; fails {@code BAD_CREDENTIALS}, {@code LOCKED} (see the class comment). */
  public Future<Session> signIn(String name, String password) {
    if (name == null || password == null || name.length() > 64 || password.length() > SignInPolicy.MAX_PASSWORD_LENGTH) {
      return badCredentials(name);
    }
    return store.account(name).compose(found -> {
      Instant now = clock.instant();
      if (found.isPresent() && found.get().lockout().locked(now)) {
        return locked(found.get().operator().name(), found.get().lockout().lockedUntil().orElseThrow());
      }
      Optional<String> hash = found.filter(a -> !a.operator().revoked()).flatMap(SignInStore.Account::passwordHash);
      return vertx.executeBlocking(() -> {
        if (hash.isEmpty()) {
          PasswordHasher.burn(password);
          return false;
        }
        return PasswordHasher.matches(password, hash.get());
      }, false).compose(ok -> {
        if (hash.isEmpty()) {
          return badCredentials(name);
        }
        return ok ? open(found.get().operator()) : failed(found.get().operator().name(), 0);
      });
    });
  }

  /** Counts a failure (compare and set, retried) and refuses; locks when the count reaches the limit. */
  private Future<Session> failed(String name, int attempt) {
    return store.account(name).compose(a -> {
      if (a.isEmpty()) {
        return badCredentials(name);
      }
      Lockout before = a.get().lockout();
      Lockout after = before.failed(clock.instant(), policy);
      return store.replaceLockout(name, before, after).compose(replaced -> {
        if (!replaced && attempt < LOCKOUT_RETRIES) {
          return failed(name, attempt + 1);
        }
        if (after.lockedUntil().isPresent() && !before.locked(clock.instant())) {
          LOG.warn("Operator {} locked until {} after {} failed sign-ins", name, after.lockedUntil().get(),
              policy.maxFailures());
          return locked(name, after.lockedUntil().get());
        }
        return badCredentials(name);
      });
    });
  }

  private Future<Session> open(Operator operator) {
    Instant now = clock.instant();
    String id = OperatorService.newToken();
    String csrf = OperatorService.newToken();
    return store.account(operator.name())
        .compose(a -> a.isPresent() && a.get().lockout().failures() > 0
            ? store.replaceLockout(operator.name(), a.get().lockout(), Lockout.CLEAR).mapEmpty()
            : Future.succeededFuture())
        .compose(v -> store.deleteExpired(now.minus(policy.sessionIdle()), now.minus(policy.sessionMax())))
        .compose(v -> store.saveSession(OperatorService.hash(id), operator.name(), OperatorService.hash(csrf), now))
        .map(v -> {
          LOG.info("Operator {} signed in with a password", operator.name());
          return new Session(id, csrf, operator, now.plus(policy.sessionMax()));
        });
  }

  /**
   * The operator of the session whose cookie carries {@code sessionId}; fails {@code UNKNOWN_SESSION},
   * {@code SESSION_EXPIRED} (the session is deleted) or {@code TOKEN_REVOKED}.
   */
  public Future<Authenticated> authenticate(String sessionId) {
    if (sessionId == null || sessionId.isBlank() || sessionId.length() > 256) {
      return refuse(OperatorException.Reason.UNKNOWN_SESSION, "no session: sign in again");
    }
    String idHash = OperatorService.hash(sessionId);
    return store.session(idHash).compose(found -> {
      if (found.isEmpty()) {
        return refuse(OperatorException.Reason.UNKNOWN_SESSION, "no session: sign in again");
      }
      SignInStore.StoredSession s = found.get();
      Instant now = clock.instant();
      if (!now.isBefore(s.lastSeenAt().plus(policy.sessionIdle())) || !now.isBefore(s.createdAt().plus(policy.sessionMax()))) {
        return store.deleteSession(idHash).compose(v -> refuse(OperatorException.Reason.SESSION_EXPIRED,
            "the session has expired: sign in again"));
      }
      if (s.operator().revoked()) {
        return refuse(OperatorException.Reason.TOKEN_REVOKED, "operator " + s.operator().name() + " was revoked at "
            + s.operator().revokedAt().orElseThrow());
      }
      Future<Void> touched = Duration.between(s.lastSeenAt(), now).compareTo(TOUCH_EVERY) >= 0
          ? store.touch(idHash, now) : Future.succeededFuture();
      return touched.map(v -> new Authenticated(s.operator(), idHash, s.csrfHash()));
    });
  }

  /** Ends the session. */
  public Future<Void> signOut(Authenticated session) {
    LOG.info("Operator {} signed out", session.operator().name());
    return store.deleteSession(session.idHash());
  }

  /**
   * Sets {@code name}'s password (hashed on a worker), clears its lockout and ends its sessions.
   *
   * @return fails {@code INVALID} for a password outside the length bounds, {@code NOT_FOUND} for no such operator
   */
  public Future<Void> setPassword(String name, String password) {
    if (password == null || password.length() < policy.minPasswordLength()
        || password.length() > SignInPolicy.MAX_PASSWORD_LENGTH) {
      return refuse(OperatorException.Reason.INVALID, "password: must be " + policy.minPasswordLength() + " to "
          + SignInPolicy.MAX_PASSWORD_LENGTH + " characters");
    }
    return vertx.executeBlocking(() -> PasswordHasher.hash(password), false)
        .compose(hash -> store.setPassword(name, hash))
        .compose(found -> {
          if (!found) {
            return refuse(OperatorException.Reason.NOT_FOUND, "name: no operator " + name);
          }
          LOG.info("Password of operator {} set; its sessions ended", name);
          return Future.succeededFuture();
        });
  }

  /**
   * Whether {@code name} may set its own password given {@code currentPassword}: yes when it has none yet (its
   * first, set after signing in with its token), otherwise only when {@code currentPassword} is right.
   */
  public Future<Boolean> mayChangeOwn(String name, String currentPassword) {
    return store.account(name).compose(a -> {
      Optional<String> hash = a.flatMap(SignInStore.Account::passwordHash);
      if (hash.isEmpty()) {
        return Future.succeededFuture(a.isPresent());
      }
      if (currentPassword == null || currentPassword.length() > SignInPolicy.MAX_PASSWORD_LENGTH) {
        return Future.succeededFuture(false);
      }
      return vertx.executeBlocking(() -> PasswordHasher.matches(currentPassword, hash.get()), false);
    });
  }

  /** The operator named {@code name}, if any. */
  public Future<Optional<Operator>> find(String name) {
    return store.account(name).map(a -> a.map(SignInStore.Account::operator));
  }

  private <T> Future<T> badCredentials(String name) {
    LOG.warn("Password sign-in refused for '{}': BAD_CREDENTIALS", name == null ? "" : name.length() > 64
        ? name.substring(0, 64) + "…" : name);
    return refuse(OperatorException.Reason.BAD_CREDENTIALS, "user name or password is wrong");
  }

  private <T> Future<T> locked(String name, Instant until) {
    return Future.failedFuture(new LockedException(name, until));
  }

  private static <T> Future<T> refuse(OperatorException.Reason reason, String message) {
    return Future.failedFuture(new OperatorException(reason, message));
  }

  /** {@code LOCKED}, with the instant the lock ends (for {@code Retry-After}). */
  public static final class LockedException extends OperatorException {
    private final transient Instant until;

    LockedException(String name, Instant until) {
      super(Reason.LOCKED, "operator " + name + " is locked after repeated failed sign-ins until " + until
          + "; try again then, or ask an administrator to set a new password");
      this.until = until;
    }

    /** When the lock ends. */
    public Instant until() {
      return until;
    }
  }
}
