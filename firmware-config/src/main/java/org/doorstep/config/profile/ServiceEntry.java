package org.doorstep.config.profile;

/**
 * One service of the catalog.
 *
 * @param id      {@code certification}, {@code registration}, {@code information-change} or {@code proof-print}
 * @param enabled whether the terminal offers it now
 */
public record ServiceEntry(String id, Boolean enabled) {}
