/**
 * Remote control of the kiosk by its fleet (issue #6): signed config bundles applied atomically with a
 * last known good ({@link org.doorstep.agent.remote.ConfigSlots}, {@link org.doorstep.agent.remote.EffectiveConfig}),
 * signed commands dispatched to registered {@link org.doorstep.agent.remote.CommandHandler}s, replay and
 * rollback floors that survive restarts ({@link org.doorstep.agent.remote.ControlStore}), and signed reports of
 * every outcome. {@link org.doorstep.agent.remote.RemoteControl} wires them to the uplink; the verification
 * rules themselves are firmware-config's {@code org.doorstep.config.bundle}. See docs/wire-protocol.md section 8.
 */
package org.doorstep.agent.remote;
