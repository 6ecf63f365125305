/**
 * The {@code doorstep-config} command line ({@link org.doorstep.config.cli.ConfigCli}): validate,
 * keygen, sign, verify, bundle. Not API: other modules use {@code profile}, {@code contract} and
 * {@code crypto} directly. Usage with examples: {@code docs/configuration.md}.
 */
package org.doorstep.config.cli;
