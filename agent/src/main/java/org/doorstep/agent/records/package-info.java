/**
 * Records: build a {@link org.doorstep.config.contract.CertificationRecord} from a finished session
 * ({@link org.doorstep.agent.records.RecordFactory}), sign it with the device key ({@link
 * org.doorstep.agent.records.DeviceKeys}) and commit it to the durable {@link
 * org.doorstep.agent.records.Outbox} before anything else happens. A record leaves the outbox's
 * pending set only when the fleet acks it.
 */
package org.doorstep.agent.records;
