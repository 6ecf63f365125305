/**
 * Device enrolment (issue #6): the fleet CA ({@link org.doorstep.fleet.enrol.FleetCa}, created on
 * first start or imported), one-time enrolment tokens bound to a device id and region, and the
 * exchange token + CSR → device certificate ({@link org.doorstep.fleet.enrol.EnrolmentService},
 * REST in {@link org.doorstep.fleet.enrol.EnrolmentApi}). The CSR and certificate rules are
 * firmware-config's ({@link org.doorstep.config.crypto.DeviceCa}); this package adds storage and
 * the token rules.
 */
package org.doorstep.fleet.enrol;
