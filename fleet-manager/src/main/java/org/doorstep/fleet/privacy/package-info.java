/**
 * Personal data at rest at the fleet: the data-encryption key that seals {@code records.body}
 * ({@link org.doorstep.fleet.privacy.FleetDataKey}) and the retention purge of personal fields
 * ({@link org.doorstep.fleet.privacy.RetentionJob}).
 */
package org.doorstep.fleet.privacy;
