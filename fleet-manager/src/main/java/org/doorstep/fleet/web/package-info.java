/**
 * The fleet's HTTP face: REST under {@code /api}, {@code /health}, and a small dashboard at
 * {@code /}. JSON only; ID numbers, names and operator ids are always masked in answers.
 */
package org.doorstep.fleet.web;
