/**
 * Verification of what the fleet signs for a device: config bundles ({@link
 * org.doorstep.config.bundle.ConfigBundleVerifier}) and commands ({@link
 * org.doorstep.config.bundle.CommandVerifier}). Pure: no I/O, time from an injected
 * {@link java.time.Clock}. A refusal is a value carrying a reason word, which the agent reports
 * upstream (in {@code state} or a {@code command-result}) and logs; see {@code docs/wire-protocol.md}
 * section 8.
 */
package org.doorstep.config.bundle;
