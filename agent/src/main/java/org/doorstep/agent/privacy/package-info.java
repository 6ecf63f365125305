/**
 * Personal data at rest on the kiosk: the device's data-encryption key ({@link
 * org.doorstep.agent.privacy.DataKeyStore}, file store by default), the encrypted evidence store
 * ({@link org.doorstep.agent.privacy.EvidenceStore}) and retention ({@link
 * org.doorstep.agent.privacy.PurgeJob}: records and evidence purged after the fleet's answer plus
 * {@code policy.retention}, bytes gone from the database files).
 */
package org.doorstep.agent.privacy;
