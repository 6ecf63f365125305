/**
 * What the fleet's command-line commands share: {@link org.doorstep.fleet.cli.StoreCommand}, the
 * picocli base of every command that works straight on the store. The commands themselves live with
 * their feature ({@code devices}, {@code operators}, {@code enrol}, {@code broker}); {@code FleetMain}
 * assembles them. Imports no feature package, so that the features can import it.
 */
package org.doorstep.fleet.cli;
