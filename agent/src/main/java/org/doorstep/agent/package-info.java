/**
 * The kiosk agent: {@link org.doorstep.agent.AgentMain} (command line) and
 * {@link org.doorstep.agent.AgentVerticle} (lifecycle, remote control and the API of a running agent). The
 * services for one configuration are one immutable value, {@link org.doorstep.agent.RunningServices}, built by
 * {@link org.doorstep.agent.ServiceStartup} in one flat chain of steps and closed in reverse order; a new config
 * swaps it. Wiring only: logic lives in the feature packages below this one, and none of them imports this one
 * ({@code architecture.ArchitectureTest}).
 */
package org.doorstep.agent;
