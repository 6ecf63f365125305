/**
 * The kiosk's identity (issue #6): its keys and certificates, enrolment with the fleet over HTTPS,
 * and renewal before expiry.
 *
 * <ul>
 *   <li>{@link org.doorstep.agent.identity.IdentityStore}: the key-store port. Keys are generated and
 *       used inside it (CSRs are signed there): the private keys never leave the kiosk.
 *       {@link org.doorstep.agent.identity.FileIdentityStore} is the default: PEM files in the data dir
 *       ({@link org.doorstep.agent.identity.IdentityFiles}), keys 0600, every write atomic. A PKCS#11 /
 *       TPM adapter is designed in docs/identity-and-operators.md, not built (no hardware here).</li>
 *   <li>{@link org.doorstep.agent.identity.EnrolmentClient}: {@code POST /api/enrol} with the one-time
 *       token (first HTTPS contact pinned by the fleet TLS CA's SHA-256 fingerprint, or a provisioned
 *       {@code tls-ca.pem}) and {@code POST /api/renew} authenticated by the current TLS client
 *       certificate (mutual TLS). TLS 1.3 only, host names checked.</li>
 *   <li>{@link org.doorstep.agent.identity.RenewalPlan}: when to renew or retry (pure), and
 *       {@link org.doorstep.agent.identity.DeviceIdentityService}: enrolment on first boot, renewal timers,
 *       and {@link org.doorstep.agent.identity.CurrentTlsIdentity}, the {@code Supplier<TlsIdentity>} the
 *       MQTT uplink consults at every connect.</li>
 * </ul>
 */
package org.doorstep.agent.identity;
