/**
 * The fleet's HTTP face: REST under {@code /api} and {@code /health} (the console's pages are the
 * {@code console} package's). JSON only; ID numbers, names and operator ids are always masked in answers.
 */
package org.doorstep.fleet.web;
