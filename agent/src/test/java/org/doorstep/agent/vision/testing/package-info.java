/** Vision test fixtures: Debian test photos, the fetched models, MJPG videos synthesised from stills. */
package org.doorstep.agent.vision.testing;
