package org.doorstep.agent.device.forms;

import java.util.List;
import java.util.Objects;

/**
 * One A4 form as data: a title and blocks from top to bottom, laid out by {@link PdfFormRenderer}. Built by
 * {@link FormTemplates}. A sheet may hold personal data (the application form carries the applicant's full
 * identity for signing), so {@link #toString()} shows only the job name and the number of blocks.
 *
 * @param jobName  the IPP job-name: the form and its record id, never a name or ID number
 * @param title    the form's title (largest text, centred)
 * @param subtitle a line under the title (e.g. the English title); empty for none
 * @param blocks   the content, in order
 */
public record FormSheet(String jobName, String title, String subtitle, List<Block> blocks) {
  public FormSheet {
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(subtitle, "subtitle");
    blocks = List.copyOf(blocks);
    if (jobName.isBlank()) {
      throw new IllegalArgumentException("jobName: must not be blank");
    }
  }

  @Override
  public String toString() {
    return "FormSheet[" + jobName + ", " + blocks.size() + " blocks]";
  }

  /** A part of a form. */
  public sealed interface Block permits Section, Fields, Paragraph, Signatures, Verification {}

  /** A section heading with a rule under it (一、申请人身份信息). */
  public record Section(String heading) implements Block {
    public Section {
      Objects.requireNonNull(heading, "heading");
    }
  }

  /** Boxed label/value cells, two per row; a {@link Field#wide()} field takes a whole row. */
  public record Fields(List<Field> fields) implements Block {
    public Fields {
      fields = List.copyOf(fields);
    }
  }

  /** One cell: a label and its value (empty value: a box to fill in by hand). */
  public record Field(String label, String value, boolean wide) {
    public Field {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(value, "value");
    }

    public static Field of(String label, String value) {
      return new Field(label, value, false);
    }

    public static Field wide(String label, String value) {
      return new Field(label, value, true);
    }
  }

  /** Running text, wrapped to the page width. */
  public record Paragraph(String text) implements Block {
    public Paragraph {
      Objects.requireNonNull(text, "text");
    }
  }

  /** Signature boxes side by side, each with its label and a date line (申请人签名 / 日期). */
  public record Signatures(List<String> labels) implements Block {
    public Signatures {
      labels = List.copyOf(labels);
      if (labels.isEmpty() || labels.size() > 3) {
        throw new IllegalArgumentException("labels: 1 to 3 signature boxes, was " + labels.size());
      }
    }
  }

  /** The bottom strip: lines of text on the left (terminal, record id, time), a QR code of {@code qrPayload} on the right. */
  public record Verification(List<String> lines, String qrPayload) implements Block {
    public Verification {
      lines = List.copyOf(lines);
      Objects.requireNonNull(qrPayload, "qrPayload");
    }
  }
}
