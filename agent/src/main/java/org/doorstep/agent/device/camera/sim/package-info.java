/** A scripted face check for the demo and tests. */
package org.doorstep.agent.device.camera.sim;
