/**
 * Liveness: the active challenges (blink, turn left/right, nod, open mouth) as a pure state machine fed by
 * per-frame measurements ({@link org.doorstep.agent.vision.liveness.ChallengeMachine}), and the passive
 * checks against a photo held up to the camera ({@link org.doorstep.agent.vision.liveness.MotionCheck}; the
 * faceplugin anti-spoof model as one advisory signal, {@link org.doorstep.agent.vision.liveness.AntiSpoofModel}).
 */
package org.doorstep.agent.vision.liveness;
