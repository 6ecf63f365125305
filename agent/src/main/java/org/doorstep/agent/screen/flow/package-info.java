/**
 * What the resident's screen shows, and when, as a pure state machine: {@link
 * org.doorstep.agent.screen.flow.ScreenFlow#next} maps a {@link org.doorstep.agent.screen.flow.ScreenState} and a
 * {@link org.doorstep.agent.screen.flow.ScreenInput} to a {@link org.doorstep.agent.screen.flow.ScreenStep} (the new
 * state and {@link org.doorstep.agent.screen.flow.ScreenEffect effects as data}); {@link
 * org.doorstep.agent.screen.flow.ScreenFlow#view} is the whole view a page gets. No Vert.x, no I/O, no clock.
 */
package org.doorstep.agent.screen.flow;
