package org.doorstep.agent.device.ipp;

import java.util.ArrayList;
import java.util.List;

/**
 * The requests the agent sends, laid out as RFC 8011 asks: IPP/2.0 (the version IPP Everywhere printers
 * and CUPS answer), {@code attributes-charset} and {@code attributes-natural-language} first (§4.1.4),
 * then the target ({@code printer-uri}, plus {@code job-id} for job operations, §4.1.5), then
 * {@code requesting-user-name}.
 */
public final class IppRequests {
  /** IPP/2.0 (PWG 5100.12). */
  public static final int MAJOR = 2;
  public static final int MINOR = 0;
  /** The natural language of the agent's requests (status-message texts come back in it where the printer can). */
  public static final String LANGUAGE = "zh-cn";
  /** The document format of every form. */
  public static final String PDF = "application/pdf";
  /** What the agent asks of the printer (RFC 8011 §5.4). */
  public static final List<String> PRINTER_ATTRIBUTES = List.of("printer-state", "printer-state-reasons",
      "printer-state-message", "printer-is-accepting-jobs", "document-format-supported", "printer-make-and-model");
  /** What the agent asks of a job (RFC 8011 §5.3). */
  public static final List<String> JOB_ATTRIBUTES = List.of("job-id", "job-state", "job-state-reasons",
      "job-state-message");

  private IppRequests() {}

  /** Get-Printer-Attributes (RFC 8011 §4.2.5) of {@link #PRINTER_ATTRIBUTES}. */
  public static IppMessage getPrinterAttributes(int requestId, String printerUri, String user) {
    List<IppAttribute> op = prelude(printerUri, user);
    op.add(IppAttribute.text("requested-attributes", IppTag.KEYWORD, PRINTER_ATTRIBUTES.toArray(String[]::new)));
    return message(IppOperation.GET_PRINTER_ATTRIBUTES, requestId, List.of(new IppGroup(IppTag.OPERATION_ATTRIBUTES, op)), new byte[0]);
  }

  /**
   * Print-Job (RFC 8011 §4.2.1) of one PDF on A4. {@code media} is sent without
   * {@code ipp-attribute-fidelity}, so a printer that lacks the keyword substitutes its default instead of
   * refusing the job.
   */
  public static IppMessage printJob(int requestId, String printerUri, String user, String jobName, byte[] pdf) {
    List<IppAttribute> op = prelude(printerUri, user);
    op.add(IppAttribute.text("job-name", IppTag.NAME_WITHOUT_LANGUAGE, jobName));
    op.add(IppAttribute.text("document-format", IppTag.MIME_MEDIA_TYPE, PDF));
    List<IppAttribute> job = List.of(IppAttribute.text("media", IppTag.KEYWORD, "iso_a4_210x297mm"));
    return message(IppOperation.PRINT_JOB, requestId,
        List.of(new IppGroup(IppTag.OPERATION_ATTRIBUTES, op), new IppGroup(IppTag.JOB_ATTRIBUTES, job)), pdf);
  }

  /** Get-Job-Attributes (RFC 8011 §4.3.4) of {@link #JOB_ATTRIBUTES} for {@code jobId}. */
  public static IppMessage getJobAttributes(int requestId, String printerUri, String user, int jobId) {
    List<IppAttribute> op = new ArrayList<>(prelude(printerUri, null));
    op.add(IppAttribute.integer("job-id", jobId));
    op.add(IppAttribute.text("requesting-user-name", IppTag.NAME_WITHOUT_LANGUAGE, user));
    op.add(IppAttribute.text("requested-attributes", IppTag.KEYWORD, JOB_ATTRIBUTES.toArray(String[]::new)));
    return message(IppOperation.GET_JOB_ATTRIBUTES, requestId, List.of(new IppGroup(IppTag.OPERATION_ATTRIBUTES, op)), new byte[0]);
  }

  private static List<IppAttribute> prelude(String printerUri, String user) {
    List<IppAttribute> op = new ArrayList<>();
    op.add(IppAttribute.text("attributes-charset", IppTag.CHARSET, "utf-8"));
    op.add(IppAttribute.text("attributes-natural-language", IppTag.NATURAL_LANGUAGE, LANGUAGE));
    op.add(IppAttribute.text("printer-uri", IppTag.URI, printerUri));
    if (user != null) {
      op.add(IppAttribute.text("requesting-user-name", IppTag.NAME_WITHOUT_LANGUAGE, user));
    }
    return op;
  }

  private static IppMessage message(IppOperation op, int requestId, List<IppGroup> groups, byte[] data) {
    return new IppMessage(MAJOR, MINOR, op.code(), requestId, groups, data);
  }
}
