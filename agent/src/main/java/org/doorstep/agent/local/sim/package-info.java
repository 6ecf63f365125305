/** A screen that answers by itself, for the demo and tests. */
package org.doorstep.agent.local.sim;
