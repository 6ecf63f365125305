/**
 * Sign-in to the console with user name and password (issue #12): passwords hashed with Argon2id
 * ({@link org.doorstep.fleet.signin.PasswordHasher}, Bouncy Castle), lockout after repeated failures
 * ({@link org.doorstep.fleet.signin.Lockout}, pure), sessions with idle and absolute expiry and a CSRF token
 * ({@link org.doorstep.fleet.signin.SignInService} over {@link org.doorstep.fleet.signin.SignInStore}). The HTTP side
 * (cookie, CSRF header check) is {@code web.SignInApi} and {@code web.OperatorAuth}. API tokens stay the way for
 * scripts. See fleet-manager/README.md, "Sign-in".
 */
package org.doorstep.fleet.signin;
