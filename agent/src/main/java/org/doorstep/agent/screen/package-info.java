/**
 * The resident's screen as a web page on loopback for a full-screen Chromium: {@link
 * org.doorstep.agent.screen.BrowserScreen}, the {@link org.doorstep.agent.local.Screen} port's browser adapter. What
 * the page shows and when is the pure {@link org.doorstep.agent.screen.flow.ScreenFlow}; the page's ES modules and
 * CSS are resources under {@code screen-web/} (agent/docs/kiosk-screen.md).
 */
package org.doorstep.agent.screen;
