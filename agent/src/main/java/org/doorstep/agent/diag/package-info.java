/**
 * Diagnostics for field technicians: the {@code agent diag reader|sscard|printer|gpio} subcommands (picocli), each
 * talking to one peripheral with the real driver and printing what it finds in words, masked, with exit codes
 * a person can act on ({@code --help} lists them; agent/README.md too). Each can run against its simulator
 * ({@code --simulate} on a pty, {@code --mock} for Pi4J) so the commands are tested without hardware. Run
 * them with the agent stopped: serial ports are exclusive. {@link org.doorstep.agent.diag.DurationConverter} parses
 * the durations of every agent command line ({@code 2s}, {@code 500ms}, ISO-8601).
 */
package org.doorstep.agent.diag;
