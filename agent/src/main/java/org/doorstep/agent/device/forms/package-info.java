/**
 * A4 forms: the {@link org.doorstep.agent.device.forms.FormPrinter} port, the forms as data
 * ({@link org.doorstep.agent.device.forms.FormSheet}, built by {@link org.doorstep.agent.device.forms.FormTemplates}:
 * the registration application form 登记申请表, the certification proof 认证结果证明, a test page), and their
 * rendering to A4 PDF with the embedded CJK font ({@link org.doorstep.agent.device.forms.PdfFormRenderer},
 * PDFBox). {@code sim/} holds the in-memory printer of the SIMULATED driver. The IPP adapter lives in
 * {@code device.ipp}. See agent/docs/forms-and-ipp.md.
 */
package org.doorstep.agent.device.forms;
