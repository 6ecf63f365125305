/**
 * The v1 wire contract between kiosk agent and fleet manager: MQTT topics, message types, the
 * envelope every message travels in, its canonical bytes and how it is signed.
 *
 * <p>The normative description is {@code docs/wire-protocol.md} at the repository root; this package
 * is its reference implementation. Everything the agent and the fleet exchange is built and parsed
 * here, so the two sides cannot drift apart.
 */
package org.doorstep.config.contract;
