/**
 * What the resident sees and answers: the {@link org.doorstep.agent.local.Screen} port. The browser
 * screen (HTTP/WebSocket) and the bank-host API come in a later issue; {@code sim/} answers
 * automatically for the demo and tests.
 */
package org.doorstep.agent.local;
