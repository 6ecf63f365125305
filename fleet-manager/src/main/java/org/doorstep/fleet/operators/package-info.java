/**
 * Operators of the fleet's HTTPS API (issue #6): accounts with a role and a region scope,
 * authenticated by an API token that is shown once and stored hashed.
 *
 * <ul>
 *   <li>{@link org.doorstep.fleet.operators.Role} and {@link org.doorstep.fleet.operators.Permission}:
 *       what each role may do (pure).</li>
 *   <li>{@link org.doorstep.fleet.operators.RegionScope}: which devices an operator sees and acts on, by
 *       GB/T 2260 code prefix (pure).</li>
 *   <li>{@link org.doorstep.fleet.operators.OperatorService}: create, authenticate, list and revoke
 *       accounts over an {@link org.doorstep.fleet.store.OperatorStore}.</li>
 * </ul>
 * The HTTP side (bearer tokens, 401/403 answers) is {@link org.doorstep.fleet.web.OperatorAuth}.
 */
package org.doorstep.fleet.operators;
