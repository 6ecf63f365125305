/**
 * What the resident sees and answers: the {@link org.doorstep.agent.local.Screen} port; and the kiosk's health
 * for local host software: the HTTP API ({@link org.doorstep.agent.local.LocalHttpServer}, {@code /api/health})
 * and the OPC UA health namespace ({@link org.doorstep.agent.local.HealthOpcUaServer}, given the agent's version
 * by its caller). The screen's browser adapter is {@code org.doorstep.agent.screen.BrowserScreen}; the bank-host API is
 * {@code xfs/}; {@code sim/} answers automatically for the demo and tests.
 */
package org.doorstep.agent.local;
