/**
 * The agent's own log as the fleet may see it: {@link org.doorstep.agent.logging.RecentLogs} keeps the last
 * lines of the log in memory (a Logback appender, bounded in bytes) and {@link org.doorstep.agent.logging.LogMasker}
 * masks anything that looks like an ID or phone number before a line leaves the kiosk (the {@code fetch-logs}
 * command). Code never logs names or unmasked ID numbers in the first place; the masker is the second line.
 */
package org.doorstep.agent.logging;
