/**
 * Keys and signatures shared by agent and fleet: Ed25519 (default) and SM2 with SM3 (国密 mode),
 * both through Bouncy Castle.
 *
 * <p>Every signature names its algorithm ({@link org.doorstep.config.crypto.SignatureAlgorithm#wireName()})
 * and the key that made it ({@link org.doorstep.config.crypto.KeyId}); a verifier never guesses.
 * Keys are stored as PEM (PKCS#8 private, SubjectPublicKeyInfo public), written with owner-only
 * permissions where the file system supports them.
 */
package org.doorstep.config.crypto;
