/**
 * The fleet's HTTP face: REST under {@code /api} and {@code /health} (the console's pages are the
 * {@code console} package's), and the OpenAPI description of all of it ({@link org.doorstep.fleet.web.OpenApiDescription},
 * {@code /api/openapi.json}). JSON only; ID numbers, names and operator ids are always masked in answers.
 */
package org.doorstep.fleet.web;
