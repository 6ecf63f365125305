/**
 * IPP/2.0 client for A4 form printers (IPP Everywhere printers and CUPS queues): the RFC 8010 binary
 * encoding ({@link org.doorstep.agent.device.ipp.IppCodec}, pure), the RFC 8011 operations the agent uses
 * over HTTP POST {@code application/ipp} ({@link org.doorstep.agent.device.ipp.IppClient}), job
 * following as a plain state machine ({@link org.doorstep.agent.device.ipp.JobFollow}), printer-state-reasons
 * in words ({@link org.doorstep.agent.device.ipp.StateReasons}) and the {@code FormPrinter} adapter
 * ({@link org.doorstep.agent.device.ipp.IppFormPrinter}). {@code sim/} holds an IPP printer simulator that
 * answers over real HTTP with the same codec. See agent/docs/forms-and-ipp.md.
 */
package org.doorstep.agent.device.ipp;
