/**
 * The ArchUnit rules every module's architecture tests share ({@link org.doorstep.config.testing.architecture.ArchitectureRules}):
 * no package cycles, no import of a forbidden module, and "pure" code free of Vert.x, threads and clocks of its own.
 * Published in firmware-config's test-jar (the only package in it), which agent and fleet-manager use with
 * {@code <type>test-jar</type><scope>test</scope>}; each module keeps its own rules (what is pure, what may
 * not be imported) and its tests that every rule catches a planted violation.
 */
package org.doorstep.config.testing.architecture;
