/**
 * Signed commands to devices ({@link org.doorstep.fleet.commands.CommandService}): nonce, expiry and target
 * device, signed with the fleet config key, stored and published on the device's commands topic; the
 * devices' signed {@code command-result}s verified, stored and exposed ({@link org.doorstep.fleet.commands.CommandApi},
 * CLI {@code fleet-manager commands}). See docs/wire-protocol.md section 8.
 */
package org.doorstep.fleet.commands;
