/**
 * Test fixtures of the shared contract: sample message bodies, test keys, the decoder fuzz helpers
 * ({@link org.doorstep.config.testing.Fuzz}) and how property tests run QuickTheories
 * ({@link org.doorstep.config.testing.Theories}).
 */
package org.doorstep.config.testing;
